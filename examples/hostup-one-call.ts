/**
 * One call through the standalone operation function: a bundle holds this operation only.
 *
 *   HOSTUP_API_KEY=... node --import tsx examples/hostup-one-call.ts
 */
import { createHostupCore, listSavedCards } from "@contractgen/billing-clients/hostup";

const core = createHostupCore({ apiKey: process.env.HOSTUP_API_KEY });
const { data, error } = await listSavedCards(core); // same Result, same error union as client.listSavedCards()

if (error) {
  console.error(`${error.code}: ${error.message}`);
  process.exitCode = 1;
} else {
  for (const card of data) console.log(`${card.brand} ending in ${card.last4 ?? "????"}`);
}
