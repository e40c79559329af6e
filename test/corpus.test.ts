/**
 * The corpus: every public spec and edge fixture in test/corpus/index.json goes through
 * load -> validate -> buildModel without a refusal, and the model holds what the spec implies
 * (synthesised names, warnings, security, envelope). What must still be refused is refused with a
 * position. The lead's generate + `tsc --strict` pass reads the same index.
 */
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { apiConfig } from "../generator/config/index.ts";
import { UserError } from "../generator/errors.ts";
import { loadSpec } from "../generator/spec/load.ts";
import { buildModel, type ApiModel } from "../generator/pipeline/model.ts";
import { apiTypeName, defaultApiName, IDENTIFIER } from "../generator/pipeline/naming.ts";
import { validateSpec } from "../generator/pipeline/validate.ts";

const corpus = join(import.meta.dirname, "corpus");
interface Entry {
  spec: string;
  kind: "real" | "edge" | "refused";
  shape: string;
  operations?: number;
  refusal?: string;
}
const entries = (JSON.parse(readFileSync(join(corpus, "index.json"), "utf8")) as { specs: Entry[] }).specs;

function modelOf(spec: string): ApiModel {
  const file = join(corpus, spec);
  const loaded = loadSpec(file);
  validateSpec(loaded);
  const title = (loaded.root.data as { info?: { title?: unknown } }).info?.title;
  const name = defaultApiName(typeof title === "string" ? title : undefined, basename(file));
  return buildModel(loaded, apiConfig({ name, spec: file, output: join(corpus, "out"), errorEnvelope: "infer" }), spec);
}

describe("every corpus spec generates a model", () => {
  it("lists at least five real APIs and a fixture for each former refusal", () => {
    expect(entries.filter((e) => e.kind === "real").length).toBeGreaterThanOrEqual(5);
    expect(entries.filter((e) => e.kind === "edge").map((e) => basename(e.spec, ".yaml"))).toEqual(
      expect.arrayContaining(["no-operation-id", "components-only", "webhooks-only", "spec", "example-ref", "undeclared-path-param", "no-responses", "method-name-collisions", "2024-billing", "swagger-2-petstore"]),
    );
  });

  it.each(entries.filter((e) => e.kind !== "refused").map((e) => [e.spec, e] as const))("%s", (spec, entry) => {
    const model = modelOf(spec);
    expect(model.operations).toHaveLength(entry.operations!);
    expect(model.typeName).toMatch(IDENTIFIER);
    const methods = model.operations.map((o) => o.methodName);
    const types = model.operations.map((o) => o.typeName);
    expect(new Set(methods).size).toBe(methods.length);
    expect(new Set(types).size).toBe(types.length);
    for (const name of [...methods, ...types]) expect(name).toMatch(IDENTIFIER);
    for (const o of model.operations) for (const scheme of o.security.flat()) expect(typeof scheme).toBe("string");
  });
});

describe("what the models hold", () => {
  it("synthesises names for operations without operationId, the way hey-api does", () => {
    const model = modelOf("edge/no-operation-id.yaml");
    expect(model.operations.map((o) => [o.method, o.path, o.operationId, o.specOperationId])).toEqual([
      ["get", "/ship/{uid}", "getShipByUid", undefined],
      ["get", "/ship/search", "getShipSearch", undefined],
      ["post", "/ship/search", "postShipSearch", undefined],
    ]);
    expect(model.warnings).toEqual([
      "GET /ship/{uid} has no operationId; it is named getShipByUid",
      "GET /ship/search has no operationId; it is named getShipSearch",
      "POST /ship/search has no operationId; it is named postShipSearch",
    ]);
  });

  it("resolves method-name collisions with suffixes and warns naming both operations", () => {
    const model = modelOf("edge/method-name-collisions.yaml");
    expect(Object.fromEntries(model.operations.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o.methodName]))).toEqual({
      "GET /Businesses": "getBusinesses",
      "POST /Businesses": "create__2",
      "GET /Businesses({key})": "getBusinessesByKey",
      "GET /Businesses/{key}": "getBusinessesByKey2",
      "POST /businesses/create": "create",
    });
    expect(model.warnings.filter((w) => w.startsWith("operations "))).toEqual([
      'operations POST /businesses/create ("create") and POST /Businesses ("create__") both become CreateError; POST /Businesses is named create__2() / Create2Error',
      'operations GET /Businesses({key}) ("getBusinessesByKey") and GET /Businesses/{key} ("getBusinessesByKey") both become getBusinessesByKey(); GET /Businesses/{key} is named getBusinessesByKey2() / GetBusinessesByKey2Error',
    ]);
  });

  it("types an undeclared path parameter and says so", () => {
    const model = modelOf("edge/undeclared-path-param.yaml");
    expect(model.operations[0]!.undeclaredPathParams).toEqual(["thread_id"]);
    expect(model.warnings).toHaveLength(1);
  });

  it("follows properties: { $ref } into another file, and infers an {id, message} envelope with the identifier-like id as its code and a request id", () => {
    const model = modelOf("edge/properties-ref/spec.yaml");
    expect(model.envelope).toEqual({ code: "/id", message: ["/message"], requestId: "/request_id" });
    expect(model.operations[0]!.errors[0]).toMatchObject({ status: "404", codeKind: "pinned", codes: ["not_found", "unauthorized"] });
  });

  it("leaves $refs inside example data and extensions alone", () => {
    expect(modelOf("edge/example-ref.yaml").operations.map((o) => o.methodName)).toEqual(["metaGet"]);
  });

  it("names an API from a file with leading digits and no title", () => {
    const model = modelOf("edge/2024-billing.yaml");
    expect([model.name, model.typeName]).toEqual(["api-2024-billing", "Api2024Billing"]);
    expect(apiTypeName(defaultApiName("Swagger Petstore - OpenAPI 3.0", "openapi.yaml"))).toBe("SwaggerPetstoreOpenapi30");
  });

  it("resolves every kind of security scheme, with alternatives per operation", () => {
    const model = modelOf("real/oai-tictactoe.yaml");
    expect(model.securitySchemes).toEqual({
      app2AppOauth: { type: "oauth2" },
      basicHttpAuthentication: { type: "http", scheme: "basic" },
      bearerHttpAuthentication: { type: "http", scheme: "bearer" },
      defaultApiKey: { type: "apiKey", in: "header", name: "api-key" },
      user2AppOauth: { type: "oauth2" },
    });
    const board = model.operations.find((o) => o.operationId === "get-board")!;
    expect(board.security.length).toBeGreaterThan(1);
    expect(board.scopes).toEqual(expect.arrayContaining(["board:read"]));
  });

  it("infers Problem Details for Museum and a numeric {code, message} for the OAI petstore", () => {
    expect(modelOf("real/redocly-museum.yaml").envelope).toEqual({ message: ["/detail", "/title"] });
    const petstore = modelOf("real/oai-petstore.yaml");
    expect(petstore.envelope).toEqual({ code: "/code", message: ["/message"] });
    expect(petstore.operations.flatMap((o) => o.errors.map((e) => e.codeKind))).toEqual(["open", "open", "open"]);
  });

  it("leaves out the schemes the client cannot send, with a warning", () => {
    const model = modelOf("real/readme-security.yaml");
    expect(Object.keys(model.securitySchemes)).not.toContain("mutualTLS");
    expect(model.warnings).toContain('security scheme "mutualTLS" (mutualTLS) is not one the client can send; operations that need it get no credential for it');
  });
});

describe("what is still refused, with a position", () => {
  it.each(entries.filter((e) => e.kind === "refused").map((e) => [e.spec, e] as const))("%s", (spec, entry) => {
    let error: unknown;
    try {
      modelOf(spec);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(entry.refusal);
    expect((error as UserError).position).toMatchObject({ file: join(corpus, spec), line: expect.any(Number), col: expect.any(Number) });
  });
});
