/**
 * Secrets out of drift reports, by kind: the name and shape rules on their own, then a recording with
 * secrets planted everywhere a HAR file carries them (query, fragment, userinfo, path, headers,
 * cookies, Set-Cookie, form and JSON bodies, echoes within and across exchanges), run through
 * `contractgen drift` in every format: none of them, nor any long piece of one, is in the output.
 */
import type { Entry, Har } from "har-format";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { driftCommand, parseHar, type DriftReport } from "../generator/drift/index.ts";
import { createScrubber, isSecretPointer, REDACTED, secretNames } from "../generator/drift/redact.ts";
import { loadSpec } from "../generator/spec/load.ts";
import { isCardNumber, isIban, isSecretName, isSecretUrlName, looksLikeToken, replaceSecretShapes } from "../generator/drift/secrets.ts";

describe("secrets by name", () => {
  it.each([
    ["password", true],
    ["newPassword", true],
    ["client_secret", true],
    ["clientsecret", true],
    ["refresh_token", true],
    ["paymentMethodToken", true],
    ["otp", true],
    ["otpCode", true],
    ["cvc", true],
    ["CVV", true],
    ["iban", true],
    ["cardNumber", true],
    ["card_number", true],
    ["api_key", true],
    ["X-Api-Key", true],
    ["sessionid", true],
    ["x-csrf-token", true],
    ["code", false],
    ["message", false],
    ["compass", false],
    ["passenger", false],
    ["keyboard", false],
    ["expMonth", false],
  ])("body field %s: %s", (name, secret) => {
    expect(isSecretName(name)).toBe(secret);
  });

  it.each([
    ["code", true],
    ["sig", true],
    ["access-token", true],
    ["state", true],
    ["key", true],
    ["page", false],
    ["sort", false],
  ])("URL parameter %s: %s", (name, secret) => {
    expect(isSecretUrlName(name)).toBe(secret);
  });

  it("a JSON pointer through a secret-named field is secret", () => {
    expect(isSecretPointer("/card/cvc")).toBe(true);
    expect(isSecretPointer("/0/isPrimary")).toBe(false);
  });
});

describe("secrets by shape", () => {
  it.each([
    ["4111 1111 1111 1111", true],
    ["4012888888881881", true],
    ["378282246310005", true],
    ["4111111111111112", false], // fails Luhn
    ["1733561234567", false], // a millisecond timestamp: too short for a card
  ])("card number %s: %s", (text, want) => {
    expect(isCardNumber(text)).toBe(want);
  });

  it.each([
    ["GB82 WEST 1234 5698 7654 32", true],
    ["DE89370400440532013000", true],
    ["DE89370400440532013001", false],
  ])("IBAN %s: %s", (text, want) => {
    expect(isIban(text)).toBe(want);
  });

  it.each([
    ["Zk39aQpL2xVt7RmB8nWc4Y", true],
    ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbm4ifQ.c2lnbmF0dXJl", true],
    ["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", true],
    ["2489e9ad-2ee2-8e00-8ec9-32d5f69181c0", false], // a UUID is an id
    ["shared-hosting-accounts", false],
    ["acct_1", false],
  ])("token-like %s: %s", (text, want) => {
    expect(looksLikeToken(text)).toBe(want);
  });

  it("finds shapes inside longer text, and leaves lookalikes", () => {
    expect(replaceSecretShapes("card 4111 1111 1111 1111 12/28, iban GB82 WEST 1234 5698 7654 32.", "X")).toBe("card X 12/28, iban X.");
    expect(replaceSecretShapes("order 4111111111111112 at 1733561234567", "X")).toBe("order 4111111111111112 at 1733561234567");
  });
});

const HOST = "https://api.vault.test";
const SPEC = `openapi: 3.1.0
info: { title: Vault, version: "1" }
servers: [{ url: "${HOST}/v1" }]
components:
  securitySchemes:
    partner: { type: apiKey, in: header, name: X-Partner-Key }
  schemas:
    Strict:
      type: object
      properties: { ok: { type: boolean } }
      additionalProperties: { type: integer }
  responses:
    Strict:
      description: ok
      content: { application/json: { schema: { $ref: "#/components/schemas/Strict" } } }
paths:
  /oauth/callback: { get: { operationId: oauthCallback, responses: { "200": { $ref: "#/components/responses/Strict" } } } }
  /oauth/token: { post: { operationId: oauthToken, responses: { "200": { $ref: "#/components/responses/Strict" } } } }
  /payments:
    post:
      operationId: pay
      requestBody: { content: { application/json: { schema: { $ref: "#/components/schemas/Strict" } } } }
      responses: { "201": { description: created } }
  /session:
    post:
      operationId: login
      requestBody: { content: { application/x-www-form-urlencoded: { schema: { type: object } } } }
      responses: { "200": { $ref: "#/components/responses/Strict" } }
  /profile: { get: { operationId: profile, responses: { "200": { $ref: "#/components/responses/Strict" } } } }
  /invites/{inviteToken}: { get: { operationId: invite, responses: { "200": { $ref: "#/components/responses/Strict" } } } }
`;

/** Each planted secret by what it is; none may reach a report. */
const S = {
  queryCode: "4/0AbCdEfGh-oauthcode",
  queryClientSecret: "cs_live_Wq81mZ",
  queryPassword: "hunter2-Secret!",
  querySig: "sigAbc123def456",
  querySessionId: "sess-5f2a9c",
  queryAccessToken: "atk.77a1b2c3",
  bearer: "brr_ZYXWV98765",
  cookieSid: "ck_sid_0aa0bb0cc",
  partnerKey: "pk_partner_31415926",
  pathToken: "Zk39aQpL2xVt7RmB8nWc4Y",
  cardNumber: "4111 1111 1111 1111",
  cardAsReference: "5555555555554444",
  cvc: "7319",
  iban: "GB82 WEST 1234 5698 7654 32",
  otp: "582039",
  refreshToken: "rt_Qm4Lp9Xs2Vb7",
  formPassword: "correct horse battery",
  setCookie: "setck_88c7d6e5f4",
  cookieEchoedLater: "ck_other_13579bdf",
  fragmentToken: "frag_access_2468ace",
  userinfoPassword: "uinfo_pw_9753",
  basicPassword: "basic_pw_8642",
  jwt: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbm4ifQ.c2lnbmF0dXJlX2p3dA",
  brokenBodyKey: "bk_broken_1122334455",
  csrf: "csrf_7f7f7f7f7f",
  inviteToken: "inv_77aa",
  seenOnceReused: "rt_9f8e7d6c",
  redirectCode: "rc_0b1c2d3e4f",
} as const;

interface Planted {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  cookies?: Record<string, string>;
  form?: Record<string, string>;
  json?: unknown;
  status?: number;
  responseHeaders?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
}

function entry(p: Planted): Entry {
  const pairs = (o: Record<string, string> = {}) => Object.entries(o).map(([name, value]) => ({ name, value }));
  const postData = p.form
    ? { mimeType: "application/x-www-form-urlencoded", text: new URLSearchParams(p.form).toString() }
    : p.json !== undefined
      ? { mimeType: "application/json", text: JSON.stringify(p.json) }
      : undefined;
  const text = p.rawBody ?? (p.body === undefined ? "" : JSON.stringify(p.body));
  return {
    startedDateTime: "2026-01-01T00:00:00.000Z",
    time: 1,
    request: { method: p.method ?? "GET", url: p.url, httpVersion: "HTTP/1.1", headers: pairs(p.headers), queryString: [], cookies: pairs(p.cookies), headersSize: -1, bodySize: -1, ...(postData ? { postData } : {}) },
    response: {
      status: p.status ?? 200,
      statusText: "",
      httpVersion: "HTTP/1.1",
      headers: pairs(p.responseHeaders),
      cookies: [],
      content: { size: text.length, mimeType: text === "" ? "" : "application/json", text },
      redirectURL: "",
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: 1, receive: 0 },
  };
}

const basic = Buffer.from(`ann:${S.basicPassword}`).toString("base64");
const RECORDING: Planted[] = [
  {
    url: `${HOST}/v1/oauth/callback?code=${encodeURIComponent(S.queryCode)}&client_secret=${S.queryClientSecret}&password=${encodeURIComponent(S.queryPassword)}&sig=${S.querySig}&sessionid=${S.querySessionId}&access-token=${S.queryAccessToken}&page=2`,
    headers: { Authorization: `Bearer ${S.bearer}`, Cookie: `sid=${S.cookieSid}; theme=dark`, "X-Partner-Key": S.partnerKey },
    body: { ok: "yes", echo: `you sent ${S.bearer} and ${S.partnerKey}` },
  },
  // A token in the path of an operation the spec does not have: shown in the URL and as the actual path.
  { url: `${HOST}/v1/reset/${S.pathToken}`, status: 404, body: {} },
  {
    method: "POST",
    url: `${HOST}/v1/payments`,
    json: { card: { number: S.cardNumber, cvc: S.cvc }, iban: S.iban, otp: S.otp, reference: S.cardAsReference },
    status: 201,
  },
  { method: "POST", url: `${HOST}/v1/oauth/token`, body: { ok: true, refresh_token: S.refreshToken, note: `refresh with ${S.refreshToken}` } },
  {
    method: "POST",
    url: `${HOST}/v1/session`,
    form: { username: "ann", password: S.formPassword },
    responseHeaders: { "Set-Cookie": `session=${S.setCookie}; Path=/; HttpOnly` },
    body: { ok: true, debug: `cookie ${S.setCookie} set for ${S.formPassword}` },
  },
  { url: `${HOST}/v1/profile`, cookies: { other: S.cookieEchoedLater }, body: { ok: true } },
  // The cookie of the exchange before, echoed by another one.
  { url: `${HOST}/v1/profile`, body: { ok: true, seen: S.cookieEchoedLater } },
  { url: `${HOST}/v1/profile#access_token=${S.fragmentToken}&scope=read`, body: { ok: "fragment" } },
  { url: `https://ann:${S.userinfoPassword}@api.vault.test/v1/profile`, body: { ok: "userinfo" } },
  { url: `${HOST}/v1/profile`, headers: { Authorization: `Basic ${basic}` }, body: { ok: true, who: `ann:${S.basicPassword}` } },
  { url: `${HOST}/v1/profile`, body: { ok: true, note: S.jwt } },
  { url: `${HOST}/v1/profile`, rawBody: `{"api_key": "${S.brokenBodyKey}", "data": [` },
  { url: `${HOST}/v1/profile`, headers: { "X-CSRF-Token": S.csrf }, body: { ok: true, state: `csrf ${S.csrf}` } },
  { url: `${HOST}/v1/invites/${S.inviteToken}`, body: { ok: "invite" } },
  { method: "POST", url: `${HOST}/v1/oauth/token`, body: { ok: true, refresh_token: S.seenOnceReused } },
  // A redirect's Location carries an OAuth code, which the next exchange's body repeats.
  { url: `${HOST}/v1/profile`, status: 200, responseHeaders: { Location: `/v1/oauth/callback?code=${S.redirectCode}` }, body: { ok: true } },
  { url: `${HOST}/v1/profile`, body: { ok: true, last: `code ${S.redirectCode}` } },
  // A value seen once as a secret, later under a name that says nothing.
  { url: `${HOST}/v1/profile?ref=${S.seenOnceReused}`, body: { ok: "reused" } },
];

function plantedHar(dir: string): string {
  const har: Har = { log: { version: "1.2", creator: { name: "drift-redact.test", version: "1" }, entries: RECORDING.map(entry) } };
  const file = join(dir, "planted.har");
  writeFileSync(file, JSON.stringify(har));
  return file;
}

async function drift(dir: string, har: string, format: string): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l), cwd: dir };
  const code = await driftCommand.run({ api: "vault", har, format }, io as unknown as Parameters<typeof driftCommand.run>[1]);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** Every 10-character piece of a secret (the whole of a shorter one): a shortened value must not leak a prefix either. */
function pieces(secret: string): string[] {
  if (secret.length <= 10) return [secret];
  return Array.from({ length: secret.length - 9 }, (_, i) => secret.slice(i, i + 10));
}

describe("a recording with secrets planted everywhere", () => {
  const dir = mkdtempSync(join(tmpdir(), "contractgen-drift-redact-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "vault.yaml"), SPEC);
  writeFileSync(join(dir, "contractgen.config.json"), JSON.stringify({ apis: [{ name: "vault", spec: "vault.yaml", output: "out/vault" }] }));
  const har = plantedHar(dir);

  it("plants 26 and more distinct secrets, each in the HAR file", () => {
    const values = Object.values(S);
    expect(new Set(values).size).toBeGreaterThanOrEqual(26);
    const text = JSON.stringify(parseHar(JSON.parse(JSON.stringify({ log: { entries: RECORDING.map(entry) } }))));
    for (const secret of values) expect(text.includes(secret) || text.includes(encodeURIComponent(secret)) || secret === S.basicPassword).toBe(true);
  });

  it("reports the drift where the secrets sit, with the secrets redacted", async () => {
    const { code, out } = await drift(dir, har, "json");
    expect(code).toBe(1);
    const report = JSON.parse(out) as DriftReport;
    const at = (entry: number, pointer: string) => report.findings.find((f) => f.entry === entry && f.pointer === pointer);
    // Each of these findings would show its secret if it were not scrubbed.
    expect(at(3, "/card")?.actual).toBe(`{"number":"${REDACTED}","cvc":"${REDACTED}"}`);
    expect(at(3, "/iban")?.actual).toBe(REDACTED);
    expect(at(3, "/otp")?.actual).toBe(REDACTED);
    expect(at(3, "/reference")?.actual).toBe(`"${REDACTED}"`);
    expect(at(4, "/refresh_token")?.actual).toBe(REDACTED);
    expect(at(4, "/note")?.actual).toBe(`"refresh with ${REDACTED}"`);
    expect(at(5, "/debug")?.actual).toBe(`"cookie ${REDACTED} set for ${REDACTED}"`);
    expect(at(7, "/seen")?.actual).toBe(`"${REDACTED}"`);
    expect(at(11, "/note")?.actual).toBe(`"${REDACTED}"`);
    expect(report.findings.find((f) => f.entry === 2)).toMatchObject({ rule: "undocumented-operation", url: `${HOST}/v1/reset/${REDACTED}`, actual: `GET /reset/${REDACTED}` });
    expect(report.findings.find((f) => f.entry === 1)!.url).toBe(
      `${HOST}/v1/oauth/callback?code=${REDACTED}&client_secret=${REDACTED}&password=${REDACTED}&sig=${REDACTED}&sessionid=${REDACTED}&access-token=${REDACTED}&page=2`,
    );
    expect(report.findings.find((f) => f.entry === 8)!.url).toBe(`${HOST}/v1/profile#access_token=${REDACTED}&scope=read`);
    expect(report.findings.find((f) => f.entry === 9)!.url).toBe(`${HOST}/v1/profile`);
    expect(report.findings.find((f) => f.entry === 14)!.url).toBe(`${HOST}/v1/invites/${REDACTED}`);
    expect(report.findings.find((f) => f.entry === 17)!).toMatchObject({ pointer: "/last", actual: `"code ${REDACTED}"` });
    expect(report.findings.find((f) => f.entry === 18)!.url).toBe(`${HOST}/v1/profile?ref=${REDACTED}`);
    expect(report.findings.find((f) => f.entry === 12)).toMatchObject({ rule: "unparsable-body" });
  });

  it.each(["text", "json", "markdown"])("shows no planted secret, nor any piece of one (%s)", async (format) => {
    const { code, out, err } = await drift(dir, har, format);
    expect(code).toBe(1);
    expect(out).toContain(REDACTED);
    for (const secret of Object.values(S)) {
      for (const piece of [...pieces(secret), encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) {
        expect(out, `${secret} in the ${format} report`).not.toContain(piece);
        expect(err).not.toContain(piece);
      }
    }
  });
});

describe("the scrubber", () => {
  const exchanges = parseHar({
    log: {
      entries: [
        entry({ url: `${HOST}/v1/a`, headers: { Cookie: "theme=dark; consent=1; sid=abc_123_def" } }),
        entry({ url: `${HOST}/v1/b`, responseHeaders: { "set-cookie": "session=deleted; Max-Age=0\nsid2=zz_99_yy; Path=/" } }),
      ],
    },
  });
  const scrub = createScrubber({ headers: new Set(), query: new Set() }, exchanges);

  it("scrubs a secret seen in one exchange from any text, as written, URL-encoded and JSON-escaped", () => {
    expect(scrub.text("abc_123_def / zz_99_yy")).toBe(`${REDACTED} / ${REDACTED}`);
  });

  it("takes the spec's apiKey schemes as credentials, whatever their names say", () => {
    const dir = mkdtempSync(join(tmpdir(), "contractgen-drift-schemes-"));
    writeFileSync(join(dir, "api.yaml"), `openapi: 3.1.0
info: { title: T, version: "1" }
components:
  securitySchemes:
    org: { type: apiKey, in: header, name: X-Org }
    tenant: { type: apiKey, in: query, name: tenant }
paths: {}
`);
    const names = secretNames(loadSpec(join(dir, "api.yaml")));
    const recorded = parseHar({ log: { entries: [entry({ url: `${HOST}/v1/a?tenant=acme_tenant_1`, headers: { "X-Org": "org_value_42" } })] } });
    const scrubber = createScrubber(names, recorded);
    expect(scrubber.url(`${HOST}/v1/a?tenant=acme_tenant_1&page=1`)).toBe(`${HOST}/v1/a?tenant=${REDACTED}&page=1`);
    expect(scrubber.text("org_value_42 / acme_tenant_1")).toBe(`${REDACTED} / ${REDACTED}`);
    expect(createScrubber({ headers: new Set(), query: new Set() }, recorded).text("org_value_42")).toBe("org_value_42");
    rmSync(dir, { recursive: true, force: true });
  });

  it("leaves preference cookies (plain words, small numbers) in the report", () => {
    expect(scrub.text("dark theme, consent 1, deleted")).toBe("dark theme, consent 1, deleted");
  });

  it("redacts secret-named fields and known values at any depth, keys included", () => {
    expect(scrub.value({ user: "ann", password: "p", nested: [{ apiKey: "k", note: "n", abc_123_def: 1 }], n: 4111111111111111 })).toEqual({
      user: "ann",
      password: REDACTED,
      nested: [{ apiKey: REDACTED, note: "n", [REDACTED]: 1 }],
      n: REDACTED,
    });
  });
});
