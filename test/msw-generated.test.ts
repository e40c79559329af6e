/**
 * The generated `msw.ts` (opt-in MSW handlers): rendered for spec/hostup.yaml beside a client generated
 * by the pipeline into a temp folder, formatted by prettier, and served by msw's `setupServer`; the
 * generated client then gets the spec's examples back.
 */
import { writeOutputs } from "../generator/pipeline/write.ts";
import { mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { SetupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiConfig, resolvedConfig } from "../generator/config/index.ts";
import { loadSpec } from "../generator/spec/load.ts";
import { buildMswView, literalPathsFirst } from "../generator/pipeline/msw-view.ts";
import { closeRunContext, createRunContext, generateApi, generateRuntime, outputsOf } from "../generator/pipeline/run.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const hostup = (await loadSpec(join(root, "spec/hostup.yaml"))).root.data as any;
const cardsExample = hostup.paths["/api/v2/billing/cards"].get.responses["200"].content["application/json"].examples.savedCards.value;
const storedExample = hostup.paths["/api/v2/billing/cards"].post.responses["201"].content["application/json"].examples.savedCard.value;

let server: SetupServer | undefined;
let mswSource = "";
let createHostupClient: (options: { baseUrl?: string; apiKey?: string }) => any;
let hostupHandlers: (baseUrl?: string) => unknown[];

beforeAll(async () => {
  const work = mkdtempSync(join(tmpdir(), "contractgen-msw-"));
  symlinkSync(join(root, "node_modules"), join(work, "node_modules"));
  const api = apiConfig({ name: "hostup", spec: join(root, "spec/hostup.yaml"), output: join(work, "hostup") });
  const ctx = createRunContext(resolvedConfig(root, [api]));
  try {
    const generated = await generateApi(api, ctx);
    const rendered = ctx.render("msw.ts", buildMswView(generated.spec, generated.model));
    mswSource = (await ctx.formatter.format(new Map([["msw.ts", rendered]]))).get("msw.ts")!;
    generated.files.set("msw.ts", mswSource);
    writeOutputs(outputsOf([generated], generateRuntime(ctx)));
  } finally {
    await closeRunContext(ctx);
  }
  ({ createHostupClient } = await import(pathToFileURL(join(work, "hostup/index.ts")).href));
  ({ hostupHandlers } = await import(pathToFileURL(join(work, "hostup/msw.ts")).href));
  const { setupServer } = await import("msw/node");
  const started = setupServer(...(hostupHandlers() as Parameters<typeof setupServer>));
  server = started;
  started.listen({ onUnhandledRequest: "error" });
});

afterAll(() => server?.close());

describe("generated msw.ts for spec/hostup.yaml", () => {
  it("answers the generated client with the spec's example", async () => {
    const result = await createHostupClient({ apiKey: "k" }).listSavedCards();
    expect(result.error).toBeUndefined();
    expect(result.response.status).toBe(200);
    expect(result.data).toEqual(cardsExample);
  });

  it("answers with the documented status, and an empty body where the spec documents none", async () => {
    const client = createHostupClient({ apiKey: "k" });
    const stored = await client.storeSavedCard({ body: { paymentMethodToken: "pm_1", last4: "4242", expMonth: 12, expYear: 2028, brand: "visa" } });
    expect([stored.response.status, stored.data]).toEqual([201, storedExample]);
    const deleted = await client.deleteSavedCard({ params: { path: { id: "card_1" } } });
    expect([deleted.error, deleted.response.status]).toEqual([undefined, 204]);
  });

  it("takes another base URL", async () => {
    server!.resetHandlers(...(hostupHandlers("http://localhost:4010/") as never[]));
    try {
      const result = await createHostupClient({ baseUrl: "http://localhost:4010", apiKey: "k" }).listSavedCards();
      expect(result.data).toEqual(cardsExample);
    } finally {
      server!.resetHandlers(...(hostupHandlers() as never[]));
    }
  });

  it("imports only msw, and prints the base URL and paths as string literals", () => {
    expect([...mswSource.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1])).toEqual(["msw"]);
    expect(mswSource).toContain('export function hostupHandlers(baseUrl: string = "https://cloud.hostup.se"): HttpHandler[]');
    expect(mswSource).toContain('http.delete(base + "/api/v2/billing/cards/:id"');
  });
});

describe("handler order", () => {
  it("puts a literal segment before a parameter, then shorter paths first, then the model's order", () => {
    const paths = ["/cards/:id", "/cards", "/cards/mine", "/a/:x/b", "/a/y/:z"];
    expect(literalPathsFirst(paths.map((path) => ({ path }))).map((h) => h.path)).toEqual(["/cards", "/cards/mine", "/a/y/:z", "/cards/:id", "/a/:x/b"]);
  });
});
