/**
 * Cost per response of `validateResponses: "report"`: the generated validators.ts for spec/hostup.yaml
 * (rendered as the pipeline renders it, unformatted), called on typical HostUp bodies, against the
 * same loop without validation and against the JSON.parse the client does for every body anyway.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { apiConfig } from "../generator/config/index.ts";
import { loadSpec } from "../generator/spec/load.ts";
import { buildModel } from "../generator/pipeline/model.ts";
import { loadTemplates } from "../generator/pipeline/templates.ts";
import { buildValidatorsView } from "../generator/pipeline/validators.ts";
import { ROOT, stats, WORK } from "./lib.ts";

type ValidateResponse = (operationId: string, status: number, body: unknown) => unknown[] | undefined;

const ITERATIONS = 100_000;
const CARD = { id: "card_01hxa3b4c5d6e7f8g9h0j1k2m3", brand: "visa", last4: "4242", expMonth: 12, expYear: 2028, cardholderName: "Example Customer", isPrimary: true, addedAt: "2026-04-27T12:00:00.000Z" };
const PROBLEM = { type: "https://developer.hostup.se/errors/not-found", title: "Not found", status: 404, detail: "No such card.", code: "not_found", requestId: "req_1", timestamp: "2026-04-27T12:00:00.000Z" };

interface Case {
  label: string;
  operationId: string;
  status: number;
  body: unknown;
}

const CASES: Case[] = [
  { label: "listSavedCards 200, one card (valid)", operationId: "listSavedCards", status: 200, body: [CARD] },
  { label: "listSavedCards 200, 20 cards (valid)", operationId: "listSavedCards", status: 200, body: Array.from({ length: 20 }, () => CARD) },
  { label: "listSavedCards 404, Problem Details (valid)", operationId: "listSavedCards", status: 404, body: PROBLEM },
  { label: "listSavedCards 200, one card, 2 mismatches", operationId: "listSavedCards", status: 200, body: [{ ...CARD, id: 42, addedAt: "yesterday" }] },
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

async function generatedValidators(): Promise<{ validateResponse: ValidateResponse; bytes: number; gzipBytes: number; buildMs: number }> {
  const specPath = join(ROOT, "spec/hostup.yaml");
  const spec = await loadSpec(specPath);
  const model = buildModel(spec, apiConfig({ name: "hostup", spec: specPath, output: join(WORK, "hostup") }), "spec/hostup.yaml");
  const start = performance.now();
  const source = loadTemplates(join(ROOT, "templates"))("validators.ts", buildValidatorsView(spec, model));
  const buildMs = performance.now() - start;
  const dir = join(WORK, "validators");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "hostup-validators.ts");
  writeFileSync(file, source);
  const { validateResponse } = (await import(pathToFileURL(file).href)) as { validateResponse: ValidateResponse };
  return { validateResponse, bytes: Buffer.byteLength(source), gzipBytes: gzipSync(source).length, buildMs };
}

export async function validatorsBench(runs = 5): Promise<{ markdown: string; targets: { target: string; measured: string; met: boolean }[] }> {
  const { validateResponse, bytes, gzipBytes, buildMs } = await generatedValidators();
  const none = (_operationId: string, _status: number, _body: unknown): unknown[] | undefined => undefined;
  const rows = CASES.map((c) => {
    const text = JSON.stringify(c.body);
    const baseline = nsPerOp(runs, () => none(c.operationId, c.status, c.body));
    const validated = nsPerOp(runs, () => validateResponse(c.operationId, c.status, c.body));
    const parse = nsPerOp(runs, () => JSON.parse(text));
    return { ...c, bytes: text.length, cost: validated - baseline, parse };
  });
  const typical = rows[0]!;
  const table = [
    "| Body | JSON bytes | validation, ns/response | JSON.parse of the same body, ns |",
    "|---|---:|---:|---:|",
    ...rows.map((r) => `| ${r.label} | ${r.bytes} | ${Math.round(r.cost)} | ${Math.round(r.parse)} |`),
  ].join("\n");
  const markdown = `${table}

Median of ${runs} loops of ${ITERATIONS.toLocaleString("en-US")} calls each, after a warm-up; validation is the generated
\`validateResponse\` minus the same loop calling a no-op. The generated \`validators.ts\` for HostUp is ${bytes.toLocaleString("en-US")} bytes
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
