/**
 * GitHub's full spec (node_modules/@octokit/openapi) and Stripe's (/work/shared/specs) generated as a
 * user would: the generated clients offer `pages`/`all` on the operations that document `Link` and
 * on the `has_more` lists, and under strict tsc a page walk, `all`'s items and GitHub's `link` and
 * integer rate-limit headers are typed. End to end: generating both specs takes tens of seconds.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSpec } from "../generator/spec/load.ts";
import { child, deref } from "../generator/spec/refs.ts";
import { forEachOperation, isRecord } from "../generator/spec/walk.ts";
import { CONSUMER_WITHOUT_NODE, tscOutput } from "./support/tsc.ts";

const root = join(import.meta.dirname, "..");
const GITHUB = createRequire(import.meta.url).resolve("@octokit/openapi/generated/api.github.com.json");
const STRIPE = join(root, "../shared/specs/stripe-spec3.yaml");
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "contractgen-pages-vendors-"));
  const apis = [
    { name: "github", spec: GITHUB, output: "github", errorEnvelope: "infer" },
    { name: "stripe", spec: STRIPE, output: "stripe", errorEnvelope: "infer" },
  ];
  writeFileSync(join(dir, "contractgen.config.json"), JSON.stringify({ apis }));
  execFileSync(process.execPath, [join(root, "generator/bin.mjs"), "generate", "--quiet"], { cwd: dir });
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The operationIds whose responses document a header (any case) or a body property, read off the spec. */
function documenting(specPath: string, test: (response: Record<string, unknown>, body: unknown) => boolean): Set<string> {
  const spec = loadSpec(specPath);
  const found = new Set<string>();
  forEachOperation(spec, (visit) => {
    const responses = child(visit.operation, "responses");
    for (const status of Object.keys(isRecord(responses.value) ? responses.value : {})) {
      const response = deref(spec, child(responses, status));
      const body = child(child(child(response, "content"), "application/json"), "schema");
      const resolved = body.value === undefined ? undefined : deref(spec, body).value;
      if (isRecord(response.value) && test(response.value, resolved)) found.add(String((visit.operation.value as { operationId?: unknown }).operationId));
    }
  });
  return found;
}

/** The method names the generated client gives `pages`/`all`, with the operationId of each (from operations.ts). */
function pagedOperationIds(api: string): Set<string> {
  const client = readFileSync(join(dir, api, "client.ts"), "utf8");
  const functions = readFileSync(join(dir, api, "functions.ts"), "utf8");
  const operationsTs = readFileSync(join(dir, api, "operations.ts"), "utf8");
  // the table literal, after the file's interfaces (whose entries carry the same keys)
  const table = operationsTs.slice(operationsTs.indexOf("export const operationTable"));
  const ids = new Set<string>();
  const paged = client.slice(client.indexOf("withOperations<"));
  for (const [, method, pages, all] of paged.matchAll(/^ {4}(\w+): \[\s*"(\w+)",\s*"(\w+)",?\s*\],$/gm)) {
    expect(functions).toContain(`export const ${pages}: PagesOf<`);
    expect(functions).toContain(`export const ${all}: AllOf<`);
    const entry = table.slice(table.indexOf(`\n  ${method}: {`));
    ids.add(/operationId:\s*"([^"]+)"/.exec(entry)![1]!);
  }
  return ids;
}

describe("paged operations of generated vendor clients", () => {
  it("GitHub offers pages/all on at least 200 of the 209 operations documenting Link", () => {
    const link = documenting(GITHUB, (response) => isRecord(response.headers) && Object.keys(response.headers).some((h) => h.toLowerCase() === "link"));
    const paged = pagedOperationIds("github");
    expect(link.size).toBeGreaterThanOrEqual(209);
    expect([...link].filter((id) => paged.has(id)).length).toBeGreaterThanOrEqual(200);
  });

  it("Stripe offers pages/all on at least 100 of its 109 has_more lists", () => {
    const lists = documenting(STRIPE, (_, body) => isRecord(body) && isRecord(body.properties) && "has_more" in body.properties);
    const paged = pagedOperationIds("stripe");
    expect(lists.size).toBeGreaterThanOrEqual(109);
    expect([...lists].filter((id) => paged.has(id)).length).toBeGreaterThanOrEqual(100);
  });

  it("a page walk, all's items and GitHub's link and rate-limit headers are typed, under strict tsc", () => {
    writeFileSync(
      join(dir, "app.ts"),
      `import { createGithubClient, reposListForOrgAll } from "./github/index.js";
const github = createGithubClient({ apiKey: "t" });
export async function names(): Promise<string[]> {
  const out: string[] = [];
  for await (const page of github.reposListForOrg.pages({ params: { path: { org: "octokit" }, query: { per_page: 100 } } }, { maxPages: 2 })) {
    if (page.error) break;
    const link: string | undefined = page.headers.link;
    // @ts-expect-error the link header is a string, not a number
    const wrong: number | undefined = page.headers.link;
    for (const repo of page.data) out.push(repo.full_name + (link ?? "") + String(wrong));
  }
  const all = await reposListForOrgAll(github, { params: { path: { org: "octokit" } } }, { maxItems: 10 });
  if (all.error) return all.items.map((repo) => repo.full_name);
  const limit = await github.rateLimitGet();
  if (limit.data) {
    const remaining: number | undefined = limit.headers["x-ratelimit-remaining"];
    out.push(String(remaining));
  }
  return [...out, ...all.data.map((repo) => repo.full_name)];
}
`,
    );
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { ...CONSUMER_WITHOUT_NODE, noEmit: true }, files: ["app.ts"] }));
    expect(tscOutput(join(dir, "tsconfig.json"), dir)).toBe("");
  }, 300_000);
});
