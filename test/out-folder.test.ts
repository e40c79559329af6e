/**
 * The output folder belongs to contractgen or is refused: a folder is replaced as a whole,
 * so it must be new, empty, or hold only what contractgen wrote (its manifest, or the generated header
 * for output written before manifests), and never a project folder, the spec's or the config's folder,
 * or `/`. A refusal is one line saying why and what to pass instead, and changes nothing on disk.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatUserError, UserError } from "../generator/errors.ts";
import { GENERATED_MARKER, MANIFEST, manifestText, readFolder, writeOutputs, type OutputFolder, type WriteOptions } from "../generator/pipeline/write.ts";
import { scratchCopy, snapshotTree } from "./support/tree.ts";

const generated = (name: string) => `/** ${GENERATED_MARKER} from spec/api.yaml. */\nexport const ${name} = 1;\n`;
const files = () => new Map([["client.ts", generated("client")], ["schema.ts", generated("schema")]]);

/** The refusal writeOutputs throws, after checking that nothing under `root` changed. */
function refusal(root: string, outputs: OutputFolder[], options?: WriteOptions): UserError {
  const before = snapshotTree(root);
  let error: unknown;
  try {
    writeOutputs(outputs, options);
  } catch (err) {
    error = err;
  }
  expect(snapshotTree(root)).toEqual(before);
  expect(error).toBeInstanceOf(UserError);
  const refused = error as UserError;
  expect(refused.kind).toBe("usage");
  expect(formatUserError(refused, root).split("\n")).toHaveLength(1);
  return refused;
}

function write(root: string, entries: Record<string, string>): void {
  for (const [path, text] of Object.entries(entries)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

describe("an output folder that is not contractgen's is refused, and nothing is deleted", () => {
  it("a user folder (src holding app.ts)", () => {
    const root = scratchCopy("contractgen-out-user");
    write(root, { "src/app.ts": "export const app = 1;\n", "src/util/x.ts": "export {};\n" });
    const error = refusal(root, [{ dir: join(root, "src"), files: files() }]);
    expect(formatUserError(error, root)).toBe(
      'error: refusing to write into src: it holds files contractgen did not write (app.ts, util/x.ts); pass a new or empty folder instead (--out, or "output" in the config), e.g. src/generated',
    );
  });

  it("the spec's folder, and the config's folder, even when they hold nothing else", () => {
    const root = scratchCopy("contractgen-out-spec");
    write(root, { "spec/api.yaml": "openapi: 3.1.0\n", "config/contractgen.config.json": "{}\n" });
    const inputFiles = [join(root, "spec/api.yaml"), join(root, "config/contractgen.config.json")];
    expect(refusal(root, [{ dir: join(root, "spec"), files: files() }], { inputFiles }).message).toMatch(/: it is the folder of api\.yaml; pass a new or empty folder/);
    expect(refusal(root, [{ dir: join(root, "config"), files: files() }], { inputFiles }).message).toMatch(/: it is the folder of contractgen\.config\.json;/);
    // Without being told, the spec is still a file contractgen did not write.
    expect(refusal(root, [{ dir: join(root, "spec"), files: files() }]).message).toMatch(/did not write \(api\.yaml\)/);
  });

  it("`.`: a project folder (package.json or .git), even an otherwise empty one", () => {
    const withPackage = scratchCopy("contractgen-out-dot");
    write(withPackage, { "package.json": "{}\n" });
    expect(refusal(withPackage, [{ dir: withPackage, files: files() }]).message).toMatch(/: it holds package\.json \(a project folder\);/);
    const withGit = scratchCopy("contractgen-out-git");
    mkdirSync(join(withGit, ".git"));
    expect(refusal(withGit, [{ dir: withGit, files: files() }]).message).toMatch(/: it holds \.git \(a project folder\);/);
  });

  it("the filesystem root", () => {
    const root = scratchCopy("contractgen-out-slash");
    expect(refusal(root, [{ dir: "/", files: files() }]).message).toMatch(/^refusing to write into \/: it is the filesystem root;/);
  });

  it("a folder of ours with a stray file: with a manifest, and output from before manifests (header marker)", () => {
    const root = scratchCopy("contractgen-out-stray");
    writeOutputs([{ dir: join(root, "out"), files: files() }]);
    write(root, { "out/notes.md": "mine\n" });
    expect(refusal(root, [{ dir: join(root, "out"), files: files() }]).message).toMatch(/did not write \(notes\.md\)/);

    write(root, { "legacy/client.ts": generated("client"), "legacy/app.ts": "export {};\n", "legacy/empty/.keep": "" });
    expect(refusal(root, [{ dir: join(root, "legacy"), files: files() }]).message).toMatch(/did not write \(app\.ts, empty\/\.keep\)/);
  });

  it("a manifest does not vouch for files it does not list, even ones with the header", () => {
    const root = scratchCopy("contractgen-out-unlisted");
    write(root, { "out/client.ts": generated("client"), "out/extra.ts": generated("extra"), [`out/${MANIFEST}`]: manifestText(["client.ts"]) });
    expect(refusal(root, [{ dir: join(root, "out"), files: files() }]).message).toMatch(/did not write \(extra\.ts\)/);
  });
});

describe("regenerating over contractgen's own output", () => {
  it("writes a new folder with a manifest, leaves it untouched when nothing changed, and replaces it when something did", () => {
    const root = scratchCopy("contractgen-out-regen");
    const out = join(root, "gen/api");
    expect(writeOutputs([{ dir: out, files: files() }])).toEqual([{ dir: out, changed: true }]);
    expect(readFolder(out)).toEqual(files());
    expect(JSON.parse(readFileSync(join(out, MANIFEST), "utf8"))).toEqual({ generatedBy: "contractgen", files: ["client.ts", "schema.ts"] });
    expect(writeOutputs([{ dir: out, files: files() }])).toEqual([{ dir: out, changed: false }]);
    const next = new Map([["client.ts", generated("client2")]]);
    expect(writeOutputs([{ dir: out, files: next }])).toEqual([{ dir: out, changed: true }]);
    expect(readFolder(out)).toEqual(next);
  });

  it("accepts an empty folder, and output written before manifests (every file has the header), adding the manifest", () => {
    const root = scratchCopy("contractgen-out-legacy");
    mkdirSync(join(root, "empty"));
    expect(writeOutputs([{ dir: join(root, "empty"), files: files() }])[0]!.changed).toBe(true);
    write(root, { "legacy/client.ts": generated("client"), "legacy/schema.ts": generated("schema") });
    expect(writeOutputs([{ dir: join(root, "legacy"), files: files() }])).toEqual([{ dir: join(root, "legacy"), changed: true }]);
    expect(readFileSync(join(root, "legacy", MANIFEST), "utf8")).toBe(manifestText(["client.ts", "schema.ts"]));
  });

  it("an output inside another output of the same run (a runtime folder) is written as part of it, and recognised next time", () => {
    const root = scratchCopy("contractgen-out-nested");
    const runtime = new Map([["index.ts", generated("runtime")]]);
    const outputs = [
      { dir: join(root, "out"), files: files() },
      { dir: join(root, "out/runtime"), files: runtime },
    ];
    expect(writeOutputs(outputs).map((r) => r.changed)).toEqual([true, true]);
    expect(readFolder(join(root, "out"))).toEqual(new Map([...files(), ["runtime/index.ts", generated("runtime")]]));
    expect(writeOutputs(outputs).map((r) => r.changed)).toEqual([false, false]);
  });
});
