/** Validators: cost per response of the opt-in response validation (bench/validators.ts), and the size of what report mode writes. */
import { join } from "node:path";
import { apiConfig } from "../../generator/config/index.ts";
import { loadSpec } from "../../generator/spec/load.ts";
import { buildModel } from "../../generator/pipeline/model.ts";
import { loadTemplates } from "../../generator/pipeline/templates.ts";
import { buildValidatorsView } from "../../generator/pipeline/validators.ts";
import { GITHUB, RUNS, log, markdown, type SpecInput, STRIPE, type Target, targets } from "../context.ts";
import { ROOT, WORK } from "../lib.ts";
import { validatorsBench } from "../validators.ts";

const CORPUS = join(ROOT, "test/corpus/real");
const SIZE_SPECS: SpecInput[] = [
  ...(STRIPE ? [STRIPE] : []),
  ...(GITHUB ? [GITHUB] : []),
  { name: "openai-fine-tuning", file: join(CORPUS, "openai-fine-tuning.yaml"), label: "test/corpus/real/openai-fine-tuning.yaml" },
  { name: "openai-admin", file: join(CORPUS, "openai-admin.yaml"), label: "test/corpus/real/openai-admin.yaml" },
  { name: "digitalocean", file: join(CORPUS, "digitalocean/DigitalOcean-public.v2.yaml"), label: "test/corpus/real/digitalocean/ (every file)" },
];

interface SizeRow {
  spec: SpecInput;
  specBytes: number;
  validatorsBytes: number;
  validators: number;
  buildMs: number;
}

/** validators.ts as report mode renders it (unformatted, as written), against the spec's JSON: every file, as JSON.stringify prints it. */
function sizeRow(spec: SpecInput): SizeRow {
  const loaded = loadSpec(spec.file);
  const model = buildModel(loaded, apiConfig({ name: spec.name, spec: spec.file, output: join(WORK, spec.name), validateResponses: "report" }), spec.label);
  const start = performance.now();
  const view = buildValidatorsView(loaded, model);
  const text = loadTemplates(join(ROOT, "templates"))("validators.ts", view);
  const buildMs = performance.now() - start;
  const specBytes = [...loaded.files.values()].reduce((sum, file) => sum + JSON.stringify(file.data).length, 0);
  return { spec, specBytes, validatorsBytes: Buffer.byteLength(text), validators: view.validatorNames.length, buildMs };
}

function sizeMarkdown(rows: SizeRow[]): string {
  const kb = (bytes: number) => `${(bytes / 1024).toLocaleString("en-US", { maximumFractionDigits: 0 })} KB`;
  return [
    "| Spec | spec JSON | validators.ts | ratio | distinct response schemas | build (view + render), ms |",
    "|---|---:|---:|---:|---:|---:|",
    ...rows.map((r) => `| ${r.spec.label} | ${kb(r.specBytes)} | ${kb(r.validatorsBytes)} | ${(r.validatorsBytes / r.specBytes).toFixed(2)}x | ${r.validators} | ${Math.round(r.buildMs)} |`),
  ].join("\n");
}

export async function validatorsSection(): Promise<void> {
  log(`\n== validators (bench/validators.ts, ${RUNS} runs after a warm-up)`);
  const result = (await validatorsBench(RUNS)) as { markdown: string; targets?: Omit<Target, "section" | "issue">[] };
  for (const t of result.targets ?? []) targets.push({ section: "validators", issue: "15", ...t });
  log("== validators: size of report mode's validators.ts");
  const rows = SIZE_SPECS.map(sizeRow);
  for (const r of rows) {
    targets.push({
      section: "validators",
      issue: "26",
      target: `report mode's validators.ts for ${r.spec.name} is at most its spec's JSON`,
      measured: `${(r.validatorsBytes / r.specBytes).toFixed(2)}x (${r.validatorsBytes.toLocaleString("en-US")} of ${r.specBytes.toLocaleString("en-US")} bytes)`,
      met: r.validatorsBytes <= r.specBytes,
    });
  }
  const body = `\`bench/validators.ts\` (\`validatorsBench\`): cost per response of \`validateResponses: "report"\`.\n\n${result.markdown}

Size of report mode's \`validators.ts\` (\`bench/sections/validators.ts\`), against the spec's JSON (every file of it, as
\`JSON.stringify\` prints it); build is \`buildValidatorsView\` and the render, once, on this machine:

${sizeMarkdown(rows)}`;
  console.log(`\n${body}\n`);
  markdown.set("validators", `## Response validation\n\n${body}\n`);
}
