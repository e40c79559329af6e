/** Profile: node --cpu-prof over one generate of the large spec (bench/profile.ts). */
import { log, markdown, STRIPE } from "../context.ts";
import { formatProfile, profileGenerate } from "../profile.ts";

export function profileSection(): void {
  if (!STRIPE) return;
  log("\n== profile (node --cpu-prof, one generate of the large spec)");
  const result = profileGenerate(STRIPE.file, { top: 8 });
  const text = formatProfile(result);
  console.log(text);
  markdown.set(
    "profile",
    `## Where the time goes (CPU profile)

\`node --import tsx bench/profile.ts --spec ${STRIPE.label}\`: one \`generateApi\` of the large spec under \`node --cpu-prof\` (0.5 ms sampling),
samples attributed to the pipeline stage whose window they fall in (the stage timers of that run; on the main thread emit and
format overlap after render, so the main thread's time after render is "emit"), worker threads separately. Self time per function.

${text}`,
  );
}
