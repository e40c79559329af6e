/**
 * query.ts (TanStack Query options) at run time: stable keys, a queryFn that resolves to the data
 * and throws the typed error object, mutation options over the operation's init, and a bundle of one
 * operation's options that holds no other operation.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { hashKey, MutationObserver, QueryClient } from "@tanstack/query-core";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createHostupClient,
  createHostupCore,
  getSharedHostingAccountQueryKey,
  getSharedHostingAccountQueryOptions,
  listSavedCardsQueryKey,
  listSavedCardsQueryOptions,
  storeSavedCardMutationOptions,
} from "../generated/hostup/index.ts";

const root = resolve(import.meta.dirname, "..");
const CARD = { id: "card_1", brand: "visa", last4: "4242", expMonth: 12, expYear: 2028, cardholderName: null, isPrimary: true, addedAt: null };

let server: Server;
let baseUrl: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/api/v2/billing/cards" && req.method === "GET") return void res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify([CARD]));
    if (req.url === "/api/v2/billing/cards" && req.method === "POST") return void res.writeHead(201, { "Content-Type": "application/json" }).end(JSON.stringify(CARD));
    const body = { type: "about:blank", title: "Not Found", status: 404, code: "not_found", detail: "No such account." };
    res.writeHead(404, { "Content-Type": "application/problem+json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe("query keys", () => {
  it("are equal for equal inits, whatever the order of their keys, and differ for other parameters", () => {
    const a = getSharedHostingAccountQueryKey({ params: { path: { accountId: "acct_1" } } });
    const b = getSharedHostingAccountQueryKey({ params: { path: { accountId: "acct_1" } } });
    expect(a).toEqual(["hostup", "getSharedHostingAccount", { path: { accountId: "acct_1" } }]);
    expect(hashKey(a)).toBe(hashKey(b));
    expect(hashKey(a)).not.toBe(hashKey(getSharedHostingAccountQueryKey({ params: { path: { accountId: "acct_2" } } })));
    expect(hashKey(listSavedCardsQueryKey())).toBe(hashKey(listSavedCardsQueryKey({})));
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it("never hold the call's signal or headers", () => {
    const key = listSavedCardsQueryKey({ signal: new AbortController().signal, headers: { Authorization: "Bearer secret" } } as never);
    expect(JSON.stringify(key)).not.toContain("secret");
    expect(key).toEqual(["hostup", "listSavedCards", {}]);
  });
});

describe("query and mutation options", () => {
  it("resolve to the data, through a client or a core, with TanStack's signal", async () => {
    const queries = new QueryClient();
    expect(await queries.fetchQuery(listSavedCardsQueryOptions(createHostupClient({ baseUrl, apiKey: "k" })))).toEqual([CARD]);
    expect(await new QueryClient().fetchQuery(listSavedCardsQueryOptions(createHostupCore({ baseUrl, apiKey: "k" })))).toEqual([CARD]);
    expect(queries.getQueryData(listSavedCardsQueryKey())).toEqual([CARD]);
  });

  it("throw the operation's typed error object", async () => {
    const options = getSharedHostingAccountQueryOptions(createHostupCore({ baseUrl, apiKey: "k" }), { params: { path: { accountId: "acct_missing" } } });
    const failure = await new QueryClient().fetchQuery({ ...options, retry: false }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ documented: true, status: 404, code: "not_found", message: "No such account." });
  });

  it("mutate with the operation's init as variables, and fail with its error", async () => {
    const observer = new MutationObserver(new QueryClient(), storeSavedCardMutationOptions(createHostupCore({ baseUrl, apiKey: "k" })));
    expect(await observer.mutate({ body: { paymentMethodToken: "tok_1" } })).toEqual(CARD);
    const refused = new MutationObserver(new QueryClient(), storeSavedCardMutationOptions(createHostupCore({ baseUrl, apiKey: "k" })));
    const failure = await refused.mutate({ body: { paymentMethodToken: "4242424242424242" } }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "card_number_not_allowed" });
  });
});

describe("a bundle of one operation's query options", () => {
  it("holds that operation and none of the others", async () => {
    const entry = join(root, "test/fixtures/query/one-query.ts");
    const result = await build({ entryPoints: [entry], bundle: true, format: "esm", write: false, minify: true, logLevel: "silent" });
    const code = result.outputFiles[0]!.text;
    expect(code).toContain("/api/v2/billing/cards");
    for (const other of ["/addons/storage", "/api/v2/billing/activity", "/api/v2/shared-hosting"]) expect(code, other).not.toContain(other);
  });
});
