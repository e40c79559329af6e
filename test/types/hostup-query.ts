/**
 * Type-level tests of query.ts (TanStack Query options), enforced by `tsc --noEmit`
 * (test/typecheck.test.ts): `useQuery`/`useMutation` over the generated options type `data`,
 * `error` and the variables as the operation's, and `@ts-expect-error` lines that must keep failing.
 */
import { QueryClient, useMutation, useQuery } from "@tanstack/react-query";
import { expectTypeOf } from "vitest";
import {
  createHostupClient,
  createHostupCore,
  getSharedHostingAccountQueryKey,
  getSharedHostingAccountQueryOptions,
  listSavedCardsQueryKey,
  listSavedCardsQueryOptions,
  storeSavedCardMutationOptions,
  type ListSavedCardsData,
  type ListSavedCardsError,
  type StoreSavedCardData,
  type StoreSavedCardError,
} from "../../generated/hostup/index.js";

const client = createHostupClient({ apiKey: "k" });
const core = createHostupCore({ apiKey: "k" });

export function CardsQuery(): string {
  const cards = useQuery(listSavedCardsQueryOptions(client));
  expectTypeOf(cards.data).toEqualTypeOf<ListSavedCardsData | undefined>();
  expectTypeOf(cards.error).toEqualTypeOf<ListSavedCardsError | null>();
  const error = cards.error;
  if (!error) return "ok";
  switch (error.code) {
    case "invalid_request":
    case "unauthorized":
    case "forbidden":
    case "not_found":
    case "rate_limit_exceeded":
    case "internal_error":
      expectTypeOf(error.documented).toEqualTypeOf<true>();
      return error.message;
    case "network_error":
    case "request_not_sent":
    case "timeout":
    case "aborted":
    case "invalid_response":
    case "response_too_large":
    case "card_number_not_allowed":
      return error.message;
    default: {
      const unreachable: never = error;
      return unreachable;
    }
  }
}

export function MissingCase(error: ListSavedCardsError): string {
  switch (error.code) {
    case "invalid_request":
    case "unauthorized":
    case "forbidden":
    case "not_found":
    case "rate_limit_exceeded":
    case "network_error":
    case "timeout":
    case "aborted":
    case "invalid_response":
    case "response_too_large":
    case "card_number_not_allowed":
      return error.message;
    default: {
      // @ts-expect-error -- "internal_error" is not handled, so `error` is not `never`
      const unreachable: never = error;
      return unreachable;
    }
  }
}

export function StoreMutation(): void {
  // The standalone core works as well as the client.
  const store = useMutation(storeSavedCardMutationOptions(core));
  expectTypeOf(store.data).toEqualTypeOf<StoreSavedCardData | undefined>();
  expectTypeOf(store.error).toEqualTypeOf<StoreSavedCardError | null>();
  store.mutate({ body: { paymentMethodToken: "tok_1" } });
  // @ts-expect-error -- the variables are the operation's init: a body is required
  store.mutate();
  // @ts-expect-error -- and typed by the spec
  store.mutate({ body: { paymentMethodToken: 42 } });
}

export async function Keys(): Promise<void> {
  // A path parameter is required, in the key as in the call.
  // @ts-expect-error -- getSharedHostingAccount needs its accountId
  getSharedHostingAccountQueryKey();
  // @ts-expect-error -- so do its options
  getSharedHostingAccountQueryOptions(client);
  const key = getSharedHostingAccountQueryKey({ params: { path: { accountId: "a" } } });
  expectTypeOf(key[1]).toEqualTypeOf<"getSharedHostingAccount">();
  // The key is tagged: the cache's data for it is the operation's.
  const cached = new QueryClient().getQueryData(listSavedCardsQueryKey());
  expectTypeOf(cached).toEqualTypeOf<ListSavedCardsData | undefined>();
}
