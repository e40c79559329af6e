/** Validators: cost per response of the opt-in response validation (bench/validators.ts, when it exists). */
import { RUNS, log, markdown, type Target, targets } from "../context.ts";
import { ROOT } from "../lib.ts";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { diffBench } from "../diff.ts";

/**
 * HOOK (issue 15): bench/validators.ts is H-validators' file. When it exists and exports
 * `validatorsBench(runs): Promise<{ markdown: string; targets?: { target, measured, met }[] }>` (the shape of
 * bench/diff.ts's `diffBench`), this section runs it; until then it says so and measures nothing.
 */
export async function validatorsSection(): Promise<void> {
  log(`\n== validators (bench/validators.ts, ${RUNS} runs after a warm-up)`);
  const file = join(ROOT, "bench/validators.ts");
  let body: string;
  if (!existsSync(file)) {
    body = "_Not measured: `bench/validators.ts` (`validatorsBench`, issue 15) does not exist yet in this checkout._";
  } else {
    const module = (await import(pathToFileURL(file).href)) as { validatorsBench?: unknown };
    if (typeof module.validatorsBench !== "function") {
      body = "_Not measured: `bench/validators.ts` does not export a `validatorsBench` function._";
    } else {
      const result = (await module.validatorsBench(RUNS)) as { markdown: string; targets?: Omit<Target, "section" | "issue">[] };
      body = `\`bench/validators.ts\` (\`validatorsBench\`): cost per response of \`validateResponses: "report"\`.\n\n${result.markdown}`;
      for (const t of result.targets ?? []) targets.push({ section: "validators", issue: "15", ...t });
    }
  }
  console.log(`\n${body}\n`);
  markdown.set("validators", `## Response validation (issue 15)\n\n${body}\n`);
}
