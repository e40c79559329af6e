/**
 * `node --import tsx bench/examples.ts [--details] [--reuse=<folder>] [--spec=<name>=<path> ...] [--only-given]`
 * (`--reuse`: generate into that folder once, and reuse it; `--spec`: another spec, such as GitHub
 * Enterprise's ghec.json beside api.github.com.json; `--only-given`: the `--spec`s alone): every documented response example of GitHub's
 * spec, Stripe's and the corpus's real specs served through its generated client (report mode), and
 * the figures: how many decode as documented, how many are valid against their own schema, and how
 * the drift reports line up with that (test/support/examples-run.ts does the work).
 */
import { EXAMPLE_SPECS } from "../test/support/example-specs.ts";
import { runExamples } from "../test/support/examples-run.ts";

const started = Date.now();
const reuse = process.argv.find((a) => a.startsWith("--reuse="))?.slice("--reuse=".length);
const given = Object.fromEntries(process.argv.filter((a) => a.startsWith("--spec=")).map((a) => a.slice("--spec=".length).split(/=(.*)/s).slice(0, 2)));
const specs = process.argv.includes("--only-given") ? given : { ...EXAMPLE_SPECS, ...given };
const run = await runExamples(specs, reuse ? { reuse } : {});
const t = run.totals;
const served = run.outcomes.filter((o) => !o.skipped);
const bySpec = run.specs.map(({ name, examples }) => `${name} ${examples}`);
console.log(`Response examples: ${t.seen} seen (${bySpec.join(", ")})`);
console.log(`  served:                     ${served.length}`);
console.log(`  decoded as documented:      ${t.decodedAsDocumented}`);
console.log(`    of which at a status with several media types: ${t.pickedAmongSeveral}`);
console.log(`  valid against their schema: ${t.valid}`);
console.log(`  nothing to check (text, bytes, no schema): ${t.unchecked}`);
console.log(`  schema not compilable by the independent check: ${t.uncheckable}`);
console.log(`  invalid and reported:       ${t.invalidAndReported}`);
console.log(`  false reports:              ${t.falseReports}`);
console.log(`  missed reports:             ${t.missedReports}`);
console.log(`  valid but wrongly decoded:  ${t.wronglyDecoded}`);
console.log(`  skipped:                    ${Object.entries(t.skipped).map(([why, n]) => `${n} (${why})`).join(", ") || "none"}`);
if (process.argv.includes("--details")) {
  for (const o of served.filter((o) => !o.decoded || ((o.drift?.length ?? 0) > 0) !== (o.verdict !== undefined && "valid" in o.verdict && !o.verdict.valid))) {
    console.log(`${o.spec} ${o.example.operation} ${o.example.status} ${o.example.mediaType} ${o.example.source}: decoded=${o.decoded} ${o.got ?? ""} verdict=${JSON.stringify(o.verdict)} drift=${JSON.stringify(o.drift).slice(0, 300)}`);
  }
}
console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
