/**
 * Drift from live traffic, end to end: HostUp generated with `validateResponses: "report"` and
 * `mswHandlers`, its client pointed at a loopback server that deviates from the spec. The calls still
 * resolve as the spec says they would, and `onContractDrift` gets JSON pointers, expected and actual.
 */
import { writeOutputs } from "../generator/pipeline/write.ts";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiConfig, resolvedConfig } from "../generator/config/index.ts";
import { closeRunContext, createRunContext, generateApi, generateRuntime, outputsOf } from "../generator/pipeline/run.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "contractgen-drift-client-"));
let server: Server;
let baseUrl = "";
let files: Map<string, string>;

/** Answers listSavedCards with a card whose `last4` is a number, and storeSavedCard with an unknown code. */
function deviatingServer(): Server {
  return createServer((request, response) => {
    if (request.method === "GET" && request.url === "/api/v2/billing/cards") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify([
          {
            id: "card_1",
            brand: "visa",
            cardholderName: "A B",
            last4: 4242,
            expMonth: 12,
            expYear: 2030,
            isPrimary: true,
            addedAt: "2026-01-01T00:00:00Z",
          },
        ]),
      );
      return;
    }
    response.writeHead(400, { "content-type": "application/problem+json" });
    response.end(
      JSON.stringify({
        type: "about:blank",
        title: "Bad",
        status: 400,
        code: "card_declined_by_issuer",
        detail: "declined",
        errors: [{ pointer: "/number", code: "declined", detail: "declined" }],
      }),
    );
  });
}

beforeAll(async () => {
  const spec = join(root, "spec/hostup.yaml");
  const ctx = createRunContext(resolvedConfig(work, [], { runtimeOutput: join(work, "runtime") }));
  try {
    const api = apiConfig({
      name: "hostup",
      spec,
      output: join(work, "hostup"),
      validateResponses: "report",
      mswHandlers: true,
      guards: { cardNumber: true },
    });
    const generated = await generateApi(api, ctx);
    files = generated.files;
    writeOutputs(outputsOf([generated], generateRuntime(ctx)));
  } finally {
    await closeRunContext(ctx);
  }
  symlinkSync(join(root, "node_modules"), join(work, "node_modules"));
  server = deviatingServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  baseUrl = `http://127.0.0.1:${address.port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

describe("validateResponses: report", () => {
  it("generates validators.ts and msw.ts only when switched on, and the client hands the validators to the runtime", () => {
    expect([...files.keys()]).toEqual([
      "client.ts",
      "core.ts",
      "errors.ts",
      "functions.ts",
      "index.ts",
      "msw.ts",
      "operations.ts",
      "schema.ts",
      "validators.ts",
    ]);
    expect(files.get("core.ts")).toContain('import { validateResponse } from "./validators.js";');
    expect(files.get("index.ts")).not.toContain("msw");
  });

  it("a body that breaks the schema is reported with its JSON pointer, and the call still succeeds", async () => {
    const { createHostupClient } = (await import(
      join(work, "hostup/index.ts")
    )) as typeof import("../generated/hostup/index.ts");
    const reports: unknown[] = [];
    const client = createHostupClient({
      baseUrl,
      apiKey: "secret-key-123",
      onContractDrift: (report) => reports.push(report),
    });
    const result = await client.listSavedCards();
    expect(result.error).toBeUndefined();
    expect(reports).toEqual([
      expect.objectContaining({
        operationId: "listSavedCards",
        status: 200,
        mismatches: [{ pointer: "/0/last4", expected: "string | null", actual: "integer" }],
      }),
    ]);
    expect(JSON.stringify(reports)).not.toContain("secret-key-123");
  });

  it("an undocumented code at a documented status keeps what the server said, and is reported", async () => {
    const { createHostupClient } = (await import(
      join(work, "hostup/index.ts")
    )) as typeof import("../generated/hostup/index.ts");
    const reports: { undocumentedCode?: string }[] = [];
    const client = createHostupClient({ baseUrl, apiKey: "k", onContractDrift: (report) => reports.push(report) });
    const { error } = await client.storeSavedCard({ body: { paymentMethodId: "pm_1" } } as never);
    expect(error?.code).toBe("invalid_response");
    if (error?.code !== "invalid_response") return;
    expect(error.serverCode).toBe("card_declined_by_issuer");
    expect(error.serverMessage).toBe("declined");
    expect(error.fieldErrors).toEqual([{ location: "/number", code: "declined", message: "declined" }]);
    expect(reports.map((r) => r.undocumentedCode)).toEqual(["card_declined_by_issuer"]);
  });
});
