/**
 * Attach a Stripe payment method to an Aether organization.
 *
 *   AETHER_API_KEY=... AETHER_ORG_ID=<uuid> node --import tsx examples/aether-attach.ts pm_123
 */
import { createAetherClient } from "@contractgen/billing-clients/aether";

const client = createAetherClient({
  apiKey: process.env.AETHER_API_KEY,
  ...(process.env.AETHER_BASE_URL ? { baseUrl: process.env.AETHER_BASE_URL } : {}),
});

export async function main(orgID: string, stripePaymentMethodId: string): Promise<number> {
  const { data, error } = await client.attachPaymentMethod({
    params: { path: { orgID } },
    body: { stripe_pm_id: stripePaymentMethodId, is_default: true },
  });
  if (error) {
    // Aether's codes are not enumerated in its documentation: set aside what the spec does not
    // document (transport failures, unexpected answers), then branch on the status.
    if (!error.documented) {
      console.error(`${error.code}: ${error.message}`);
      return 1;
    }
    switch (error.status) {
      case 400:
      case 422: // the documents do not say which of the two a validation failure uses
        console.error(`rejected: ${error.body.error.details?.map((d) => `${d.field}: ${d.message}`).join("; ") ?? error.message}`);
        return 1;
      case 401:
        console.error("missing or invalid credentials");
        return 1;
      default: {
        const unreachable: never = error;
        return unreachable;
      }
    }
  }
  console.log(`attached ${data.card_brand ?? "card"} ${data.card_last4 ?? ""} as ${data.id}${data.is_default ? " (default)" : ""}`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.env.AETHER_ORG_ID ?? "2489e9ad-2ee2-8e00-8ec9-32d5f69181c0", process.argv[2] ?? "pm_example");
}
