/**
 * Type-level tests of the runtime's public types, checked by `tsc --noEmit` over test/ (the
 * `@ts-expect-error` lines fail the type check when the line compiles) and run by vitest for the
 * few runtime facts beside them. A hand-written `paths`/`operations` pair stands in for
 * openapi-typescript's output.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  createApiClient,
  refuseCardNumber,
  type ApiDefinition,
  type BaseClient,
  type BasicCredentials,
  type CardNumberNotAllowedError,
  type ClientOptions,
  type CredentialInput,
  type DocumentedError,
  type InvalidResponseError,
  type OperationMethods,
  type TransportError,
} from "../../templates/runtime/index.ts";
import { operation } from "./fixtures.ts";

type NoParams = { query?: never; header?: never; path?: never; cookie?: never };
type Json<T> = { headers: { [name: string]: unknown }; content: { "application/json": T } };
interface Card {
  id: string;
}
interface Problem {
  type: string;
  title: string;
  code?: string;
}
interface operations {
  listCards: { parameters: { query?: { page?: number }; header?: never; path?: never; cookie?: never }; requestBody?: never; responses: { 200: Json<Card[]>; 404: Json<Problem> } };
  storeCard: { parameters: NoParams; requestBody: { content: { "application/json": { token: string } } }; responses: { 201: Json<Card> } };
  deleteCard: { parameters: { query?: never; header?: never; path: { id: string }; cookie?: never }; requestBody?: never; responses: { 204: { headers: { [name: string]: unknown }; content?: never } } };
}
type Unused = { put?: never; delete?: never; options?: never; head?: never; patch?: never; trace?: never };
interface paths {
  "/cards": Omit<Unused, never> & { parameters: NoParams; get: operations["listCards"]; post: operations["storeCard"] };
  "/cards/{id}": Omit<Unused, "delete"> & { parameters: NoParams; get?: never; post?: never; delete: operations["deleteCard"] };
}

type ListCardsError =
  | DocumentedError<404, "not_found" | "gone", Problem>
  | DocumentedError<400, undefined, { message: string }>
  | TransportError;
interface CardOperations {
  listCards: { path: "/cards"; method: "get"; data: Card[]; error: ListCardsError };
  storeCard: { path: "/cards"; method: "post"; data: Card; error: TransportError | CardNumberNotAllowedError };
  deleteCard: { path: "/cards/{id}"; method: "delete"; data: undefined; error: TransportError };
}
interface CardCredentials {
  bearerAuth?: CredentialInput<string>;
  basicAuth?: CredentialInput<BasicCredentials>;
}
type CardClient = BaseClient<paths> & OperationMethods<paths, CardOperations>;

const definition: ApiDefinition = {
  name: "CardClient",
  defaultBaseUrl: "https://cards.example.com",
  errorEnvelope: { code: "/code", message: ["/title"] },
  securitySchemes: { bearerAuth: { type: "http", scheme: "bearer" }, basicAuth: { type: "http", scheme: "basic" } },
  guard: refuseCardNumber,
  validateResponse: undefined,
};
const table = {
  listCards: operation("listCards", "GET", "/cards", {}, [["bearerAuth"]]),
  storeCard: operation("storeCard", "POST", "/cards", {}, [["bearerAuth"], ["basicAuth"]]),
  deleteCard: operation("deleteCard", "DELETE", "/cards/{id}", {}, []),
};
const createCardClient = (options: ClientOptions<CardCredentials> = {}) => createApiClient<CardClient>(options, definition, table);

/** Compile-time check: every member of the union is handled, transport failures included. */
export function describeListCardsError(error: ListCardsError): string {
  switch (error.code) {
    case "not_found":
    case "gone":
      return `${error.status} ${error.body.title}`;
    case undefined:
      return error.body.message;
    case "invalid_response":
      return `${error.reason} ${error.serverCode ?? ""} ${error.serverMessage ?? ""}`;
    case "response_too_large":
      return `over ${error.maxResponseBytes}`;
    case "network_error":
    case "request_not_sent":
    case "timeout":
    case "aborted":
      return error.message;
    default: {
      const exhaustive: never = error;
      return exhaustive;
    }
  }
}

describe("types", () => {
  it("operation methods take openapi-fetch's init and resolve to a narrowing Result", async () => {
    const client = createCardClient({ baseUrl: "http://127.0.0.1:1", retry: { maxRetries: 0 } });
    // The init is optional when nothing in it is required, and typed by the spec.
    expectTypeOf<undefined>().toMatchTypeOf<Parameters<typeof client.listCards>[0]>();
    expectTypeOf<{ params: { query: { page: number } } }>().toMatchTypeOf<Parameters<typeof client.listCards>[0]>();
    expectTypeOf<{ params: { query: { page: string } } }>().not.toMatchTypeOf<Parameters<typeof client.listCards>[0]>();
    const result = await client.listCards({ params: { query: { page: 2 } } });
    if (result.error) {
      expectTypeOf(result.error).toEqualTypeOf<ListCardsError>();
      expectTypeOf(result.response).toEqualTypeOf<Response | undefined>();
      expect(result.error.code).toBe("network_error");
    } else {
      expectTypeOf(result.data).toEqualTypeOf<Card[]>();
      expectTypeOf(result.response).toEqualTypeOf<Response>();
    }
    expectTypeOf<{ params: { path: { id: string } } }>().toMatchTypeOf<Parameters<typeof client.deleteCard>[0]>();
    expectTypeOf<undefined>().not.toMatchTypeOf<Parameters<typeof client.deleteCard>[0]>();
    if (Math.random() > 2) {
      // @ts-expect-error: missing init with the required path parameter
      await client.deleteCard();
      // @ts-expect-error: the body's token must be a string
      await client.storeCard({ body: { token: 1 } });
      // @ts-expect-error: no such operation
      await client.listCard();
    }
  });

  it("error members", () => {
    expectTypeOf<CardNumberNotAllowedError>().not.toMatchTypeOf<TransportError>();
    expectTypeOf<DocumentedError<404, undefined, unknown>["code"]>().toEqualTypeOf<undefined>();
    expectTypeOf<DocumentedError<404, "a" | "b", unknown>["documented"]>().toEqualTypeOf<true>();
    expectTypeOf<InvalidResponseError["reason"]>().toEqualTypeOf<"undocumented_status" | "undocumented_code" | "unexpected_content_type" | "unparsable_body" | "redirect">();
    expectTypeOf<TransportError["documented"]>().toEqualTypeOf<false>();
    expectTypeOf<TransportError["code"]>().toEqualTypeOf<"network_error" | "request_not_sent" | "timeout" | "aborted" | "invalid_response" | "response_too_large">();
  });

  it("options: nothing required, credentials typed by scheme name, values or providers", () => {
    expectTypeOf<{}>().toMatchTypeOf<ClientOptions<CardCredentials>>();
    const options: ClientOptions<CardCredentials> = {
      credentials: { bearerAuth: async () => "token", basicAuth: { username: "u", password: "p" } },
      apiKey: () => undefined,
      onContractDrift: (report) => expectTypeOf(report.mismatches[0]!.pointer).toEqualTypeOf<string>(),
    };
    expect(() => createCardClient(options)).not.toThrow();
    // @ts-expect-error: no such scheme
    const typo: ClientOptions<CardCredentials> = { credentials: { bearerAuht: "x" } };
    // @ts-expect-error: basic takes a username and a password
    const basic: ClientOptions<CardCredentials> = { credentials: { basicAuth: "u:p" } };
    // @ts-expect-error: timeoutMs is a number
    const timeout: ClientOptions<CardCredentials> = { timeoutMs: "100" };
    void [typo, basic, timeout];
  });
});
