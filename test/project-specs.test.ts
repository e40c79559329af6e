/**
 * The project specs (spec/hostup.yaml, spec/aether.yaml) as reviewed, asserted from the parsed YAML: each
 * fix is in place, carries an `x-note` naming it, and the documented bodies decode where they should.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createAjv } from "../generator/drift/ajv.ts";
import { loadSpec } from "../generator/spec/load.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const hostup = loadSpec(`${root}spec/hostup.yaml`).root.data as any;
const aether = loadSpec(`${root}spec/aether.yaml`).root.data as any;

/** Every `x-note` of a document, anywhere in it. */
function notes(node: unknown): string[] {
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([key, value]) => (key === "x-note" && typeof value === "string" ? [value] : notes(value)));
}

/** A validator for the schema at `pointer` inside a spec document (OpenAPI 3.1 schemas are 2020-12). */
function schemaAt(document: unknown, pointer: string) {
  const ajv = createAjv();
  ajv.addSchema(document as object, "spec");
  return ajv.compile({ $ref: `spec#${pointer}` });
}

function resolve(document: any, node: any): any {
  return node?.$ref ? resolve(document, node.$ref.slice(2).split("/").reduce((n: any, k: string) => n[k.replace(/~1/g, "/").replace(/~0/g, "~")], document)) : node;
}

const attach = aether.paths["/api/v1/organizations/{orgID}/billing/payment-methods"].post;
const PAYMENT_METHOD = {
  id: "2489e9ad-2ee2-8e00-8ec9-32d5f69181c0",
  org_id: "2489e9ad-2ee2-8e00-8ec9-32d5f69181c0",
  card_brand: "visa",
  card_last4: "4242",
  card_exp_month: 12,
  card_exp_year: 2028,
  is_default: true,
  created_at: "2026-04-15T12:00:00Z",
};

describe("every finding has a note naming it", () => {
  it.each([
    ["D1", aether],
    ["D2", aether],
    ["D3", hostup],
    ["D4", hostup],
    ["D5", hostup],
    ["D6", hostup],
    ["D7", hostup],
    ["D8", hostup],
  ])("%s", (finding, document) => {
    expect(notes(document).filter((note) => note.includes(`Assumption (${finding})`)).length).toBeGreaterThan(0);
  });
});

describe("D1: Aether success is 200 and 201, with the documented body", () => {
  it("declares both statuses with the same body schema", () => {
    const statuses = Object.keys(attach.responses).filter((s) => s.startsWith("2"));
    expect(statuses.sort()).toEqual(["200", "201"]);
    for (const status of statuses) {
      expect(resolve(aether, attach.responses[status]).content["application/json"].schema).toEqual({ $ref: "#/components/schemas/PaymentMethod" });
    }
  });

  it("the documented body validates; a body without `id` does not", () => {
    const validate = schemaAt(aether, "/components/responses/PaymentMethodAttached/content/application~1json/schema");
    expect(validate(PAYMENT_METHOD)).toBe(true);
    expect(validate({ ...PAYMENT_METHOD, id: undefined })).toBe(false);
  });
});

describe("D2: Aether validation failure is documented for 400 and 422, with details[]", () => {
  it("both statuses name the same documented response", () => {
    expect(attach.responses["400"]).toEqual({ $ref: "#/components/responses/ValidationFailed" });
    expect(attach.responses["422"]).toEqual({ $ref: "#/components/responses/ValidationFailed" });
  });

  it("a 422 body with details[] validates against it", () => {
    const validate = schemaAt(aether, "/components/responses/ValidationFailed/content/application~1json/schema");
    const body = { error: { code: "validation_failed", message: "is_default must be a boolean", details: [{ field: "is_default", code: "type", message: "must be a boolean" }] } };
    expect(validate(body)).toBe(true);
    expect(validate({ error: { ...body.error, details: [{ field: "is_default" }] } })).toBe(false);
  });
});

describe("D3: HostUp codes are the known codes per status, as enums", () => {
  // The code of each status's example in documents 000, 001 and 003 (document 002 repeats the 400
  // example under every status, so it is not evidence for the others).
  const DOCUMENTED: Record<string, [string, string]> = {
    "400": ["InvalidRequest", "invalid_request"],
    "401": ["Unauthorized", "unauthorized"],
    "403": ["Forbidden", "forbidden"],
    "404": ["NotFound", "not_found"],
    "429": ["RateLimited", "rate_limit_exceeded"],
    "500": ["InternalError", "internal_error"],
  };
  const codeSchema = (name: string) => hostup.components.responses[name].content["application/problem+json"].schema.allOf[1].properties.code;

  it.each(Object.entries(DOCUMENTED))("%s: an enum covering the documented and the example code, no const", (status, [name, code]) => {
    const schema = codeSchema(name);
    expect(schema.const).toBeUndefined();
    expect(schema.enum).toContain(code);
    const [example] = Object.values(hostup.components.responses[name].content["application/problem+json"].examples) as { value: { code: string; status: number } }[];
    expect(schema.enum).toContain(example!.value.code);
    expect(example!.value.status).toBe(Number(status));
  });

  it("every operation uses the six standard responses, so every status has its known codes", () => {
    for (const item of Object.values(hostup.paths) as Record<string, any>[]) {
      for (const op of Object.values(item)) {
        for (const [status, [name]] of Object.entries(DOCUMENTED)) expect(op.responses[status]).toEqual({ $ref: `#/components/responses/${name}` });
      }
    }
  });

  it("a known code validates; an unknown code at the same status does not (the client keeps it as invalid_response)", () => {
    const validate = schemaAt(hostup, "/components/responses/NotFound/content/application~1problem+json/schema");
    const body = { type: "https://developer.hostup.se/errors/not_found", title: "Not found", status: 404, detail: "No such card.", code: "not_found" };
    expect(validate(body)).toBe(true);
    expect(validate({ ...body, code: "card_expired" })).toBe(false);
  });
});

describe("D4-D8", () => {
  const referencedOnly = Object.values(hostup.paths).flatMap((item: any) => Object.values(item) as any[]).filter((op) => op["x-documentation"] === "referenced-only");

  it("has six referenced-only operations to check", () => {
    expect(referencedOnly.map((op) => op.operationId).sort()).toEqual([
      "deleteSavedCard",
      "getSharedHostingAccount",
      "listBillingActivity",
      "listSharedHostingAccounts",
      "listStorageAddons",
      "renameSharedHostingAccount",
    ]);
  });

  it("D4: every referenced-only operation marks its standard error responses as assumed", () => {
    for (const op of referencedOnly) expect(op["x-note"]).toContain("Assumption (D4): the six standard error responses");
  });

  it("D5: no X-RateLimit-* header claims to be documented by name", () => {
    for (const name of ["XRateLimitLimit", "XRateLimitRemaining", "XRateLimitReset"]) {
      const header = hostup.components.headers[name];
      expect(header.description).not.toMatch(/documented `X-RateLimit-\*` headers/);
      expect(header.description).toContain("name the family only");
      expect(header.required).not.toBe(true);
    }
  });

  it("D6: addedAt and timestamp share format date-time; Problem Details `type` accepts a relative reference", () => {
    expect(hostup.components.schemas.SavedCard.properties.addedAt.format).toBe("date-time");
    expect(hostup.components.schemas.ProblemDetails.properties.timestamp.format).toBe("date-time");
    const validate = schemaAt(hostup, "/components/schemas/ProblemDetails");
    expect(validate({ type: "/errors/not_found" })).toBe(true);
    expect(validate({ type: "https://developer.hostup.se/errors/not_found" })).toBe(true);
    expect(validate({ timestamp: "yesterday" })).toBe(false);
  });

  it("D7: the session scheme's cookie placement and scopes are marked as assumptions", () => {
    const scheme = hostup.components.securitySchemes.sessionCookie;
    expect(scheme).toMatchObject({ type: "apiKey", in: "cookie", name: "hostup_session" });
    expect(scheme["x-note"]).toMatch(/Assumption \(D7\).*`in: cookie`.*scopes/s);
  });

  it("D8: every referenced-only operation answers any 2XX, none a fixed 200", () => {
    for (const op of referencedOnly) expect(Object.keys(op.responses).filter((s) => s.startsWith("2"))).toEqual(["2XX"]);
  });
});
