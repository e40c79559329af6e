/**
 * Hand-written API definitions and operation tables, shaped like generated ones, for testing the
 * runtime in templates/runtime/ directly (no generation involved): a HostUp-like Problem Details
 * API with bearer and cookie auth, and one API per other error envelope and security scheme.
 */
import { createApiClient, refuseCardNumber } from "../../templates/runtime/index.ts";
import type {
  ApiDefinition,
  ClientOptions,
  ErrorEnvelope,
  OperationMeta,
  Result,
  SecurityScheme,
} from "../../templates/runtime/index.ts";

type Responses = OperationMeta["responses"];
const json = { kind: "error", json: true } as const;
const pinned = (...codes: string[]) => ({ ...json, codes });

/** HostUp's standard error responses: Problem Details with a code pinned per status. */
const problemErrors: Responses = {
  "400": pinned("invalid_request"),
  "401": pinned("unauthorized"),
  "403": pinned("forbidden"),
  "404": pinned("not_found"),
  "429": pinned("rate_limit_exceeded"),
  "500": pinned("internal_error"),
};

export function operation(
  operationId: string,
  method: string,
  path: string,
  responses: Responses,
  security: OperationMeta["security"] = [["bearerAuth"], ["sessionCookie"]],
): OperationMeta {
  return { operationId, methodName: operationId, method, path, summary: undefined, scopes: [], security, successStatus: undefined, responses };
}

const okJson = (status = "200") => ({ [status]: { kind: "success", json: true } }) as const;

export const hostupTable = {
  listSavedCards: operation("listSavedCards", "GET", "/api/v2/billing/cards", { ...okJson(), ...problemErrors }),
  storeSavedCard: operation("storeSavedCard", "POST", "/api/v2/billing/cards", { ...okJson("201"), ...problemErrors }),
  deleteSavedCard: operation("deleteSavedCard", "DELETE", "/api/v2/billing/cards/{id}", { "2XX": { kind: "success", json: false }, ...problemErrors }),
  orderStorageAddon: operation("orderStorageAddon", "POST", "/api/v2/shared-hosting/{accountId}/addons/storage", { ...okJson("201"), ...problemErrors }),
  renameSharedHostingAccount: operation("renameSharedHostingAccount", "PATCH", "/api/v2/shared-hosting/{accountId}", { ...okJson(), ...problemErrors }),
  getStatus: operation("getStatus", "GET", "/api/v2/status", okJson(), []),
};

export const problemEnvelope: ErrorEnvelope = {
  code: "/code",
  message: ["/detail", "/title"],
  requestId: "/requestId",
  requestIdHeader: "x-request-id",
  fieldErrors: { items: "/errors", location: "/pointer", code: "/code", message: "/detail" },
};

export const hostupDefinition: ApiDefinition = {
  name: "HostupClient",
  defaultBaseUrl: "https://cloud.hostup.se",
  errorEnvelope: problemEnvelope,
  securitySchemes: {
    bearerAuth: { type: "http", scheme: "bearer" },
    sessionCookie: { type: "apiKey", in: "cookie", name: "hostup_session" },
  },
  guard: refuseCardNumber,
  validateResponse: undefined,
};

/** A client whose methods are untyped: the runtime's behaviour, not its types, is under test. */
type Method = (init?: object) => Promise<Result<any, any>>;
type MethodName = keyof typeof hostupTable | "getThing" | "secured" | "open";
export type LooseClient = Record<MethodName, Method> & {
  GET(url: string, init?: object): Promise<{ data?: any; error?: any; response: Response }>;
  POST(url: string, init?: object): Promise<{ data?: any; error?: any; response: Response }>;
  request(method: string, url: string, init?: object): Promise<{ data?: any; error?: any; response: Response }>;
};

export interface HostupCredentials {
  bearerAuth?: ClientOptions["apiKey"];
  sessionCookie?: ClientOptions["apiKey"];
}

export function hostupClient(options: ClientOptions<HostupCredentials> = {}): LooseClient {
  return createApiClient<LooseClient>(options, hostupDefinition, hostupTable);
}

/** One small API per error envelope, each documenting `GET /thing` (200) and its errors. */
export function envelopeApi(errorEnvelope: ErrorEnvelope, errors: Responses, securitySchemes: Record<string, SecurityScheme> = {}): { definition: ApiDefinition; table: Record<string, OperationMeta> } {
  return {
    definition: { name: "EnvelopeClient", defaultBaseUrl: "", errorEnvelope, securitySchemes },
    table: { getThing: operation("getThing", "GET", "/thing", { ...okJson(), ...errors }, []) },
  };
}

export const ENVELOPES = {
  problemDetails: {
    envelope: { code: "/code", message: ["/detail", "/title"], fieldErrors: { items: "/errors", location: "/pointer", message: "/detail" } },
    errors: { "400": json, "404": json },
  },
  errorObject: {
    envelope: { code: "/error/code", message: ["/error/message"], fieldErrors: { items: "/error/details", location: "/field", code: "/code", message: "/message" } },
    errors: { "400": json, "422": json },
  },
  numericCode: { envelope: { code: "/code", message: ["/message"] }, errors: { "404": pinned("10003", "10004") } },
  errorsArray: { envelope: { code: "/errors/0/code", message: ["/errors/0/long_message", "/errors/0/message"] }, errors: { "404": json } },
  messageOnly: { envelope: { message: ["/message"] }, errors: { "400": json, "404": json } },
} satisfies Record<string, { envelope: ErrorEnvelope; errors: Responses }>;

/** Append the Luhn check digit to a string of digits. */
export function luhn(payload: string): string {
  for (let check = 0; check < 10; check++) {
    const digits = payload + check;
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let d = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    if (sum % 10 === 0) return digits;
  }
  throw new Error("unreachable");
}

/** The resilience suites' client: HostUp-like, against a fault server, with a short timeout and quick retries. */
export const FAULT_API_KEY = "sk_test_resilience_0123456789";
export const CARDS = [{ id: "card_1", brand: "visa", last4: "4242", expMonth: 12, expYear: 2028, cardholderName: null, isPrimary: true, addedAt: null }];
export const ORDER = { invoiceId: "inv_1", orderId: "ord_1", redirectUrl: "/billing?invoice=inv_1" };
export const ok = (body: object = CARDS) => ({ kind: "reply" as const, status: 200, body });
export const accountPath = { params: { path: { accountId: "acct_1" } } };

export function faultClient(baseUrl: string, options: ClientOptions<HostupCredentials> = {}): LooseClient {
  return hostupClient({ apiKey: FAULT_API_KEY, baseUrl, timeoutMs: 2_000, ...options, retry: { baseDelayMs: 5, ...options.retry } });
}

/** Run `fn`, returning its result and the elapsed milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, performance.now() - start];
}
