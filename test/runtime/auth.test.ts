/**
 * Auth from security schemes: each scheme sends exactly what the spec says, an operation without
 * security sends nothing, alternatives are tried in order, providers (sync and async) are asked per
 * attempt, and a header the caller set is never overwritten.
 */
import { describe, expect, it } from "vitest";
import { createApiClient, type ApiDefinition, type ClientOptions, type OperationMeta, type SecurityScheme } from "../../templates/runtime/index.ts";
import { useFaultServer, type FaultServer } from "../support/fault-server.ts";
import { operation, problemEnvelope, type LooseClient } from "./fixtures.ts";

let server: FaultServer;
useFaultServer((started) => (server = started));

const ok = { kind: "reply" as const, status: 200, body: { ok: true } };
const responses = { "200": { kind: "success", json: true } } as const;

function api(schemes: Record<string, SecurityScheme>, security: OperationMeta["security"], options: ClientOptions<Record<string, unknown>> = {}): LooseClient {
  const definition: ApiDefinition = { name: "AuthClient", defaultBaseUrl: "", errorEnvelope: problemEnvelope, securitySchemes: schemes };
  const table = {
    secured: operation("secured", "GET", "/secured", responses, security),
    open: operation("open", "GET", "/open", responses, []),
  };
  return createApiClient<LooseClient>({ baseUrl: server.baseUrl, retry: { baseDelayMs: 1 }, ...options }, definition, table);
}

async function seen(client: LooseClient, method: "secured" | "open" = "secured", init?: object) {
  server.script(ok);
  const result = await client[method](init);
  expect(result.error).toBeUndefined();
  const request = server.requests[0]!;
  return { authorization: request.headers.authorization, cookie: request.headers.cookie, url: request.url, headers: request.headers };
}

describe("each scheme sends exactly what the spec says", () => {
  it("http bearer", async () => {
    const c = api({ bearer: { type: "http", scheme: "bearer" } }, [["bearer"]], { credentials: { bearer: "tok_bearer" } });
    expect(await seen(c)).toMatchObject({ authorization: "Bearer tok_bearer", cookie: undefined, url: "/secured" });
  });

  it("http basic, UTF-8", async () => {
    const c = api({ basic: { type: "http", scheme: "basic" } }, [["basic"]], { credentials: { basic: { username: "ada", password: "pässword" } } });
    const { authorization } = await seen(c);
    expect(authorization).toBe(`Basic ${Buffer.from("ada:pässword", "utf8").toString("base64")}`);
  });

  it("apiKey in a header, not as Bearer", async () => {
    const c = api({ key: { type: "apiKey", in: "header", name: "X-API-Key" } }, [["key"]], { credentials: { key: "k_header" } });
    const { authorization, headers } = await seen(c);
    expect(authorization).toBeUndefined();
    expect(headers["x-api-key"]).toBe("k_header");
  });

  it("apiKey in the query, next to the caller's query", async () => {
    const c = api({ key: { type: "apiKey", in: "query", name: "api_key" } }, [["key"]], { credentials: { key: "k q&" } });
    const { url, authorization } = await seen(c, "secured", { params: { query: { page: 2 } } });
    expect(url).toBe("/secured?page=2&api_key=k+q%26");
    expect(authorization).toBeUndefined();
  });

  it("apiKey in a cookie, next to the caller's cookies", async () => {
    const c = api({ session: { type: "apiKey", in: "cookie", name: "sid" } }, [["session"]], { credentials: { session: "s_cookie" }, headers: { Cookie: "theme=dark" } });
    expect((await seen(c)).cookie).toBe("theme=dark; sid=s_cookie");
  });

  it.each(["oauth2", "openIdConnect"] as const)("%s as a bearer token", async (type) => {
    const c = api({ oauth: { type } }, [["oauth"]], { credentials: { oauth: "tok_oauth" } });
    expect((await seen(c)).authorization).toBe("Bearer tok_oauth");
  });

  it("another http scheme with its own name", async () => {
    const c = api({ bot: { type: "http", scheme: "Bot" } }, [["bot"]], { credentials: { bot: "tok_bot" } });
    expect((await seen(c)).authorization).toBe("Bot tok_bot");
  });

  it("an operation without security sends no credential; a spec without security needs none", async () => {
    const c = api({ bearer: { type: "http", scheme: "bearer" } }, [["bearer"]], { credentials: { bearer: "tok" } });
    expect(await seen(c, "open")).toMatchObject({ authorization: undefined, cookie: undefined });
    const none = api({}, []);
    expect(await seen(none)).toMatchObject({ authorization: undefined });
  });

  it("both schemes of an AND requirement", async () => {
    const c = api({ key: { type: "apiKey", in: "header", name: "X-Key" }, bearer: { type: "http", scheme: "bearer" } }, [["key", "bearer"]], { credentials: { key: "k1", bearer: "t1" } });
    const { authorization, headers } = await seen(c);
    expect([authorization, headers["x-key"]]).toEqual(["Bearer t1", "k1"]);
  });
});

describe("choosing and resolving credentials", () => {
  const schemes: Record<string, SecurityScheme> = { bearer: { type: "http", scheme: "bearer" }, basic: { type: "http", scheme: "basic" } };

  it("the first alternative whose credentials are all given", async () => {
    const c = api(schemes, [["bearer"], ["basic"]], { credentials: { basic: { username: "u", password: "p" } } });
    expect((await seen(c)).authorization).toMatch(/^Basic /);
  });

  it("an anonymous alternative sends nothing when no credential is given", async () => {
    const c = api(schemes, [["bearer"], []]);
    expect((await seen(c)).authorization).toBeUndefined();
  });

  it("apiKey fills every token-like scheme credentials leave unset, never basic", async () => {
    expect((await seen(api(schemes, [["bearer"]], { apiKey: "legacy_key" }))).authorization).toBe("Bearer legacy_key");
    expect((await seen(api(schemes, [["basic"]], { apiKey: "legacy_key" }))).authorization).toBeUndefined();
  });

  it("a header the caller set is never overwritten, per call or per client", async () => {
    const c = api(schemes, [["bearer"]], { credentials: { bearer: "tok" } });
    expect((await seen(c, "secured", { headers: { Authorization: "Bot mine" } })).authorization).toBe("Bot mine");
    const d = api(schemes, [["bearer"]], { credentials: { bearer: "tok" }, headers: { Authorization: "Bot client" } });
    expect((await seen(d)).authorization).toBe("Bot client");
  });

  it("sync and async providers are asked before every attempt (a retry gets the refreshed token)", async () => {
    let n = 0;
    const c = api(schemes, [["bearer"]], { credentials: { bearer: async () => `tok_${++n}` } });
    server.script({ kind: "reply", status: 503, body: "busy" }, ok);
    const result = await c.secured!();
    expect(result.error).toBeUndefined();
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer tok_1", "Bearer tok_2"]);
    const sync = api(schemes, [["basic"]], { credentials: { basic: () => ({ username: "u", password: "sync_pw" }) } });
    expect((await seen(sync)).authorization).toBe(`Basic ${btoa("u:sync_pw")}`);
  });

  it("a provider returning undefined falls through to the next alternative", async () => {
    const c = api(schemes, [["bearer"], ["basic"]], { credentials: { bearer: () => undefined, basic: { username: "u", password: "p" } } });
    expect((await seen(c)).authorization).toMatch(/^Basic /);
  });

  it("a provider that throws: request_not_sent, nothing sent, no rejection", async () => {
    const c = api(schemes, [["bearer"]], {
      credentials: {
        bearer: () => {
          throw new Error("vault down");
        },
      },
    });
    server.script(ok);
    const result = await c.secured!();
    expect(result.error).toMatchObject({ code: "request_not_sent", status: undefined });
    expect(result.error.message).toMatch(/was not sent: vault down/);
    expect(server.requests).toHaveLength(0);
  });

  it("a provider's tokens are redacted from errors", async () => {
    const c = api(schemes, [["bearer"]], { credentials: { bearer: async () => "tok_from_provider_123" } });
    server.script({ kind: "reply", status: 500, headers: { "content-type": "text/plain" }, body: "echo tok_from_provider_123" });
    const result = await c.secured!();
    expect(JSON.stringify(result.error)).not.toContain("tok_from_provider_123");
    expect(result.error.body).toBe("echo [redacted]");
  });

  it("static credentials of the wrong shape are refused at construction", () => {
    expect(() => api(schemes, [["basic"]], { credentials: { basic: "user:pw" } })).toThrow(/credentials.basic must be \{ username, password \}/);
    expect(() => api(schemes, [["bearer"]], { credentials: { bearer: 42 } })).toThrow(/credentials.bearer must be a non-empty string/);
  });
});

describe("middleware sees the request as it will be sent", () => {
  const bearer = { bearer: { type: "http", scheme: "bearer" } } as const;
  const watcher = (log: (string | null)[]) => ({
    onRequest({ request }: { request: Request }) {
      log.push(request.headers.get("Authorization"));
      return undefined;
    },
  });

  it("client middleware and a call's own middleware both see the credential, and it is sent once", async () => {
    const clientLog: (string | null)[] = [];
    const withClientMiddleware = api(bearer, [["bearer"]], { credentials: { bearer: "tok_a" }, middleware: [watcher(clientLog)] });
    expect(await seen(withClientMiddleware)).toMatchObject({ authorization: "Bearer tok_a" });
    expect(clientLog).toEqual(["Bearer tok_a"]);

    const callLog: (string | null)[] = [];
    const plain = api(bearer, [["bearer"]], { credentials: { bearer: "tok_b" } });
    expect(await seen(plain, "secured", { middleware: [watcher(callLog)] })).toMatchObject({ authorization: "Bearer tok_b" });
    expect(callLog).toEqual(["Bearer tok_b"]);
  });

  it("middleware added later with client.use gets a real Request that already carries the credential", async () => {
    const log: (string | null)[] = [];
    const c = api(bearer, [["bearer"]], { credentials: { bearer: "tok_c" } }) as LooseClient & { use(...m: object[]): void };
    c.use({
      onRequest({ request }: { request: Request }) {
        log.push(request instanceof Request ? request.headers.get("Authorization") : "not a Request");
        return undefined;
      },
    });
    expect(await seen(c)).toMatchObject({ authorization: "Bearer tok_c" });
    expect(log).toEqual(["Bearer tok_c"]);
  });
});

describe("scheme names that are Object.prototype members", () => {
  it("a scheme named toString gets the apiKey, not the prototype's function", async () => {
    const c = api({ toString: { type: "http", scheme: "bearer" } as SecurityScheme }, [["toString"]], { apiKey: "tok_api" });
    expect((await seen(c)).authorization).toBe("Bearer tok_api");
  });

  it("a scheme named toString gets its own credential", async () => {
    const c = api({ toString: { type: "http", scheme: "bearer" } as SecurityScheme }, [["toString"]], { credentials: { toString: "tok_own" } });
    expect((await seen(c)).authorization).toBe("Bearer tok_own");
  });

  it("a requirement naming constructor, which the API does not define, is an unknown scheme, not the prototype's", async () => {
    const c = api({}, [["constructor"]], { apiKey: "tok_api" });
    expect((await seen(c)).authorization).toBe("unknown tok_api");
  });
});
