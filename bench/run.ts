/**
 * `npm run bench [-- --quick] [-- --runs N] [-- --only generation,typecheck,client,bundle,diff,validators,webhooks,scaling,watch,profile]`
 *
 * The driver: each section is a module of bench/sections/, sharing bench/context.ts; bench/report.ts
 * writes BENCHMARKS.md.
 *
 * Every figure is the median of `--runs` runs (default 5) after one warm-up, with min and max; peers
 * run side by side in the same invocation, in rotating order. Prints the tables and rewrites the
 * measured sections of BENCHMARKS.md (sections not selected with --only are kept as they were).
 */
import { args, RUNS, selected, log, targets, runState } from "./context.ts";
import { cliFromBundle, fmt, freshDir, WORK } from "./lib.ts";
import os from "node:os";
import { join } from "node:path";
import { generationSection } from "./sections/generation.ts";
import { typecheckSection } from "./sections/typecheck.ts";
import { bundleSection } from "./sections/bundle.ts";
import { clientSection } from "./sections/client.ts";
import { diffSection } from "./sections/diff.ts";
import { validatorsSection } from "./sections/validators.ts";
import { webhooksSection } from "./sections/webhooks.ts";
import { scalingSection } from "./sections/scaling.ts";
import { watchSection } from "./sections/watch.ts";
import { profileSection } from "./sections/profile.ts";
import { codeVersion, machine, rewriteFindings, targetsMarkdown, writeReport } from "./report.ts";

async function main(): Promise<void> {
  const startedAt = new Date();
  runState.codeAtStart = codeVersion();
  const loadStart = os.loadavg();
  log(`contractgen bench: ${machine()}; runs ${RUNS}; sections ${[...selected].join(", ")}`);
  runState.cliBuild = await cliFromBundle();
  log(runState.cliBuild);
  freshDir(join(WORK, "gen"));
  if (selected.has("generation")) generationSection();
  if (selected.has("typecheck")) typecheckSection();
  if (selected.has("client")) await clientSection();
  if (selected.has("bundle")) await bundleSection();
  if (selected.has("diff")) await diffSection();
  if (selected.has("validators")) await validatorsSection();
  if (selected.has("webhooks")) await webhooksSection();
  if (selected.has("scaling")) scalingSection();
  if (selected.has("watch")) await watchSection();
  if (selected.has("profile")) profileSection();
  if (targets.length > 0) console.log(`\n${targetsMarkdown().replace(/<!--[^>]*-->\n?/g, "")}\n`);
  if (!args["no-write"]) writeReport(startedAt, loadStart, os.loadavg());
  log(`bench done in ${fmt.ms(Date.now() - startedAt.getTime())}`);
}

if (args["findings-only"]) rewriteFindings();
else await main();
