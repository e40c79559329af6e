/**
 * The trimmed public APIs of the corpus (test/corpus/SOURCES.md, "Trimmed"): the error envelope
 * inferred from each spec's error schemas and the error members it gives each operation are what the
 * spec implies; and a client generated from the spec reads a real error body of that API as a
 * documented error (Discord's numeric code, Clerk's errors list, GitHub's `{message}`...).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiConfig, resolvedConfig } from "../generator/config/index.ts";
import { loadSpec } from "../generator/spec/load.ts";
import { buildModel, type ApiModel } from "../generator/pipeline/model.ts";
import { defaultApiName } from "../generator/pipeline/naming.ts";
import { closeRunContext, createRunContext, generateApi, generateRuntime } from "../generator/pipeline/run.ts";
import { validateSpec } from "../generator/pipeline/validate.ts";

const corpus = join(import.meta.dirname, "corpus");

function apiOf(spec: string) {
  const file = join(corpus, spec);
  const loaded = loadSpec(file);
  const title = (loaded.root.data as { info?: { title?: unknown } }).info?.title;
  return { file, loaded, name: defaultApiName(typeof title === "string" ? title : undefined, basename(file)) };
}

function modelOf(spec: string): ApiModel {
  const { file, loaded, name } = apiOf(spec);
  validateSpec(loaded);
  return buildModel(loaded, apiConfig({ name, spec: file, output: join(corpus, "out"), errorEnvelope: "infer" }), spec);
}

/** `METHOD path` -> the operation's error members as `status:codeKind`. */
function errorMembers(model: ApiModel): Record<string, string[]> {
  return Object.fromEntries(
    model.operations.map((o) => [
      `${o.method.toUpperCase()} ${o.path}`,
      o.errors.map((e) => `${e.status}:${e.codeKind}`),
    ]),
  );
}

describe("inferred envelopes and error members of the trimmed public APIs", () => {
  it("Discord: a numeric {code, message}, open codes at 4XX and 429, the Bot token as a raw Authorization header", () => {
    const model = modelOf("real/discord.yaml");
    expect(model.envelope).toEqual({ code: "/code", message: ["/message"] });
    for (const [, members] of Object.entries(errorMembers(model))) expect(members).toEqual(["429:open", "4XX:open"]);
    // The spec's code is an integer: the model keeps it open (not pinned to strings it does not list).
    expect(model.operations.flatMap((o) => o.errors).every((e) => e.codes === undefined)).toBe(true);
    // `Bot <token>` is the caller's whole header value: an apiKey scheme, not bearer.
    expect(model.securitySchemes).toEqual({ BotToken: { type: "apiKey", in: "header", name: "Authorization" } });
    expect(new Set(model.operations.map((o) => JSON.stringify(o.security)))).toEqual(new Set(['[["BotToken"]]']));
  });

  it("Clerk: the first item of {errors: [...]} gives code and message (long_message first), clerk_trace_id the request id", () => {
    const model = modelOf("real/clerk-backend.yaml");
    // No field-error mapping: Clerk's items name their field in meta.param_name, but the spec declares
    // `meta` as a free-form object, so nothing in it says where a field is.
    expect(model.envelope).toEqual({
      code: "/errors/0/code",
      message: ["/errors/0/long_message", "/errors/0/message"],
      requestId: "/clerk_trace_id",
    });
    expect(errorMembers(model)).toEqual({
      "POST /allowlist_identifiers": ["400:open", "402:open", "422:open"],
      "POST /invitations": ["400:open", "422:open"],
      "DELETE /users/{user_id}": ["400:open", "401:open", "404:open"],
      "GET /sessions/{session_id}": ["400:open", "401:open", "404:open"],
      "GET /invitations": [],
      "POST /sessions/{session_id}/revoke": ["400:open", "401:open", "404:open"],
    });
  });

  it("GitHub: {message}, with the 422's errors[] as field errors; no code anywhere", () => {
    const model = modelOf("real/github-rest.yaml");
    // basic-error is used by 14 operation responses, validation-error by one: the 422's own message is
    // the same /message, so its field-error list joins the envelope.
    expect(model.envelope).toEqual({
      message: ["/message"],
      fieldErrors: { items: "/errors", location: "/field", code: "/code", message: "/message" },
    });
    const members = model.operations.flatMap((o) => o.errors);
    expect(new Set(members.map((e) => e.codeKind))).toEqual(new Set(["none"]));
    expect(errorMembers(model)["POST /repos/{owner}/{repo}/issues/{issue_number}/labels"]).toEqual([
      "301:none",
      "404:none",
      "410:none",
      "422:none",
    ]);
    // 304 Not Modified has no body: an error member without a media type.
    expect(members.filter((e) => e.status === "304").every((e) => e.mediaType === undefined && !e.json)).toBe(true);
    expect(model.securitySchemes).toEqual({});
    expect(model.operations.every((o) => o.security.length === 0)).toBe(true);
  });

  it("DigitalOcean (multi-file): the code in `id`, with /request_id, through properties: { $ref } request bodies", () => {
    const model = modelOf("real/digitalocean/DigitalOcean-public.v2.yaml");
    // `id` is a string whose example is "not_found": a code, open (no enum), at every error status.
    expect(model.envelope).toEqual({ code: "/id", message: ["/message"], requestId: "/request_id" });
    expect(errorMembers(model)["POST /v2/load_balancers/{lb_id}/droplets"]).toEqual([
      "401:open",
      "404:open",
      "429:open",
      "500:open",
      "default:open",
    ]);
    expect(Object.fromEntries(model.operations.map((o) => [o.operationId, o.scopes]))).toEqual({
      account_get: ["account:read"],
      images_list: ["image:read"],
      loadBalancers_add_droplets: ["load_balancer:update"],
      loadBalancers_get: ["load_balancer:read"],
      loadBalancers_remove_droplets: ["load_balancer:update"],
    });
  });

  it("Blockfrost: {status_code, error, message} is a {message} envelope (the string `error` is not a nested one); names synthesised", () => {
    const model = modelOf("real/blockfrost.yaml");
    expect(model.envelope).toEqual({ message: ["/message"] });
    expect(new Set(model.operations.flatMap((o) => o.errors.map((e) => e.codeKind)))).toEqual(new Set(["none"]));
    expect(model.operations.map((o) => [o.path, o.methodName])).toEqual([
      ["/", "get"],
      ["/blocks/{hash_or_number}", "getBlocksByHashOrNumber"],
      ["/blocks/{hash_or_number}/next", "getBlocksByHashOrNumberNext"],
      ["/blocks/latest", "getBlocksLatest"],
      ["/health", "getHealth"],
      ["/ipfs/add", "ipfs_add"],
      ["/tx/submit", "postTxSubmit"],
    ]);
    expect(model.warnings.filter((w) => w.includes("has no operationId"))).toHaveLength(6);
    expect(model.operations.find((o) => o.path === "/health")!.security).toEqual([]);
  });

  it("OpenAI: {error: {code, message}} with an open code; undeclared path parameters typed with a warning", () => {
    const model = modelOf("real/openai-admin.yaml");
    expect(model.envelope).toEqual({ code: "/error/code", message: ["/error/message"] });
    expect(errorMembers(model)["POST /organization/projects/{project_id}"]).toEqual(["400:open"]);
    expect(
      Object.fromEntries(
        model.operations
          .filter((o) => o.undeclaredPathParams.length > 0)
          .map((o) => [o.operationId, o.undeclaredPathParams]),
      ),
    ).toEqual({
      "modify-project": ["project_id"],
      "modify-project-user": ["project_id", "user_id"],
      "modify-user": ["user_id"],
    });
    expect(model.warnings).toHaveLength(4);
  });
});

/** A generated client, loosely typed: the test sends the calls, the types are the compile test's. */
type Call = (init?: object) => Promise<{ data?: unknown; error?: Record<string, unknown> & { body?: unknown } }>;
type LooseClient = Record<string, Call>;

const work = mkdtempSync(join(tmpdir(), "contractgen-envelopes-"));
const clients = new Map<string, (options: object) => LooseClient>();
const GENERATED = [
  "real/discord.yaml",
  "real/clerk-backend.yaml",
  "real/github-rest.yaml",
  "real/digitalocean/DigitalOcean-public.v2.yaml",
  "real/blockfrost.yaml",
  "real/openai-admin.yaml",
];

beforeAll(async () => {
  const ctx = createRunContext(resolvedConfig(work, [], { runtimeOutput: join(work, "runtime") }));
  const factories: [spec: string, client: string, factory: string][] = [];
  try {
    for (const spec of GENERATED) {
      const { file, name } = apiOf(spec);
      const output = join(work, name);
      const result = await generateApi(apiConfig({ name, spec: file, output, errorEnvelope: "infer" }), ctx);
      for (const [fileName, text] of result.files) {
        mkdirSync(dirname(join(output, fileName)), { recursive: true });
        writeFileSync(join(output, fileName), text);
      }
      factories.push([spec, join(output, "client.ts"), `create${result.model.typeName}Client`]);
    }
    mkdirSync(join(work, "runtime"), { recursive: true });
    for (const [fileName, text] of generateRuntime(ctx).files) writeFileSync(join(work, "runtime", fileName), text);
  } finally {
    await closeRunContext(ctx);
  }
  // Imported once everything, the shared runtime included, is on disk.
  for (const [spec, client, factory] of factories) {
    const module = (await import(pathToFileURL(client).href)) as Record<string, unknown>;
    clients.set(spec, module[factory] as (options: object) => LooseClient);
  }
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Calls one operation of a generated client against a canned answer; returns the error and the request. */
async function answer(
  spec: string,
  method: string,
  init: object,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request);
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json", ...headers },
    });
  };
  const client = clients.get(spec)!({
    baseUrl: "https://api.example.test",
    fetch,
    retry: { maxRetries: 0 },
    apiKey: "k",
  });
  const result = await client[method]!(init);
  return { error: result.error, request: requests[0]! };
}

interface ErrorCase {
  spec: string;
  method: string;
  init: object;
  status: number;
  body: unknown;
  /** What the error must hold besides `documented: true`, the status and the body as sent. */
  expected: Record<string, unknown>;
  /** The request path the client built, when the case checks it. */
  path?: string;
}

const ERROR_CASES: [title: string, ErrorCase][] = [
  [
    "Discord: 404 {code: 10003} at 4XX; the code a string, the 19-digit snowflake path untouched (no card guard)",
    {
      spec: "real/discord.yaml",
      method: "get_user",
      init: { params: { path: { user_id: "1234567890123456789" } } },
      status: 404,
      body: { code: 10003, message: "Unknown Channel" },
      expected: { code: "10003", message: "Unknown Channel", fieldErrors: [] },
      path: "/users/1234567890123456789",
    },
  ],
  [
    "Discord: 400 with its nested errors map, which is no field-error list (left in the body)",
    {
      spec: "real/discord.yaml",
      method: "create_guild_role",
      init: { params: { path: { guild_id: "1" } }, body: { name: "x" } },
      status: 400,
      body: {
        code: 50035,
        message: "Invalid Form Body",
        errors: { name: { _errors: [{ code: "BASE_TYPE_BAD_LENGTH", message: "Must be between 1 and 100 in length." }] } },
      },
      expected: { code: "50035", message: "Invalid Form Body", fieldErrors: [] },
    },
  ],
  [
    "Clerk: 404 {errors: [{message, long_message, code}]}: the first item's code and long message, the trace id",
    {
      spec: "real/clerk-backend.yaml",
      method: "GetSession",
      init: { params: { path: { session_id: "sess_1" } } },
      status: 404,
      body: {
        errors: [
          { message: "not found", long_message: "No session was found with id sess_1", code: "resource_not_found" },
        ],
        clerk_trace_id: "t_1",
      },
      expected: {
        code: "resource_not_found",
        message: "No session was found with id sess_1",
        requestId: "t_1",
        fieldErrors: [],
      },
    },
  ],
  [
    "GitHub: 404 {message, documentation_url} without a code",
    {
      spec: "real/github-rest.yaml",
      method: "usersGetByUsername",
      init: { params: { path: { username: "nobody" } } },
      status: 404,
      body: {
        message: "Not Found",
        documentation_url: "https://docs.github.com/rest/users/users#get-a-user",
        status: "404",
      },
      expected: { code: undefined, message: "Not Found" },
    },
  ],
  [
    "GitHub: 422 Validation Failed, its errors list as field errors",
    {
      spec: "real/github-rest.yaml",
      method: "issuesAddLabels",
      init: { params: { path: { owner: "o", repo: "r", issue_number: 1 } }, body: { labels: ["x"] } },
      status: 422,
      body: { message: "Validation Failed", errors: [{ resource: "Label", code: "invalid", field: "name" }] },
      expected: {
        code: undefined,
        message: "Validation Failed",
        fieldErrors: [{ location: "name", code: "invalid", message: "" }],
      },
    },
  ],
  [
    "DigitalOcean: 404 {id, message, request_id}: the id as the code, with its request id",
    {
      spec: "real/digitalocean/DigitalOcean-public.v2.yaml",
      method: "loadBalancers_get",
      init: { params: { path: { lb_id: "lb-1" } } },
      status: 404,
      body: { id: "not_found", message: "The resource you requested could not be found.", request_id: "4d9d8375" },
      expected: {
        code: "not_found",
        message: "The resource you requested could not be found.",
        requestId: "4d9d8375",
      },
    },
  ],
  [
    "Blockfrost: 404 {status_code, error, message}, for an operation without operationId",
    {
      spec: "real/blockfrost.yaml",
      method: "getBlocksByHashOrNumber",
      init: { params: { path: { hash_or_number: "4873401" } } },
      status: 404,
      body: { status_code: 404, error: "Not Found", message: "The requested component has not been found." },
      expected: { code: undefined, message: "The requested component has not been found." },
      path: "/blocks/4873401",
    },
  ],
  [
    "OpenAI: 400 {error: {code, message, param, type}}, through an undeclared path parameter",
    {
      spec: "real/openai-admin.yaml",
      method: "modifyProject",
      init: { params: { path: { project_id: "proj_abc" } }, body: { name: "x" } },
      status: 400,
      body: {
        error: {
          code: "invalid_project",
          message: "The default project cannot be renamed.",
          param: null,
          type: "invalid_request_error",
        },
      },
      expected: { code: "invalid_project", message: "The default project cannot be renamed." },
      path: "/organization/projects/proj_abc",
    },
  ],
];

describe("a generated client reads each API's real error body as documented", () => {
  it.each(ERROR_CASES)("%s", async (_title, { spec, method, init, status, body, expected, path }) => {
    const { error, request } = await answer(spec, method, init, status, body);
    expect(error).toMatchObject({ documented: true, status, body, ...expected });
    // toMatchObject takes a missing key for `undefined`; a code must really be absent.
    if ("code" in expected && expected.code === undefined) expect(error!.code).toBeUndefined();
    if (path) expect(new URL(request.url).pathname).toBe(path);
  });

  it("Discord: a numeric code stays a number in the body", async () => {
    const { error } = await answer("real/discord.yaml", "get_user", { params: { path: { user_id: "1" } } }, 404, {
      code: 10003,
      message: "Unknown Channel",
    });
    expect((error!.body as { code: unknown }).code).toBe(10003);
  });

  it.each([
    [
      "Discord's `Bot <token>` as the Authorization header, as given",
      "real/discord.yaml",
      "list_guild_roles",
      { params: { path: { guild_id: "1" } } },
      { BotToken: "Bot abc.def" },
      "authorization",
      "Bot abc.def",
    ],
    [
      "Blockfrost's project_id apiKey in its own header",
      "real/blockfrost.yaml",
      "getBlocksLatest",
      {},
      { project_id: "mainnetKey" },
      "project_id",
      "mainnetKey",
    ],
  ] as const)("sends %s", async (_title, spec, method, init, credentials, header, value) => {
    const requests: Request[] = [];
    const fetch = async (request: Request) => {
      requests.push(request);
      return new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
    };
    await clients.get(spec)!({ baseUrl: "https://api.example.test", fetch, credentials })[method]!(init);
    expect(requests[0]!.headers.get(header)).toBe(value);
  });
});
