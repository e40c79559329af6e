/**
 * `$ref` confinement and `$ref`s that are data: a local file reference
 * resolves only inside the ref root, symlinks resolved first; remote refs are never fetched; a `$ref`
 * inside example data or an `x-` extension is never read nor refused, and what it names never
 * reaches the output; `properties: { $ref }` stands for the whole map and resolves.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { apiConfig, resolvedConfig } from "../generator/config/index.ts";
import { emitSchemaTypes } from "../generator/pipeline/emit.ts";
import { formatUserError, UserError } from "../generator/errors.ts";
import { loadSpec, readSourceFile, type LoadOptions } from "../generator/spec/load.ts";
import { closeRunContext, createRunContext, generateApi, type RunContext } from "../generator/pipeline/run.ts";
import { bundleSpec } from "../generator/spec/refs.ts";
import { validateSpec } from "../generator/pipeline/validate.ts";
import { scratchCopy } from "./support/tree.ts";

const SECRET = "hunter2-do-not-leak";

/** A project folder `proj/` (the ref root) beside a folder `outside/` holding a secret. */
function project(files: Record<string, string>): { dir: string; root: string; secret: string } {
  const dir = scratchCopy("contractgen-refs");
  const secret = join(dir, "outside/secret.yaml");
  mkdirSync(dirname(secret), { recursive: true });
  mkdirSync(join(dir, "proj"));
  writeFileSync(secret, `Secret:\n  type: string\n  description: ${SECRET}\n`);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, "proj", path)), { recursive: true });
    writeFileSync(join(dir, "proj", path), text);
  }
  return { dir, root: join(dir, "proj"), secret };
}

/** An OpenAPI document with one operation answering schema `A`, and `schemas` as its components. */
const spec = (schemas: string) => `openapi: 3.1.0
info: { title: T, version: "1" }
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/A" }
components:
  schemas:
${schemas}`;

/** loadSpec that records every file it reads. */
function loadRecording(path: string, options: LoadOptions = {}) {
  const read: string[] = [];
  const load = () =>
    loadSpec(path, {
      ...options,
      readFile: (file, from) => {
        read.push(file);
        return readSourceFile(file, from);
      },
    });
  return { read, load };
}

function refusal(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error("expected a UserError");
}

describe("local file $refs stay inside the ref root", () => {
  it("refuses an absolute path outside the root, at the $ref's position, naming refRoot, without reading it", () => {
    const { root, secret } = project({});
    writeFileSync(join(root, "api.yaml"), spec(`    A: { $ref: "${secret}#/Secret" }\n`));
    const { read, load } = loadRecording(join(root, "api.yaml"));
    const error = refusal(load);
    expect(error.message).toBe(`$ref ${JSON.stringify(`${secret}#/Secret`)} leaves the ref root: it resolves to ${secret}, outside ${root}`);
    expect(error.position).toMatchObject({ file: join(root, "api.yaml"), line: 15, col: 10 });
    expect(error.pointer).toBe("/components/schemas/A/$ref");
    expect(error.hint).toMatch(/`refRoot`/);
    expect(read).toEqual([join(root, "api.yaml")]);
  });

  it("refuses a `..` escape, also when percent-encoded", () => {
    const { root } = project({ "spec/api.yaml": spec(`    A: { $ref: "../../outside/secret.yaml#/Secret" }\n    B: { $ref: "../%2e%2e/outside/secret.yaml#/Secret" }\n`) });
    const error = refusal(() => loadSpec(join(root, "spec/api.yaml"), { refRoot: root }));
    expect(formatUserError(error, root)).toMatch(/^spec\/api\.yaml:15:10: error: \$ref "\.\.\/\.\.\/outside\/secret\.yaml#\/Secret" leaves the ref root/);
    const encoded = project({ "api.yaml": spec(`    B: { $ref: "%2e%2e/outside/secret.yaml#/Secret" }\n`) });
    expect(refusal(() => loadSpec(join(encoded.root, "api.yaml"))).message).toMatch(/leaves the ref root/);
  });

  it("refuses a symlink inside the root that points out (file or folder), before reading it", () => {
    const { root, secret } = project({ "api.yaml": spec(`    A: { $ref: "linked.yaml#/Secret" }\n`), "folder.yaml": spec(`    A: { $ref: "out/secret.yaml#/Secret" }\n`) });
    symlinkSync(secret, join(root, "linked.yaml"));
    symlinkSync(dirname(secret), join(root, "out"));
    const { read, load } = loadRecording(join(root, "api.yaml"));
    expect(refusal(load).message).toBe(`$ref "linked.yaml#/Secret" leaves the ref root: it resolves to ${secret}, outside ${root}`);
    expect(read).toEqual([join(root, "api.yaml")]);
    expect(refusal(() => loadSpec(join(root, "folder.yaml"))).message).toMatch(/resolves to .*outside\/secret\.yaml, outside/);
  });

  it("follows a ref inside the root, through a sub-folder and a symlink that stays inside", () => {
    const { root } = project({
      "api.yaml": spec(`    A: { $ref: "schemas/a.yaml" }\n    B: { $ref: "alias.yaml#/B" }\n`),
      "schemas/a.yaml": "type: object\nproperties:\n  b: { $ref: '../shared.yaml#/B' }\n",
      "shared.yaml": "B: { type: string }\n",
    });
    symlinkSync(join(root, "shared.yaml"), join(root, "alias.yaml"));
    const loaded = loadSpec(join(root, "api.yaml"));
    expect([...loaded.files.keys()].sort()).toEqual(["alias.yaml", "api.yaml", "schemas/a.yaml", "shared.yaml"].map((f) => join(root, f)));
    expect(loaded.refRoot).toBe(root);
    expect(() => validateSpec(loaded)).not.toThrow();
  });

  it("refRoot widens the root: a sibling folder is refused by default and followed once refRoot holds it", () => {
    const { root } = project({ "spec/api.yaml": spec(`    A: { $ref: "../shared/a.yaml" }\n`), "shared/a.yaml": "type: string\n" });
    expect(refusal(() => loadSpec(join(root, "spec/api.yaml"))).message).toMatch(/leaves the ref root/);
    expect(loadSpec(join(root, "spec/api.yaml"), { refRoot: root }).files.size).toBe(2);
  });

  it("never fetches a remote ref: load leaves it, validate refuses it with a position", () => {
    const { root } = project({ "api.yaml": spec(`    A: { $ref: "https://example.invalid/schemas.yaml#/A" }\n`) });
    const { read, load } = loadRecording(join(root, "api.yaml"));
    const loaded = load();
    expect(read).toEqual([join(root, "api.yaml")]);
    const error = refusal(() => validateSpec(loaded));
    expect(error.message).toBe("remote $ref is not supported: https://example.invalid/schemas.yaml#/A");
    expect(error.position).toMatchObject({ line: 15, col: 10 });
  });
});

describe("a $ref inside data is data", () => {
  const contexts: RunContext[] = [];
  afterAll(async () => {
    for (const ctx of contexts) await closeRunContext(ctx);
  });
  async function generate(root: string, file: string) {
    const api = apiConfig({ name: "t", spec: join(root, file), output: join(root, "out/t") });
    const ctx = createRunContext(resolvedConfig(root, [api]));
    contexts.push(ctx);
    return generateApi(api, ctx);
  }
  const dataRefs = (target: string) => `    A:
      type: object
      example: { $ref: "${target}" }
      examples: [{ $ref: "${target}" }]
      default: { $ref: "${target}" }
      x-vendor: { nested: { $ref: "${target}" } }
      properties:
        example: { $ref: "#/components/schemas/B" }
        x-name: { type: string, x-note: { $ref: "https://example.invalid/x" } }
    B:
      type: string
      enum: [{ $ref: "${target}" }]
`;

  it("an example, examples, default, enum or x- extension $ref is never read nor refused, and a property named example still resolves", () => {
    const { root, secret } = project({});
    writeFileSync(join(root, "api.yaml"), spec(dataRefs(secret)));
    const { read, load } = loadRecording(join(root, "api.yaml"));
    const loaded = load();
    expect(read).toEqual([join(root, "api.yaml")]);
    expect(() => validateSpec(loaded)).not.toThrow();
    expect((loaded.root.data as any).components.schemas.A.example).toEqual({ $ref: secret });
  });

  it("Example Objects: `value` is data, a $ref naming a components example is followed", () => {
    const { root } = project({
      "api.yaml": spec(`    A: { type: string }\n`).replace(
        '              schema: { $ref: "#/components/schemas/A" }\n',
        '              schema: { $ref: "#/components/schemas/A" }\n              examples:\n                one: { value: { $ref: "../outside/secret.yaml" } }\n                two: { $ref: "examples.yaml#/Two" }\n',
      ),
      "examples.yaml": "Two:\n  value: { $ref: '/etc/passwd' }\n",
    });
    const loaded = loadSpec(join(root, "api.yaml"));
    expect([...loaded.files.keys()].sort()).toEqual([join(root, "api.yaml"), join(root, "examples.yaml")]);
    expect(() => validateSpec(loaded)).not.toThrow();
  });

  it("generation of a single-file spec with data refs to outside files: nothing of them in the output", async () => {
    const { root, secret } = project({});
    writeFileSync(join(root, "api.yaml"), spec(dataRefs(secret)));
    const generated = await generate(root, "api.yaml");
    for (const [name, text] of generated.files) expect(text, name).not.toContain(SECRET);
    expect(generated.files.get("schema.ts")).toContain(secret); // the example, as written
  });

  it("a multi-file spec bundled for emit serves only loaded files: data refs stay as written, the secret never appears", async () => {
    const { root } = project({
      "api.yaml": spec(`${dataRefs("../outside/secret.yaml")}    C: { $ref: "c.yaml" }\n`).replace(
        '              schema: { $ref: "#/components/schemas/A" }\n',
        '              schema: { $ref: "#/components/schemas/A" }\n              examples:\n                ext: { externalValue: "../outside/secret.yaml" }\n',
      ),
      "c.yaml": "type: object\nexample: { $ref: '../outside/secret.yaml' }\nx-more: { $ref: '../outside/secret.yaml' }\n",
    });
    const loaded = loadSpec(join(root, "api.yaml"));
    validateSpec(loaded);
    const bundled = await bundleSpec(loaded);
    expect(JSON.stringify(bundled)).not.toContain(SECRET);
    expect((bundled as any).components.schemas.c).toEqual({ type: "object", example: { $ref: "../outside/secret.yaml" }, "x-more": { $ref: "../outside/secret.yaml" } });
    const types = emitSchemaTypes(bundled, loaded.rootPath);
    expect(types).not.toContain(SECRET);
    expect(types).toContain('"$ref": "../outside/secret.yaml"');
  });
});

describe("properties: { $ref } stands for the whole map", () => {
  it("resolves across files: the map is inlined, its own refs rebased to the file it now sits in", () => {
    const { root } = project({
      "api.yaml": spec(`    A:\n      type: object\n      properties: { $ref: "models/props.yaml" }\n    Local:\n      type: object\n      properties: { $ref: "#/components/x-maps/Local" }\n`) + "  x-maps:\n    Local: { id: { type: integer } }\n",
      "models/props.yaml": "id: { type: string }\nowner: { $ref: 'owner.yaml' }\nself: { $ref: '#/id' }\n",
      "models/owner.yaml": "type: object\nproperties: { $ref: 'owner-props.yaml' }\n",
      "models/owner-props.yaml": "name: { type: string }\n",
    });
    const loaded = loadSpec(join(root, "api.yaml"));
    const schemas = (loaded.root.data as any).components.schemas;
    expect(schemas.A.properties).toEqual({ id: { type: "string" }, owner: { $ref: "models/owner.yaml" }, self: { $ref: "models/props.yaml#/id" } });
    expect(schemas.Local.properties).toEqual({ id: { type: "integer" } });
    expect((loaded.files.get(join(root, "models/owner.yaml"))!.data as any).properties).toEqual({ name: { type: "string" } });
    expect(() => validateSpec(loaded)).not.toThrow();
  });

  it("a map that contains itself is left as written instead of inlined forever", () => {
    const { root } = project({
      "api.yaml": spec(`    A:\n      type: object\n      properties: { $ref: "props.yaml" }\n`),
      "props.yaml": "child:\n  type: object\n  properties: { $ref: 'props.yaml' }\n",
    });
    const A = (loadSpec(join(root, "api.yaml")).root.data as any).components.schemas.A;
    expect(A.properties.child.properties).toEqual({ $ref: "props.yaml" });
  });
});
