/**
 * The corpus (test/corpus/index.json), end to end: what openapi-typescript alone turns into types,
 * contractgen turns into types plus a client (or types alone, when there are no operations), and all
 * of it compiles under strict tsc in one program with the shared runtime. What openapi-typescript
 * fails on, contractgen refuses with a position.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import openapiTS from "openapi-typescript";
import { afterAll, describe, expect, it } from "vitest";
import { CONSUMER_WITHOUT_NODE, withTableChecked } from "./support/tsc.ts";
import { apiConfig, resolvedConfig } from "../generator/config/index.ts";
import { UserError } from "../generator/errors.ts";
import { defaultApiName } from "../generator/pipeline/naming.ts";
import {
  closeRunContext,
  createRunContext,
  generateApi,
  generateRuntime,
  type GeneratedApi,
} from "../generator/pipeline/run.ts";
import { loadSpec } from "../generator/spec/load.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const corpus = join(root, "test/corpus");
const entries = (
  JSON.parse(readFileSync(join(corpus, "index.json"), "utf8")) as {
    specs: { spec: string; kind: string; operations?: number }[];
  }
).specs;
const work = mkdtempSync(join(tmpdir(), "contractgen-corpus-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Whether openapi-typescript's own entry point turns the spec into types. */
async function openapiTypescriptAccepts(file: string): Promise<boolean> {
  try {
    const text = readFileSync(file, "utf8");
    if (/^swagger:/m.test(text) || /"swagger"\s*:/.test(text)) return true; // contractgen converts Swagger 2.0 first; openapi-typescript takes only 3.x
    await openapiTS(pathToFileURL(file), { silent: true });
    return true;
  } catch {
    return false;
  }
}

describe("corpus: generate and compile", () => {
  it("every spec openapi-typescript accepts generates, and all of it compiles under strict tsc", async () => {
    const ctx = createRunContext(resolvedConfig(work, [], { runtimeOutput: join(work, "runtime") }));
    const generated: { entry: string; result: GeneratedApi }[] = [];
    const problems: string[] = [];
    try {
      for (const entry of entries.filter((e) => e.kind !== "refused")) {
        const file = join(corpus, entry.spec);
        const accepted = await openapiTypescriptAccepts(file);
        const title = (loadSpec(file).root.data as { info?: { title?: unknown } }).info?.title;
        const name = defaultApiName(typeof title === "string" ? title : undefined, basename(file));
        const output = join(work, `api-${generated.length}-${name}`);
        try {
          const result = await generateApi(apiConfig({ name, spec: file, output, errorEnvelope: "infer" }), ctx);
          // Generating what openapi-typescript fails on is fine: a `$ref` inside example data is one such case.
          generated.push({ entry: entry.spec, result });
          for (const [fileName, text] of result.files) {
            mkdirSync(dirname(join(output, fileName)), { recursive: true });
            // Each operation table is checked here, against its declared type (see withTableChecked).
            writeFileSync(join(output, fileName), fileName === "operations.ts" ? withTableChecked(text) : text);
          }
        } catch (err) {
          const positioned = err instanceof UserError && err.position !== undefined;
          if (accepted || !positioned) problems.push(`${entry.spec}: refused (${(err as Error).message})`);
        }
      }
      mkdirSync(join(work, "runtime"), { recursive: true });
      for (const [fileName, text] of generateRuntime(ctx).files) writeFileSync(join(work, "runtime", fileName), text);
    } finally {
      await closeRunContext(ctx);
    }
    expect(problems).toEqual([]);
    for (const { entry, result } of generated) {
      const expected = entries.find((e) => e.spec === entry)?.operations;
      if (expected !== undefined) expect(result.model.operations.length, entry).toBe(expected);
      // No operations: types only, no client.
      expect(result.files.has("client.ts"), entry).toBe(result.model.operations.length > 0);
    }

    symlinkSync(join(root, "node_modules"), join(work, "node_modules"));
    writeFileSync(
      join(work, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { ...CONSUMER_WITHOUT_NODE, noEmit: true, noUnusedLocals: true, noUnusedParameters: true },
        files: generated.map(({ result }) => `${basename(result.api.output)}/index.ts`),
      }),
    );
    let output = "";
    try {
      execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", work], {
        cwd: work,
        encoding: "utf8",
      });
    } catch (err) {
      output = String((err as { stdout?: string }).stdout ?? err);
    }
    expect(output).toBe("");
  }, 300_000);
});
