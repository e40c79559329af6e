/** Validators: cost per response of the opt-in response validation (bench/validators.ts). */
import { RUNS, log, markdown, type Target, targets } from "../context.ts";
import { validatorsBench } from "../validators.ts";

export async function validatorsSection(): Promise<void> {
  log(`\n== validators (bench/validators.ts, ${RUNS} runs after a warm-up)`);
  const result = (await validatorsBench(RUNS)) as { markdown: string; targets?: Omit<Target, "section" | "issue">[] };
  const body = `\`bench/validators.ts\` (\`validatorsBench\`): cost per response of \`validateResponses: "report"\`.\n\n${result.markdown}`;
  for (const t of result.targets ?? []) targets.push({ section: "validators", issue: "15", ...t });
  console.log(`\n${body}\n`);
  markdown.set("validators", `## Response validation\n\n${body}\n`);
}
