/** Webhooks: what verifying a delivery costs, and the bounds on hostile ones (bench/webhooks.ts). */
import { RUNS, log, markdown, targets } from "../context.ts";
import { webhooksBench } from "../webhooks.ts";

export async function webhooksSection(): Promise<void> {
  log(`\n== webhooks (bench/webhooks.ts, ${RUNS} runs after a warm-up)`);
  const result = await webhooksBench(RUNS);
  for (const t of result.targets ?? []) targets.push({ section: "webhooks", issue: "28", ...t });
  console.log(`\n${result.markdown}\n`);
  markdown.set("webhooks", `## Webhook verification\n\n${result.markdown}\n`);
}
