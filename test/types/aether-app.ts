/** Type-level tests for the Aether client, whose error envelope is `{ error: { code, message, details } }`. */
import { expectTypeOf } from "vitest";
import { createAetherClient, toApiError, type AttachPaymentMethodError } from "../../generated/aether/index.js";

export async function attach(orgID: string): Promise<string> {
  const client = createAetherClient({ apiKey: "k" });
  const { data, error } = await client.attachPaymentMethod({ params: { path: { orgID } }, body: { stripe_pm_id: "pm_1" } });
  if (error) {
    // transport failures and undocumented responses (which keep their HTTP status) are set aside first
    if (!error.documented) return `${error.code} ${error.status ?? ""}`;
    switch (error.status) {
      case 400:
        // Aether does not pin its codes: code is any string, field errors come from error.details
        expectTypeOf(error.code).toEqualTypeOf<string>();
        expectTypeOf(error.body.error.details).toEqualTypeOf<{ field: string; code: string; message: string }[] | undefined>();
        return error.fieldErrors.map((f) => f.location).join(",");
      case 401:
        return error.message;
      default:
        return toApiError(error).code ?? String(error.status);
    }
  }
  expectTypeOf(data.card_last4).toEqualTypeOf<string | null | undefined>();
  expectTypeOf(data.is_default).toEqualTypeOf<boolean>();
  return data.id;
}

export async function requiredBody(): Promise<void> {
  const client = createAetherClient({ apiKey: "k" });
  // @ts-expect-error stripe_pm_id is required
  await client.attachPaymentMethod({ params: { path: { orgID: "x" } }, body: { is_default: true } });
  // @ts-expect-error orgID is required
  await client.attachPaymentMethod({ body: { stripe_pm_id: "pm_1" } });
}

export function statuses(error: AttachPaymentMethodError): void {
  // 404 is not documented: only invalid_response (which keeps any HTTP status) and a too-large answer can carry it
  if (error.status === 404) expectTypeOf(error.code).toEqualTypeOf<"invalid_response" | "response_too_large">();
  // @ts-expect-error a status is a number
  if (error.status === "404") return;
}
