/** Contract diff: bench/diff.ts. */
import { RUNS, log, markdown, targets, STRIPE } from "../context.ts";
import { diffBench } from "../diff.ts";
import { EDITS } from "../specs.ts";

export async function diffSection(): Promise<void> {
  log(`\n== contract diff (bench/diff.ts, ${RUNS} runs after a warm-up)`);
  const result = await diffBench(RUNS);
  console.log(`\n${result.markdown}\n`);
  for (const t of result.targets) targets.push({ section: "diff", issue: "18", ...t });
  markdown.set(
    "diff",
    `## 4. Contract diff

\`bench/diff.ts\` (\`diffBench\`): \`contractgen diff --base A --head B --format json --fail-on never\`, as a user runs it, on two versions of each large spec.
Stripe: \`${STRIPE?.label ?? "../shared/specs/stripe-spec3.yaml"}\` against itself with the ${EDITS.length} scripted edits of \`bench/specs.ts\`
(${EDITS.map((e) => e.name).join("; ")}).
GitHub: api.github.com.json against itself with structural edits (every 60th path removed, a required query parameter added to every
45th, the first property of every 25th schema retyped). The targets are judged on the full CLI run, generated-client section included.

${result.markdown}
`,
  );
}
