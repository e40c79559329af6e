/**
 * Golden tests: small fixture specs in, the whole generated folder out, compared file by file with
 * the expected output committed next to each fixture (update with `npx vitest run -u` and review).
 */
import { readFileSync } from "node:fs";
import { format } from "prettier";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { apiConfig, loadConfig, PROBLEM_DETAILS, resolvedConfig, type ApiConfig } from "../generator/config/index.ts";
import openapiTS, { addJSDocComment, astToString } from "openapi-typescript";
import ts from "typescript";
import { createSchemaAliases } from "../generator/pipeline/schema-aliases.ts";
import { emitSchemaTypes, withBoundsInDescriptions } from "../generator/pipeline/emit.ts";
import { contractgenVersion } from "../generator/package-root.ts";
import { bundleSpec } from "../generator/spec/refs.ts";
import { loadSpec } from "../generator/spec/load.ts";
import { PRETTIER_OPTIONS } from "../generator/pipeline/format.ts";
import {
  closeRunContext,
  createRunContext,
  generateAll,
  generateApi,
  generateRuntime,
  outputsOf,
} from "../generator/pipeline/run.ts";
import { readFolder } from "../generator/pipeline/write.ts";

const fixtures = fileURLToPath(new URL("./fixtures/generate/", import.meta.url));
const root = fileURLToPath(new URL("..", import.meta.url));

const cases: { name: string; api: Pick<ApiConfig, "name" | "errorEnvelope"> }[] = [
  { name: "minimal", api: { name: "minimal", errorEnvelope: PROBLEM_DETAILS } },
  { name: "problem-details-3.0", api: { name: "pets", errorEnvelope: PROBLEM_DETAILS } },
  {
    name: "custom-envelope",
    api: {
      name: "widgets",
      errorEnvelope: {
        code: "/error/kind",
        message: ["/error/text"],
        fieldErrors: { items: "/error/fields", location: "/name", code: "/reason", message: "/reason" },
      },
    },
  },
];

const fixtureApi = (name: string, api: Pick<ApiConfig, "name" | "errorEnvelope">) =>
  apiConfig({ ...api, spec: `${fixtures}${name}/spec.yaml`, output: `${fixtures}${name}/expected` });

describe("golden output", () => {
  const ctx = createRunContext(resolvedConfig(fixtures, [], { runtimeOutput: `${fixtures}runtime` }));
  for (const { name, api } of cases) {
    it(`${name} generates its expected files`, async () => {
      const generated = await generateApi(fixtureApi(name, api), ctx);
      expect([...generated.files.keys()]).toEqual(["client.ts", "core.ts", "errors.ts", "functions.ts", "index.ts", "operations.ts", "schema.ts"]);
      for (const [file, content] of generated.files) {
        await expect(content).toMatchFileSnapshot(`${fixtures}${name}/expected/${file}`);
      }
    });
  }

  it("pins literal codes through allOf, enum and oneOf, and leaves unpinned codes open", async () => {
    const generated = await generateApi(fixtureApi("problem-details-3.0", cases[1]!.api), ctx);
    const getPet = generated.model.operations.find((o) => o.operationId === "get-pet")!;
    expect(getPet.typeName).toBe("GetPet");
    expect(getPet.errors.map((e) => [e.status, e.codes])).toEqual([
      ["404", ["pet_not_found", "owner_not_found"]],
      ["4XX", undefined],
      ["default", undefined],
    ]);
    const deletePet = generated.model.operations.find((o) => o.operationId === "deletePet")!;
    expect(deletePet.errors.map((e) => e.codes)).toEqual([["open_orders", "pending_payment"]]);
    expect(getPet.scopes).toEqual(["pets:read"]);
    expect(generated.model.defaultBaseUrl).toBe("https://pets.example.com/v1");
  });
});

describe("schema types", () => {
  it.each([
    "spec/hostup.yaml",
    "spec/aether.yaml",
    "test/fixtures/generate/problem-details-3.0/spec.yaml",
    "test/fixtures/generate/minimal/spec.yaml",
  ])("%s: openapi-typescript's transform called directly gives what its entry point gives with the same hooks", async (file) => {
    const spec = loadSpec(`${root}${file}`);
    const direct = emitSchemaTypes(await bundleSpec(spec), spec.rootPath);
    expect(direct).toContain("export interface paths");
    const aliases = createSchemaAliases(ts, (schema, node) => addJSDocComment(schema as never, node as never));
    const entryPoint = await openapiTS(withBoundsInDescriptions(spec.root.data) as Parameters<typeof openapiTS>[0], {
      alphabetize: true,
      silent: true,
      cwd: pathToFileURL(spec.rootPath),
      postTransform: aliases.postTransform,
    });
    expect(direct).toBe(astToString([...entryPoint, ...aliases.declarations()]));
  });
});

describe("the shared runtime", () => {
  it("is templates/runtime/*.ts as they are, prettier-clean, behind a header naming the contractgen version and skipping the consumer's type-check", async () => {
    const ctx = createRunContext(resolvedConfig(fixtures, [], { runtimeOutput: "/unused/runtime" }));
    await closeRunContext(ctx);
    const runtime = generateRuntime(ctx);
    expect(runtime.files.has("index.ts")).toBe(true);
    for (const [file, content] of runtime.files) {
      const source = readFileSync(`${root}templates/runtime/${file}`, "utf8");
      expect(content.endsWith(source), file).toBe(true);
      const header = content.slice(0, content.length - source.length);
      expect(header).toContain(`contractgen ${contractgenVersion()} runtime`);
      // checked in contractgen (test/typecheck.test.ts), skipped by the application's tsc
      expect(header).toMatch(/^\/\/ @ts-nocheck$/m);
      expect(await format(content, { ...PRETTIER_OPTIONS, filepath: file }), file).toBe(content);
    }
  });

  it("with importExtension .ts, the runtime's own imports end in .ts and the API folders import it so", async () => {
    const ctx = createRunContext(
      resolvedConfig(fixtures, [], { runtimeOutput: `${fixtures}runtime`, importExtension: ".ts" }),
    );
    try {
      const runtime = generateRuntime(ctx);
      const sources = [...runtime.files.values()].join("\n");
      expect(sources).not.toMatch(/from "\.\.?\/[^"]+\.js"/);
      const generated = await generateApi(fixtureApi("minimal", cases[0]!.api), ctx);
      expect(generated.files.get("client.ts")).toContain('from "../../runtime/index.ts"');
      expect(generated.files.get("client.ts")).toContain('from "./operations.ts"');
      expect(generated.files.get("operations.ts")).toContain('from "./errors.ts"');
    } finally {
      await closeRunContext(ctx);
    }
  });

  it("an ad hoc --out run carries the runtime inside its folder; a config run writes it once beside the APIs", async () => {
    const ctx = createRunContext(
      resolvedConfig(fixtures, [], { runtimeOutput: `${fixtures}minimal/expected/runtime` }),
    );
    try {
      const generated = await generateApi(fixtureApi("minimal", cases[0]!.api), ctx);
      const [only, ...rest] = outputsOf([generated], generateRuntime(ctx));
      expect(rest).toEqual([]);
      expect(only!.files.has("runtime/index.ts")).toBe(true);
      expect(generated.files.get("client.ts")).toContain('from "./runtime/index.js"');
    } finally {
      await closeRunContext(ctx);
    }
    const config = await loadConfig(undefined, root);
    expect(config.runtimeOutput).toBe(`${root}generated/runtime`);
  });
});

describe("committed generated/", () => {
  it("equals a fresh generation from spec/ (run `npm run generate` if this fails)", async () => {
    const config = await loadConfig(undefined, root);
    const ctx = createRunContext(config);
    try {
      const generated = await generateAll(config, ctx);
      expect(generated.map((g) => g.api.name)).toEqual(["hostup", "aether"]);
      for (const output of outputsOf(generated, generateRuntime(ctx))) {
        expect(readFolder(output.dir)).toEqual(output.files);
      }
    } finally {
      await closeRunContext(ctx);
    }
  });

  it("names the spec file in every API file's header, with no hash and no timestamp", () => {
    for (const api of ["hostup", "aether"]) {
      for (const [file, content] of readFolder(`${root}generated/${api}`)) {
        expect(content.split("\n")[1], `${api}/${file}`).toBe(` * Generated by contractgen from spec/${api}.yaml.`);
        const header = content.split("\n").slice(0, 4).join("\n");
        expect(header).not.toMatch(/\b20\d\d-\d\d-\d\d|[0-9a-f]{32}/);
      }
    }
  });
});
