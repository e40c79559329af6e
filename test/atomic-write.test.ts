/**
 * Atomic and deterministic output.
 * - A SIGTERM/SIGINT sent to a running `generate` (the Stripe spec, a few seconds long, signalled at
 *   fractions of an uninterrupted run) leaves the output folder byte for byte as before, with no
 *   temporary folder.
 * - A write that fails part-way leaves every output folder as it was.
 * - Two runs, and two checkouts at different paths, give byte-identical output; shuffling the key
 *   order of a spec changes nothing our templates render (schema.ts: see the known issue below).
 */
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROBLEM_DETAILS, TEMPLATES_DIR, type ApiConfig } from "../generator/config.ts";
import { isUserFailure } from "../generator/errors.ts";
import { loadSpec } from "../generator/load.ts";
import { closeRunContext, createRunContext, generateApi, type RunContext } from "../generator/pipeline.ts";
import { writeOutputs } from "../generator/write.ts";
import { leftoverTemporaryFolders, scratchCopy, snapshotTree } from "./support/tree.ts";

const repo = join(import.meta.dirname, "..");
const bin = join(repo, "generator/bin.mjs");
const STRIPE = join(repo, "../shared/specs/stripe-spec3.yaml");

function seedOutput(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "client.ts"), "// previous output\nexport const previous = true;\n");
  writeFileSync(join(dir, "schema.ts"), "// previous schema\n");
}

function runUntilSignal(cwd: string, signal: NodeJS.Signals | undefined, delayMs: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, "generate", "--spec", STRIPE, "--out", "out/stripe", "--name", "stripe"], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = signal ? setTimeout(() => child.kill(signal), delayMs) : undefined;
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe("a signal mid-run", () => {
  // The signals are timed as fractions of an uninterrupted run on this machine, so that they land
  // in the same stages however fast the generator and the machine are.
  let fullRunMs = 0;
  beforeAll(async () => {
    const dir = scratchCopy("contractgen-signal-calibrate");
    const start = performance.now();
    const { code, stderr } = await runUntilSignal(dir, undefined, 0);
    fullRunMs = performance.now() - start;
    expect(code, stderr).toBe(0);
  }, 120_000);

  const runs: [NodeJS.Signals, number, string][] = [
    ["SIGTERM", 0.05, "while tsx starts and the spec is read"],
    ["SIGINT", 0.45, "while the spec is validated and the model built"],
    ["SIGTERM", 0.8, "while openapi-typescript and prettier run"],
  ];
  for (const [signal, fraction, when] of runs) {
    it(`${signal} at ${fraction * 100}% of a run (${when}) leaves the output folder byte for byte as before`, async () => {
      const dir = scratchCopy("contractgen-signal");
      seedOutput(join(dir, "out/stripe"));
      const before = snapshotTree(dir);
      const delay = Math.round(fullRunMs * fraction);
      const { code, stderr } = await runUntilSignal(dir, signal, delay);
      if (fraction < 0.2) {
        // Possibly before our handler is installed: the default action kills the process (code null).
        expect([130, 143, null], stderr).toContain(code);
      } else {
        expect(code, `${stderr} (signal after ${delay} of ${Math.round(fullRunMs)} ms)`).toBe(signal === "SIGINT" ? 130 : 143);
        expect(stderr).toContain(`interrupted (${signal}); output folders left as they were`);
      }
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(snapshotTree(dir)).toEqual(before);
      expect(leftoverTemporaryFolders(dir)).toEqual([]);
    }, 60_000);
  }
});

describe("a write that fails part-way", () => {
  it("leaves every output folder as it was when a later folder cannot be written", () => {
    const dir = scratchCopy("contractgen-partial");
    seedOutput(join(dir, "out/first"));
    writeFileSync(join(dir, "blocker"), "a file where a folder should be\n");
    const before = snapshotTree(dir);
    const files = new Map([["index.ts", "export {};\n"]]);
    let error: unknown;
    try {
      writeOutputs([
        { dir: join(dir, "out/first"), files },
        { dir: join(dir, "blocker/second"), files },
      ]);
    } catch (err) {
      error = err;
    }
    expect(isUserFailure(error)).toBe(true);
    expect((error as Error).message).toBe(`cannot write output folder ${join(dir, "blocker/second")}: a parent of the output folder is a file, not a folder (ENOTDIR)`);
    expect(snapshotTree(dir)).toEqual(before);
    expect(leftoverTemporaryFolders(dir)).toEqual([]);
  });

  it("refuses to replace a folder that holds folders it did not write", () => {
    const dir = scratchCopy("contractgen-foreign");
    mkdirSync(join(dir, "out/src"), { recursive: true });
    writeFileSync(join(dir, "out/src/app.ts"), "export {};\n");
    const before = snapshotTree(dir);
    expect(() => writeOutputs([{ dir: join(dir, "out"), files: new Map([["index.ts", ""]]) }])).toThrow(/contains a folder \(src\)/);
    expect(snapshotTree(dir)).toEqual(before);
  });
});

describe("determinism", () => {
  const contexts: RunContext[] = [];
  afterAll(async () => {
    for (const ctx of contexts) await closeRunContext(ctx);
  });
  const context = (root: string) => {
    const ctx = createRunContext({ root, apis: [], templatesDir: TEMPLATES_DIR });
    contexts.push(ctx);
    return ctx;
  };
  const api = (root: string, name: string): ApiConfig => ({ name, spec: join(root, `spec/${name}.yaml`), output: join(root, `generated/${name}`), errorEnvelope: PROBLEM_DETAILS });

  it("two runs, in two checkouts at different paths, give byte-identical output", async () => {
    const a = scratchCopy("contractgen-checkout-a");
    const b = scratchCopy("contractgen-checkout-b-with-a-longer-name");
    for (const root of [a, b]) cpSync(join(repo, "spec"), join(root, "spec"), { recursive: true });
    for (const name of ["hostup", "aether"]) {
      const first = await generateApi(api(a, name), context(a));
      const second = await generateApi(api(a, name), context(a));
      const elsewhere = await generateApi(api(b, name), context(b));
      expect([...second.files]).toEqual([...first.files]);
      expect([...elsewhere.files]).toEqual([...first.files]);
    }
  });

  it("the spec hash of a multi-file spec does not depend on where the project is", () => {
    const hashes = ["contractgen-hash-a", "contractgen-hash-bb"].map((prefix) => {
      const root = scratchCopy(prefix);
      mkdirSync(join(root, "spec/schemas"), { recursive: true });
      writeFileSync(join(root, "spec/api.yaml"), 'openapi: 3.1.0\ninfo: { title: T, version: "1" }\npaths: {}\ncomponents:\n  schemas:\n    Pet: { $ref: "schemas/pet.yaml#/Pet" }\n');
      writeFileSync(join(root, "spec/schemas/pet.yaml"), "Pet:\n  type: object\n");
      return loadSpec(join(root, "spec/api.yaml")).hash;
    });
    expect(hashes[1]).toBe(hashes[0]);
  });

  /** Deterministic shuffle (no Math.random): a linear congruential generator seeded per run. */
  function shuffleKeys(value: unknown, seed: { n: number }): unknown {
    if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, seed)); // list order is meaning, keep it
    if (value === null || typeof value !== "object") return value;
    const entries = Object.entries(value).map(([k, v]) => [k, shuffleKeys(v, seed)] as const);
    for (let i = entries.length - 1; i > 0; i--) {
      seed.n = (seed.n * 1103515245 + 12345) % 2 ** 31;
      const j = seed.n % (i + 1);
      [entries[i], entries[j]] = [entries[j]!, entries[i]!];
    }
    return Object.fromEntries(entries);
  }
  /** The header carries the sha256 of the spec text, which shuffling changes by design. */
  const withoutHash = (text: string) => text.replace(/sha256 [0-9a-f]{64}/g, "sha256 <hash>");
  const sortedLines = (text: string) => withoutHash(text).split("\n").sort();

  async function shuffledAndOriginal(name: string) {
    const root = scratchCopy("contractgen-shuffled");
    mkdirSync(join(root, "spec"));
    const data = YAML.parse(readFileSync(join(repo, `spec/${name}.yaml`), "utf8")) as unknown;
    writeFileSync(join(root, `spec/${name}.yaml`), YAML.stringify(shuffleKeys(data, { n: 42 })));
    const shuffled = await generateApi(api(root, name), context(root));
    const original = await generateApi(api(repo, name), context(repo));
    return { shuffled: shuffled.files, original: original.files };
  }

  for (const name of ["hostup", "aether"]) {
    it(`${name}: a shuffled key order gives identical rendered files, and schema.ts with the same lines`, async () => {
      const { shuffled, original } = await shuffledAndOriginal(name);
      expect([...shuffled.keys()]).toEqual([...original.keys()]);
      for (const [file, content] of original) {
        if (file === "schema.ts") expect(sortedLines(shuffled.get(file)!)).toEqual(sortedLines(content));
        else expect(withoutHash(shuffled.get(file)!), file).toBe(withoutHash(content));
      }
    });
  }

  it("hostup: a shuffled key order gives a byte-identical schema.ts", async () => {
    const { shuffled, original } = await shuffledAndOriginal("hostup");
    expect(withoutHash(shuffled.get("schema.ts")!)).toBe(withoutHash(original.get("schema.ts")!));
  });
});
