/**
 * Attach a Stripe payment method to an Aether organization.
 *
 *   AETHER_API_KEY=... AETHER_ORG_ID=<uuid> node --import tsx examples/aether-attach.ts pm_123
 */
import { createAetherClient } from "contractgen/aether";

const client = createAetherClient({
  apiKey: process.env.AETHER_API_KEY ?? "",
  ...(process.env.AETHER_BASE_URL ? { baseUrl: process.env.AETHER_BASE_URL } : {}),
});

export async function main(orgID: string, stripePaymentMethodId: string): Promise<number> {
  const { data, error } = await client.attachPaymentMethod({
    params: { path: { orgID } },
    body: { stripe_pm_id: stripePaymentMethodId, is_default: true },
  });
  if (error) {
    // Aether's codes are not enumerated in its documentation: branch on the status, after ruling
    // out responses that are not what the spec documents.
    if (error.code === "invalid_response") console.error(`unexpected answer (HTTP ${error.status})`);
    else if (error.status === 400) console.error(`rejected: ${error.fieldErrors.map((f) => `${f.location}: ${f.message}`).join("; ") || error.message}`);
    else if (error.status === 401) console.error("missing or invalid credentials");
    else console.error(`${error.code}: ${error.message}`);
    return 1;
  }
  console.log(`attached ${data.card_brand ?? "card"} ${data.card_last4 ?? ""} as ${data.id}${data.is_default ? " (default)" : ""}`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.env.AETHER_ORG_ID ?? "2489e9ad-2ee2-8e00-8ec9-32d5f69181c0", process.argv[2] ?? "pm_example");
}
