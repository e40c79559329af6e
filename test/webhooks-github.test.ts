/**
 * GitHub's full spec (node_modules/@octokit/openapi, 270 webhooks under `x-webhooks`) generated with
 * `"webhooks": { "signature": "github" }`: the index exports `verifyGithubWebhook` and a union over
 * every webhook, narrowing on `name` types the payload (strict tsc), and every webhook is told
 * apart by the verifier from its event header and body alone. End to end: generating the spec takes
 * tens of seconds.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGNATURE_PRESETS } from "../generator/pipeline/webhooks.ts";
import { signWebhook, type WebhookResult } from "../templates/runtime/webhooks.ts";
import { CONSUMER_WITHOUT_NODE, tscOutput } from "./support/tsc.ts";

const root = join(import.meta.dirname, "..");
const specPath = createRequire(import.meta.url).resolve("@octokit/openapi/generated/api.github.com.json");
const spec = JSON.parse(readFileSync(specPath, "utf8")) as { "x-webhooks": Record<string, { post: { parameters: { name: string; example?: unknown }[] } }> };
const names = Object.keys(spec["x-webhooks"]);
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "contractgen-github-webhooks-"));
  const config = { apis: [{ name: "github", spec: specPath, output: "github", errorEnvelope: "infer", webhooks: { signature: "github" } }] };
  writeFileSync(join(dir, "contractgen.config.json"), JSON.stringify(config));
  execFileSync(process.execPath, [join(root, "generator/bin.mjs"), "generate", "--quiet"], { cwd: dir });
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("GitHub's generated webhooks", () => {
  it("the index exports verifyGithubWebhook and a union over all 270 webhooks", () => {
    expect(names.length).toBe(270);
    expect(readFileSync(join(dir, "github/index.ts"), "utf8")).toContain('export * from "./webhooks.js";');
    const source = readFileSync(join(dir, "github/webhooks.ts"), "utf8");
    expect(source).toContain("export function verifyGithubWebhook(");
    const union = source.slice(source.indexOf("export type GithubWebhookEvent ="), source.indexOf("\n\n", source.indexOf("export type GithubWebhookEvent =")));
    expect([...union.matchAll(/name: "([^"]+)"/g)].map((m) => m[1]).sort()).toEqual([...names].sort());
  });

  it("narrowing on name types the payload, under strict tsc", () => {
    writeFileSync(
      join(dir, "app.ts"),
      `import { verifyGithubWebhook, type GithubWebhookEvent } from "./github/index.js";
export async function handle(request: Request): Promise<string> {
  const { event, error } = await verifyGithubWebhook(request, { secret: "s" });
  if (error) return error.code;
  const opened: GithubWebhookEvent["name"] = "pull-request-opened";
  if (event.name === opened) {
    const action: "opened" = event.payload.action;
    const number: number = event.payload.number;
    return \`\${action} #\${number}\`;
  }
  if (event.name === "push") {
    const ref: string = event.payload.ref;
    // @ts-expect-error a push has no action
    return ref + event.payload.action;
  }
  // @ts-expect-error X-GitHub-Event values are not webhook names
  if (event.name === "pull_request") return "";
  return event.name;
}
`,
    );
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { ...CONSUMER_WITHOUT_NODE, noEmit: true }, files: ["app.ts"] }));
    expect(tscOutput(join(dir, "tsconfig.json"), dir)).toBe("");
  }, 300_000);

  it("verifies GitHub's documented vector, and tells every webhook apart from its event header and body", async () => {
    const { verifyGithubWebhook } = (await import(pathToFileURL(join(dir, "github/webhooks.ts")).href)) as {
      verifyGithubWebhook: (input: unknown, options: { secret: string }) => Promise<WebhookResult<{ name: string; payload: unknown }>>;
    };
    // The signature verifies; "Hello, World!" is then no JSON payload.
    const vector = { headers: { "X-Hub-Signature-256": "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17" }, body: "Hello, World!" };
    expect((await verifyGithubWebhook(vector, { secret: "It's a Secret to Everybody" })).error?.code).toBe("invalid_payload");
    const named: string[] = [];
    for (const name of names) {
      const event = spec["x-webhooks"][name]!.post.parameters.find((p) => p.name.toLowerCase() === "x-github-event")!.example as string;
      const operation = spec["x-webhooks"][name]!.post as unknown as { requestBody: { content: { "application/json": { schema: Schema } } } };
      const body = JSON.stringify(taggedBody(operation.requestBody.content["application/json"].schema));
      const headers = { ...(await signWebhook(SIGNATURE_PRESETS.github, "s", body, { id: "1", timestamp: 0 })), "X-GitHub-Event": event };
      const result = await verifyGithubWebhook({ headers, body }, { secret: "s" });
      named.push(result.event?.name ?? `${name}: ${result.error?.message}`);
    }
    expect(named.filter((name, i) => name !== names[i])).toEqual([]);
  }, 120_000);
});

type Schema = { $ref?: string; properties?: Record<string, Schema>; allOf?: Schema[]; oneOf?: Schema[]; enum?: unknown[]; const?: unknown };

/** The schema a `$ref` into components names, followed until it is not a `$ref`. */
function resolved(schema: Schema | undefined): Schema | undefined {
  const schemas = (spec as unknown as { components: { schemas: Record<string, Schema> } }).components.schemas;
  return schema?.$ref ? resolved(schemas[schema.$ref.replace("#/components/schemas/", "")]) : schema;
}

/**
 * A delivery's body as GitHub would shape it, reduced to its tags: every top-level field whose
 * schema pins its values (enum or const, through allOf and the first oneOf alternative) set to the first.
 */
function taggedBody(schema: Schema | undefined): Record<string, unknown> {
  const s = resolved(schema);
  if (!s) return {};
  const body: Record<string, unknown> = {};
  for (const member of [...(s.allOf ?? []), ...(s.oneOf?.slice(0, 1) ?? [])]) Object.assign(body, taggedBody(member));
  for (const [name, property] of Object.entries(s.properties ?? {})) {
    const p = resolved(property);
    const value = p?.const ?? p?.enum?.[0];
    if (typeof value === "string") body[name] = value;
  }
  return body;
}
