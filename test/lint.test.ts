/**
 * The spec gate: both project specs pass redocly's recommended rules, example validation
 * and contractgen's own rules; the gate catches what it exists to catch, with positions.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { UserError } from "../generator/errors.ts";
import { lintSpec } from "../generator/lint/index.ts";
import { loadSpec } from "../generator/spec/load.ts";
import { validateSpec } from "../generator/pipeline/validate.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
/** This repo's house rules, which its config switches on for HostUp and Aether (they are off by default). */
const HOUSE_RULES = {
  "contractgen/operation-security": "error",
  "contractgen/operation-scopes": "error",
  "contractgen/standard-error-responses": "error",
} as const;
const hostupText = readFileSync(`${root}spec/hostup.yaml`, "utf8");

function variant(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "contractgen-gate-"));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe("the project specs", () => {
  it.each(["hostup", "aether"])("%s passes the gate with zero problems", async (api) => {
    const spec = loadSpec(`${root}spec/${api}.yaml`);
    validateSpec(spec);
    const problems = await lintSpec(spec, { severities: HOUSE_RULES });
    expect(problems.map((p) => p.error.message)).toEqual([]);
  });

  it("hostup documents every operation of the issue, with its scope", () => {
    const data = loadSpec(`${root}spec/hostup.yaml`).root.data as any;
    const operations = Object.entries(data.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op.operationId, op.security?.[0]?.bearerAuth ?? []]),
    );
    expect(operations.sort()).toEqual(
      [
        ["GET /api/v2/billing/cards", "listSavedCards", ["read:billing"]],
        ["POST /api/v2/billing/cards", "storeSavedCard", ["write:payment_methods"]],
        ["DELETE /api/v2/billing/cards/{id}", "deleteSavedCard", []],
        ["GET /api/v2/billing/activity", "listBillingActivity", []],
        ["GET /api/v2/shared-hosting", "listSharedHostingAccounts", []],
        ["GET /api/v2/shared-hosting/{accountId}", "getSharedHostingAccount", []],
        ["PATCH /api/v2/shared-hosting/{accountId}", "renameSharedHostingAccount", []],
        ["GET /api/v2/shared-hosting/{accountId}/addons/storage", "listStorageAddons", []],
        ["POST /api/v2/shared-hosting/{accountId}/addons/storage", "orderStorageAddon", ["write:billing"]],
      ].sort(),
    );
    expect(data.servers).toEqual([{ url: "https://cloud.hostup.se" }]);
    expect(data.components.securitySchemes.sessionCookie).toMatchObject({ type: "apiKey", in: "cookie", name: "hostup_session" });
  });
});

describe("the gate catches", () => {
  it("a broken $ref, with file, line and JSON pointer", () => {
    const file = variant("hostup.yaml", hostupText.replace('$ref: "#/components/schemas/SavedCard"', '$ref: "#/components/schemas/SavedCardz"'));
    let error: unknown;
    try {
      validateSpec(loadSpec(file));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UserError);
    const e = error as UserError;
    expect(e.message).toBe("$ref target not found: #/components/schemas/SavedCardz");
    expect(e.position).toMatchObject({ file, line: expect.any(Number), col: expect.any(Number) });
    expect(e.position!.line).toBeGreaterThan(1);
    expect(e.pointer).toMatch(/^\/.*\/\$ref$/);
    expect(hostupText.split("\n")[e.position!.line - 1]).toContain("$ref");
  });

  it("an example that does not match its schema (makeDefault sent)", async () => {
    const text = hostupText.replace("                  brand: visa\n      responses:", "                  brand: visa\n                  makeDefault: true\n      responses:");
    expect(text).not.toBe(hostupText);
    const problems = await lintSpec(loadSpec(variant("hostup.yaml", text)));
    expect(problems.some((p) => p.severity === "error" && /no-invalid-(media-type|schema)-examples/.test(p.rule))).toBe(true);
  });

  it("an operation without summary or scope", async () => {
    const text = hostupText.replace("      summary: Store saved card\n", "").replace(/bearerAuth:\n\s*- write:payment_methods/, "bearerAuth: []");
    const problems = await lintSpec(loadSpec(variant("hostup.yaml", text)), { severities: HOUSE_RULES });
    const rules = problems.filter((p) => p.severity === "error").map((p) => p.rule);
    expect(rules).toContain("operation-summary");
    expect(problems.every((p) => p.error.position!.line >= 1)).toBe(true);
  });

  it("an operation that drops one of the standard error responses", async () => {
    const spec = loadSpec(`${root}spec/hostup.yaml`);
    const text = spec.root.text.replace(/(operationId: listSavedCards[\s\S]*?)\n\s+"429":\n\s+\$ref: "#\/components\/responses\/RateLimited"/, "$1");
    expect(text).not.toBe(spec.root.text);
    const problems = await lintSpec(loadSpec(variant("hostup.yaml", text)), { severities: HOUSE_RULES });
    expect(problems.map((p) => p.error.message)).toContain("GET /api/v2/billing/cards does not document the standard 429 response [contractgen/standard-error-responses]");
  });
});

describe("response status keys", () => {
  const withStatus = (status: string) =>
    variant(
      "spec.yaml",
      `openapi: 3.1.0\ninfo: { title: T, version: "1" }\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        "200": { description: ok }\n        ${JSON.stringify(status)}: { description: odd }\n`,
    );

  it.each(["404", "4XX", "default", "x-internal", "599", "1XX"])("accepts %j", (status) => {
    expect(() => validateSpec(loadSpec(withStatus(status)))).not.toThrow();
  });

  it.each(["4*/ never; export type J = /*", "4xx", "600", "40", "2XXX", "Default", "099"])("refuses %j, positioned at the key", (status) => {
    const file = withStatus(status);
    let error: unknown;
    try {
      validateSpec(loadSpec(file));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UserError);
    const e = error as UserError;
    expect(e.message).toBe(`response status ${JSON.stringify(status)} of GET /a is not a status code`);
    expect(e.position).toMatchObject({ file, line: 9 });
    expect(e.pointer).toBe(`/paths/~1a/get/responses/${status.replace(/~/g, "~0").replace(/\//g, "~1")}`);
  });
});
