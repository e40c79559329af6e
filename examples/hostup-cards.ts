/**
 * List the saved cards of a HostUp account, then order a 10 GB storage add-on for a shared-hosting
 * account, handling every error the API documents (and every transport failure) exhaustively.
 *
 *   HOSTUP_API_KEY=... HOSTUP_ACCOUNT_ID=acct_... node --import tsx examples/hostup-cards.ts
 */
import { createHostupClient, toApiError, type OrderStorageAddonError } from "@contractgen/billing-clients/hostup";

const client = createHostupClient({
  // Sent as the bearer token of the operations that need one; unset, calls go out without it (and get a 401).
  apiKey: process.env.HOSTUP_API_KEY,
  // Defaults to https://cloud.hostup.se; point it at a mock server in tests.
  ...(process.env.HOSTUP_BASE_URL ? { baseUrl: process.env.HOSTUP_BASE_URL } : {}),
  timeoutMs: 10_000,
  retry: { maxRetries: 2, maxDelayMs: 30_000 },
  onRateLimit: ({ retryAfter, remaining }) => console.warn(`rate limited: retry after ${retryAfter ?? "?"} s, ${remaining ?? "?"} left`),
});

/** One line for every way ordering can fail; the compiler checks that no code is forgotten. */
export function describeOrderError(error: OrderStorageAddonError): string {
  switch (error.code) {
    case "invalid_request":
      return `invalid request: ${error.fieldErrors.map((f) => `${f.location} ${f.message}`).join("; ") || error.message}`;
    case "unauthorized":
      return "the API key is missing or invalid";
    case "forbidden":
      return "the API key lacks the write:billing scope, or the account is not yours";
    case "not_found":
      return "no such shared-hosting account";
    case "rate_limit_exceeded":
      return `rate limited; retry in ${error.retryAfter ?? "a few"} seconds`;
    case "internal_error":
      return `HostUp failed (request ${error.requestId ?? "unknown"}); retry later`;
    case "network_error":
    case "timeout":
    case "aborted":
      return `could not reach HostUp: ${error.message}`;
    case "request_not_sent":
      // refused before sending (a body that cannot be encoded, a bad per-call baseUrl): a retry cannot help
      return `not sent: ${error.message}`;
    case "invalid_response":
      // an undocumented status or code: what the server said is kept
      return `unexpected answer from HostUp (HTTP ${error.status}${error.serverCode ? `, ${error.serverCode}` : ""}): ${error.serverMessage ?? error.message}`;
    case "response_too_large":
      return `HostUp's answer was larger than the client accepts: ${error.message}`;
    case "card_number_not_allowed":
      return "refused to send a raw card number";
    default: {
      const unreachable: never = error;
      return unreachable;
    }
  }
}

export async function main(accountId: string): Promise<number> {
  const cards = await client.listSavedCards();
  if (cards.error) {
    console.error(`listing cards failed: ${toApiError(cards.error).code}: ${cards.error.message}`);
    return 1;
  }
  for (const card of cards.data) {
    console.log(`${card.brand} ending in ${card.last4 ?? "????"}${card.isPrimary ? " (primary)" : ""}`);
  }

  const order = await client.orderStorageAddon({
    params: { path: { accountId } },
    body: { addonId: "storage-10gb" }, // omit paymentMethod for the invoice flow
  });
  if (order.error) {
    console.error(describeOrderError(order.error));
    return 1;
  }
  console.log(`ordered: invoice ${order.data.invoiceId ?? "-"}, pay at ${order.data.redirectUrl ?? "-"}`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.env.HOSTUP_ACCOUNT_ID ?? "acct_01hxa3b4c5d6e7f8g9h0j1k2m3");
}
