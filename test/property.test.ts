/**
 * Property test: 500 random mutations of spec/hostup.yaml and spec/aether.yaml (delete a key, rename a
 * key, replace a value by one of another type, break a $ref; one to three per case). For every case
 * load -> validate -> model -> render -> emit (openapi-typescript) must either succeed or fail with
 * UserError(s) that each carry a position (file, line >= 1, col >= 1) and a JSON pointer, i.e. what
 * the CLI prints as `file:line:col: error: ... (at #/pointer)` with exit 1. No crash, no hang.
 *
 * Cost control (the whole file stays well under two minutes on two cores):
 * - prettier and the disk writer are left out of the 500 runs: formatting is a pure pretty-printer
 *   that the golden tests cover; every other stage runs for every case.
 * - the cases run in one worker thread, so that a case that hangs (even in a synchronous loop) is
 *   stopped by terminating the worker after CASE_TIMEOUT_MS, reported as a hang, and the worker restarted.
 * - typecheck sampling: of the successful outputs, up to TYPECHECK_SAMPLE distinct ones (by content)
 *   are kept and type-checked together by a single `tsc --noEmit` at the end, instead of 500 tsc runs.
 *
 * The seed is fixed so that a failure reproduces; set CONTRACTGEN_PROPERTY_SEED to explore others.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import fc from "fast-check";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../generator/config/index.ts";
import { renderRuntimeFiles } from "../generator/pipeline/emit.ts";
import { loadTemplates } from "../generator/pipeline/templates.ts";
import { withTableChecked } from "./support/tsc.ts";
import { scratchCopy } from "./support/tree.ts";

const NUM_RUNS = 500;
const CASE_TIMEOUT_MS = 20_000;
const TYPECHECK_SAMPLE = 20;
const SEED = Number(process.env.CONTRACTGEN_PROPERTY_SEED ?? 20_251_124);

const repo = join(import.meta.dirname, "..");
const specs = Object.fromEntries(
  ["hostup", "aether"].map((name) => [name, YAML.parse(readFileSync(join(repo, `spec/${name}.yaml`), "utf8")) as unknown]),
) as Record<string, unknown>;

type Outcome =
  | { outcome: "generated"; files: [string, string][] }
  | { outcome: "user-error"; errors: { message: string; kind: string; position?: { file: string; line: number; col: number }; pointer?: string }[] }
  | { outcome: "crash"; error: string }
  | { outcome: "hang" };

/** One worker, restarted when a case outlives CASE_TIMEOUT_MS. */
class CaseRunner {
  private worker!: Worker;
  private ready!: Promise<void>;
  private next = 0;
  private waiting = new Map<number, (o: Outcome) => void>();
  constructor(private readonly scratch: string) {
    this.start();
  }
  private start(): void {
    this.worker = new Worker(new URL("./support/property-worker.mjs", import.meta.url), { workerData: { repo, scratch: this.scratch } });
    this.ready = new Promise((resolve, reject) => {
      this.worker.once("error", reject);
      this.worker.on("message", (message: { ready?: true; id?: number } & Outcome) => {
        if (message.ready) return resolve();
        this.waiting.get(message.id!)?.(message);
        this.waiting.delete(message.id!);
      });
    });
  }
  async run(api: string, text: string): Promise<Outcome> {
    await this.ready;
    const id = this.next++;
    return new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        void this.worker.terminate();
        this.start();
        resolve({ outcome: "hang" });
      }, CASE_TIMEOUT_MS);
      this.waiting.set(id, (o) => {
        clearTimeout(timer);
        resolve(o);
      });
      this.worker.postMessage({ id, api, text });
    });
  }
  close(): Promise<number> {
    return this.worker.terminate();
  }
}

// ---- mutations -----------------------------------------------------------------------------------

type Segment = string | number;
type Mutation = { kind: "delete" | "rename" | "retype" | "break-ref"; pick: number; variant: number };

const OTHER_VALUES: unknown[] = [42, -1, 3.5, true, false, null, "", "text", [], [1, "two"], {}, { unexpected: 1 }];
const BROKEN_REFS = ["#/components/schemas/Missing", "#components/schemas", "missing.yaml#/Pet", "https://example.com/x.yaml#/Y", "#/", "#/paths", ""];

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Paths of every node (below the root), and separately of every `$ref` holder, in document order. */
function paths(data: unknown): { nodes: Segment[][]; refs: Segment[][] } {
  const nodes: Segment[][] = [];
  const refs: Segment[][] = [];
  const walk = (node: unknown, at: Segment[]) => {
    if (Array.isArray(node)) node.forEach((v, i) => (nodes.push([...at, i]), walk(v, [...at, i])));
    else if (node !== null && typeof node === "object") {
      if (typeof (node as { $ref?: unknown }).$ref === "string") refs.push(at);
      for (const [k, v] of Object.entries(node)) (nodes.push([...at, k]), walk(v, [...at, k]));
    }
  };
  walk(data, []);
  return { nodes, refs };
}

function parentOf(data: unknown, at: Segment[]): unknown {
  return at.slice(0, -1).reduce<unknown>((node, s) => (node as Record<string, unknown>)[s as string], data);
}

function mutate(data: unknown, m: Mutation): string {
  const { nodes, refs } = paths(data);
  if (m.kind === "break-ref" && refs.length > 0) {
    const holder = refs[m.pick % refs.length]!.reduce<unknown>((node, s) => (node as Record<string, unknown>)[s as string], data) as { $ref: string };
    const before = holder.$ref;
    holder.$ref = m.variant % 3 === 0 ? `${before}X` : BROKEN_REFS[m.variant % BROKEN_REFS.length]!;
    return `break-ref ${before} -> ${holder.$ref}`;
  }
  const at = nodes[m.pick % nodes.length]!;
  const parent = parentOf(data, at) as Record<string, unknown> | unknown[];
  const key = at[at.length - 1]!;
  const where = "/" + at.join("/");
  if (m.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
    return `delete ${where}`;
  }
  if (m.kind === "rename" && !Array.isArray(parent)) {
    const renamed = m.variant % 2 === 0 ? `${String(key)}_renamed` : String(key).toUpperCase();
    const entries = Object.entries(parent).map(([k, v]) => [k === key ? renamed : k, v] as const);
    for (const k of Object.keys(parent)) delete parent[k];
    Object.assign(parent, Object.fromEntries(entries));
    return `rename ${where} -> ${renamed}`;
  }
  const value = clone(OTHER_VALUES[m.variant % OTHER_VALUES.length]);
  (parent as Record<string | number, unknown>)[key] = value;
  return `retype ${where} = ${JSON.stringify(value)}`;
}

const mutationArb = fc.record({
  kind: fc.constantFrom<Mutation["kind"]>("delete", "rename", "retype", "break-ref"),
  pick: fc.nat(),
  variant: fc.nat(),
});
const caseArb = fc.record({ api: fc.constantFrom("hostup", "aether"), mutations: fc.array(mutationArb, { minLength: 1, maxLength: 3 }) });

// ---- the property --------------------------------------------------------------------------------

describe("random spec mutations", () => {
  let scratch: string;
  let runner: CaseRunner;
  beforeAll(() => {
    scratch = scratchCopy("contractgen-property");
    runner = new CaseRunner(scratch);
  });
  afterAll(async () => {
    await runner?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it(`${NUM_RUNS} mutations: generate succeeds or fails with positioned errors; a sample of successes typechecks`, async () => {
    const samples = new Map<string, [string, string][]>();
    const tally = { generated: 0, "user-error": 0 };
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ api, mutations }) => {
        const data = clone(specs[api]);
        const applied = mutations.map((m) => mutate(data, m));
        const result = await runner.run(api, YAML.stringify(data));
        const label = `${api}: ${applied.join("; ")}`;
        if (result.outcome === "hang") throw new Error(`hang (over ${CASE_TIMEOUT_MS} ms): ${label}`);
        if (result.outcome === "crash") throw new Error(`uncaught exception for ${label}:\n${result.error}`);
        tally[result.outcome]++;
        if (result.outcome === "user-error") {
          expect(result.errors.length, label).toBeGreaterThan(0);
          for (const e of result.errors) {
            expect(e.kind, `${label}: ${e.message}`).toBe("spec");
            expect(e.position?.file, `${label}: ${e.message}`).toMatch(/\.yaml$/);
            expect(e.position!.line, `${label}: ${e.message}`).toBeGreaterThanOrEqual(1);
            expect(e.position!.col, `${label}: ${e.message}`).toBeGreaterThanOrEqual(1);
            expect(e.pointer, `${label}: ${e.message}`).toMatch(/^(\/.*)?$/);
          }
        } else if (samples.size < TYPECHECK_SAMPLE) {
          const key = createHash("sha256").update(JSON.stringify(result.files)).digest("hex");
          samples.set(key, result.files);
        }
      }),
      { numRuns: NUM_RUNS, seed: SEED, endOnFailure: true },
    );
    console.info(`property: ${tally.generated} generated, ${tally["user-error"]} positioned user errors; type-checking ${samples.size} distinct outputs`);
    expect(tally.generated + tally["user-error"]).toBe(NUM_RUNS);

    // One tsc over the sampled successful outputs.
    const root = join(scratch, "typecheck");
    mkdirSync(root, { recursive: true });
    symlinkSync(join(repo, "node_modules"), join(root, "node_modules"), "dir");
    writeFileSync(join(root, "package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(
      join(root, "tsconfig.json"),
      JSON.stringify({ extends: join(repo, "tsconfig.json"), compilerOptions: { types: [], lib: ["ES2022", "DOM", "DOM.Iterable"] }, include: ["sample-*/*.ts", "runtime/*.ts"], exclude: [] }),
    );
    // The samples import the one shared runtime as ../runtime/index.js, as generated/<api>/ do.
    mkdirSync(join(root, "runtime"));
    const config = await loadConfig(join(repo, "contractgen.config.json"), repo);
    for (const [name, content] of renderRuntimeFiles(config.templatesDir, loadTemplates(config.templatesDir), ".js")) writeFileSync(join(root, "runtime", name), content);
    [...samples.values()].forEach((files, i) => {
      mkdirSync(join(root, `sample-${i}`));
      for (const [name, content] of files) writeFileSync(join(root, `sample-${i}`, name), name === "operations.ts" ? withTableChecked(content) : content);
    });
    let output = "";
    try {
      execFileSync(process.execPath, [join(repo, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", "tsconfig.json"], { cwd: root, encoding: "utf8" });
    } catch (err) {
      output = String((err as { stdout?: string }).stdout ?? err);
    }
    expect(output).toBe("");
  }, 300_000);
});
