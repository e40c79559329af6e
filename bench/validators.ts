/**
 * Cost per response of `validateResponses: "report"`: the generated validators.ts for spec/hostup.yaml
 * (rendered as the pipeline renders it, unformatted), called on typical HostUp bodies as the runtime
 * calls it (media type and deadline given), against the same loop without validation, against the
 * JSON.parse the client does for every body anyway, and against the same file built from ajv's code
 * as ajv prints it (not compacted), measured in the same run.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { apiConfig } from "../generator/config/index.ts";
import { loadSpec } from "../generator/spec/load.ts";
import { buildModel } from "../generator/pipeline/model.ts";
import { loadTemplates } from "../generator/pipeline/templates.ts";
import { buildValidatorsView } from "../generator/pipeline/validators.ts";
import { ROOT, stats, WORK } from "./lib.ts";

type ValidateResponse = (operationId: string, status: number, body: unknown, mediaType?: string, deadline?: number) => unknown[] | undefined;

const ITERATIONS = 100_000;
const CARD = { id: "card_01hxa3b4c5d6e7f8g9h0j1k2m3", brand: "visa", last4: "4242", expMonth: 12, expYear: 2028, cardholderName: "Example Customer", isPrimary: true, addedAt: "2026-04-27T12:00:00.000Z" };
const PROBLEM = { type: "https://developer.hostup.se/errors/not-found", title: "Not found", status: 404, detail: "No such card.", code: "not_found", requestId: "req_1", timestamp: "2026-04-27T12:00:00.000Z" };

interface Case {
  label: string;
  operationId: string;
  status: number;
  mediaType: string;
  body: unknown;
}

const CASES: Case[] = [
  { label: "listSavedCards 200, one card (valid)", operationId: "listSavedCards", status: 200, mediaType: "application/json", body: [CARD] },
  { label: "listSavedCards 200, 20 cards (valid)", operationId: "listSavedCards", status: 200, mediaType: "application/json", body: Array.from({ length: 20 }, () => CARD) },
  { label: "listSavedCards 404, Problem Details (valid)", operationId: "listSavedCards", status: 404, mediaType: "application/problem+json", body: PROBLEM },
  { label: "listSavedCards 200, one card, 2 mismatches", operationId: "listSavedCards", status: 200, mediaType: "application/json", body: [{ ...CARD, id: 42, addedAt: "yesterday" }] },
];

let sink: unknown;

/** ns per call of `fn`, median over `runs` loops of ITERATIONS calls. */
function nsPerOp(runs: number, fn: () => unknown): number {
  for (let i = 0; i < ITERATIONS / 10; i++) sink = fn(); // warm-up: let the JIT settle
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < ITERATIONS; i++) sink = fn();
    samples.push(Number(process.hrtime.bigint() - start) / ITERATIONS);
  }
  return stats(samples).median;
}

/** HostUp's validators.ts, compacted as generation writes it, or with ajv's code as ajv prints it (`compact: false`). */
async function generatedValidators(compact: boolean): Promise<{ validateResponse: ValidateResponse; bytes: number; gzipBytes: number; buildMs: number }> {
  const specPath = join(ROOT, "spec/hostup.yaml");
  const spec = await loadSpec(specPath);
  const model = buildModel(spec, apiConfig({ name: "hostup", spec: specPath, output: join(WORK, "hostup") }), "spec/hostup.yaml");
  const start = performance.now();
  const source = loadTemplates(join(ROOT, "templates"))("validators.ts", buildValidatorsView(spec, model, { compact }));
  const buildMs = performance.now() - start;
  const dir = join(WORK, "validators");
  mkdirSync(dir, { recursive: true });
  // A file per process: benches of several worktrees share this folder.
  const file = join(dir, `hostup-validators-${compact ? "compact" : "ajv"}-${process.pid}.ts`);
  writeFileSync(file, source);
  const { validateResponse } = (await import(pathToFileURL(file).href)) as { validateResponse: ValidateResponse };
  rmSync(file);
  return { validateResponse, bytes: Buffer.byteLength(source), gzipBytes: gzipSync(source).length, buildMs };
}

export async function validatorsBench(runs = 5): Promise<{ markdown: string; targets: { target: string; measured: string; met: boolean }[] }> {
  const { validateResponse, bytes, gzipBytes, buildMs } = await generatedValidators(true);
  const uncompacted = (await generatedValidators(false)).validateResponse;
  const none: ValidateResponse = () => undefined;
  // The runtime passes the call's deadline; a fixed one here, so that the loop times validation, not the clock.
  const deadline = Date.now() + 3_600_000;
  const rows = CASES.map((c) => {
    const text = JSON.stringify(c.body);
    const timed = (validate: ValidateResponse) => nsPerOp(runs, () => validate(c.operationId, c.status, c.body, c.mediaType, deadline));
    const baseline = timed(none);
    const cost = timed(validateResponse) - baseline;
    const ajvCost = timed(uncompacted) - baseline;
    const parse = nsPerOp(runs, () => JSON.parse(text));
    return { ...c, bytes: text.length, cost, ajvCost, parse };
  });
  const typical = rows[0]!;
  const table = [
    "| Body | JSON bytes | validation, ns/response | same, ajv's code not compacted, ns | JSON.parse of the same body, ns |",
    "|---|---:|---:|---:|---:|",
    ...rows.map((r) => `| ${r.label} | ${r.bytes} | ${Math.round(r.cost)} | ${Math.round(r.ajvCost)} | ${Math.round(r.parse)} |`),
  ].join("\n");
  const markdown = `${table}

Median of ${runs} loops of ${ITERATIONS.toLocaleString("en-US")} calls each, after a warm-up; validation is the generated
\`validateResponse\`, called with the response's media type and a deadline as the runtime calls it, minus the same loop
calling a no-op. "Not compacted" is the same file built with ajv's standalone code as ajv prints it. The generated \`validators.ts\` for HostUp is ${bytes.toLocaleString("en-US")} bytes
unformatted (${gzipBytes.toLocaleString("en-US")} gzipped) and imports nothing; ajv compiled it in ${Math.round(buildMs)} ms. APIs with
\`validateResponses: "off"\` (the default) get no validators.ts at all.`;
  const budgetNs = 2000;
  return {
    markdown,
    targets: [
      {
        target: `validating a typical HostUp body costs < ${budgetNs / 1000} µs per response`,
        measured: `${Math.round(typical.cost)} ns (${typical.label})`,
        met: typical.cost < budgetNs,
      },
    ],
  };
}

// `npx tsx bench/validators.ts` prints the section alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log((await validatorsBench()).markdown);
  void sink;
}
