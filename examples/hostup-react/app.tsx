/**
 * A React page over the generated TanStack Query options: it lists the saved cards of a HostUp
 * account, looks up a shared-hosting account, and renders every error by its code. The compiler
 * checks that each `switch` covers every code the spec documents, and every transport failure.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { HostupClient, ListSavedCardsError, GetSharedHostingAccountError } from "@contractgen/billing-clients/hostup";
import {
  deleteSavedCardMutationOptions,
  getSharedHostingAccountQueryOptions,
  listSavedCardsQueryKey,
  listSavedCardsQueryOptions,
} from "@contractgen/billing-clients/hostup";

/** One sentence for every way a lookup can fail; a forgotten code does not compile. */
export function describeError(error: ListSavedCardsError | GetSharedHostingAccountError): string {
  switch (error.code) {
    case "invalid_request":
      return `invalid request: ${error.message}`;
    case "unauthorized":
      return "sign in again";
    case "forbidden":
      return "this key may not read billing data";
    case "not_found":
      return `not found (HTTP ${error.status})`;
    case "rate_limit_exceeded":
      return `slow down: retry in ${error.retryAfter ?? "a few"} seconds`;
    case "internal_error":
      return `HostUp failed (request ${error.requestId ?? "unknown"})`;
    case "network_error":
    case "timeout":
    case "aborted":
      return `could not reach HostUp: ${error.message}`;
    case "request_not_sent":
      return `not sent: ${error.message}`;
    case "card_number_not_allowed":
      return "refused to send a card number";
    case "invalid_response":
    case "response_too_large":
      return `unexpected answer from HostUp: ${error.message}`;
    default: {
      const unreachable: never = error;
      return unreachable;
    }
  }
}

export function SavedCards({ client }: { client: HostupClient }) {
  const queryClient = useQueryClient();
  const cards = useQuery(listSavedCardsQueryOptions(client));
  const remove = useMutation({
    ...deleteSavedCardMutationOptions(client),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: listSavedCardsQueryKey() }),
  });
  if (cards.isPending) return <p>Loading cards…</p>;
  if (cards.isError) return <p role="alert">Cards: {describeError(cards.error)}</p>;
  return (
    <ul aria-label="saved cards">
      {cards.data.map((card) => (
        <li key={card.id}>
          {card.brand} ending {card.last4}, expires {card.expMonth}/{card.expYear}{" "}
          <button onClick={() => remove.mutate({ params: { path: { id: card.id } } })}>Remove</button>
        </li>
      ))}
      {remove.error ? <li role="alert">Remove: {remove.error.code}</li> : null}
    </ul>
  );
}

export function Account({ client, accountId }: { client: HostupClient; accountId: string }) {
  const account = useQuery({
    ...getSharedHostingAccountQueryOptions(client, { params: { path: { accountId } } }),
    retry: false,
  });
  if (account.isPending) return <p>Loading account…</p>;
  if (account.isError) return <p role="alert">Account {accountId}: {describeError(account.error)}</p>;
  return <p>Account {accountId} found</p>;
}
