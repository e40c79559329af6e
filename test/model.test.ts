/**
 * buildModel: what used to be refused now generates, with warnings; security and
 * security schemes in the runtime's shapes; error members typed by how their bodies carry the code.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { apiConfig, type ErrorEnvelope } from "../generator/config/index.ts";
import { loadSpec } from "../generator/spec/load.ts";
import { buildModel, type ApiModel } from "../generator/pipeline/model.ts";
import { IDENTIFIER } from "../generator/pipeline/naming.ts";
import { validateSpec } from "../generator/pipeline/validate.ts";

function model(spec: object, errorEnvelope: ErrorEnvelope | "infer" = "infer"): ApiModel {
  const dir = mkdtempSync(join(tmpdir(), "contractgen-model-"));
  const file = join(dir, "spec.json");
  writeFileSync(file, JSON.stringify({ openapi: "3.1.0", info: { title: "T", version: "1" }, ...spec }));
  const loaded = loadSpec(file);
  validateSpec(loaded);
  return buildModel(loaded, apiConfig({ name: "t", spec: file, output: join(dir, "out"), errorEnvelope }), "spec.json");
}

const ok = { "200": { description: "ok" } };

describe("names", () => {
  it("synthesises a missing operationId from method and path, and warns", () => {
    const m = model({ paths: { "/pets/{petId}": { get: { parameters: [{ name: "petId", in: "path", required: true, schema: { type: "string" } }], responses: ok } } } });
    expect(m.operations[0]).toMatchObject({ operationId: "getPetsByPetId", methodName: "getPetsByPetId", typeName: "GetPetsByPetId" });
    expect(m.operations[0]!.specOperationId).toBeUndefined();
    expect(m.warnings).toEqual(["GET /pets/{petId} has no operationId; it is named getPetsByPetId"]);
  });

  it("resolves camel-case collisions with suffixes, the verbatim name first, naming both operations", () => {
    const m = model({ paths: { "/a": { post: { operationId: "create__", responses: ok } }, "/b": { post: { operationId: "create", responses: ok } } } });
    const byId = Object.fromEntries(m.operations.map((o) => [o.operationId, [o.methodName, o.typeName]]));
    expect(byId).toEqual({ create: ["create", "Create"], create__: ["create__2", "Create2"] });
    expect(m.warnings).toEqual(['operations POST /b ("create") and POST /a ("create__") both become CreateError; POST /a is named create__2() / Create2Error']);
  });

  it("names OData operations without ids apart, the same way on every run", () => {
    const spec = {
      paths: {
        "/Businesses": { get: { responses: ok } },
        "/Businesses({key})": { get: { responses: ok }, parameters: [{ name: "key", in: "path", required: true, schema: { type: "string" } }] },
        "/Businesses/{key}": { get: { responses: ok }, parameters: [{ name: "key", in: "path", required: true, schema: { type: "string" } }] },
      },
    };
    const names = model(spec).operations.map((o) => `${o.path} ${o.methodName}`);
    expect(names).toEqual(["/Businesses getBusinesses", "/Businesses({key}) getBusinessesByKey", "/Businesses/{key} getBusinessesByKey2"]);
    expect(model(spec).operations.map((o) => `${o.path} ${o.methodName}`)).toEqual(names);
  });

  it("gives duplicate operationIds distinct names and an operationId without letters a synthesised one", () => {
    const m = model({ paths: { "/a": { get: { operationId: "get", responses: ok } }, "/b": { get: { operationId: "get", responses: ok }, put: { operationId: "*/", responses: ok } } } });
    expect(m.operations.map((o) => [o.path, o.method, o.methodName])).toEqual([
      ["/a", "get", "get"],
      ["/b", "get", "get2"],
      ["/b", "put", "putB"],
    ]);
    expect(m.warnings).toContain('PUT /b: operationId "*/" has no letter or digit to name a method after; it is named putB');
    for (const o of m.operations) expect(o.methodName).toMatch(IDENTIFIER);
  });
});

describe("what used to be refused", () => {
  it("a spec without operations has an empty model", () => {
    const m = model({ components: { schemas: { Pet: { type: "object" } } } });
    expect(m.operations).toEqual([]);
    expect(m.warnings).toEqual([]);
  });

  it("a webhooks-only spec has no operations and is not refused", () => {
    expect(model({ webhooks: { newPet: { post: { requestBody: { content: { "application/json": { schema: { type: "object" } } } }, responses: ok } } } }).operations).toEqual([]);
  });

  it("an operation without responses has no success type, with a warning", () => {
    const m = model({ paths: { "/ping": { post: { operationId: "ping" } } } });
    expect(m.operations[0]).toMatchObject({ success: [], errors: [] });
    expect(m.warnings).toEqual(["POST /ping documents no responses; its success type is unknown"]);
  });

  it("an undeclared path parameter is listed for the emitter, with a warning", () => {
    const m = model({ paths: { "/threads/{thread_id}/runs/{run_id}": { get: { operationId: "getRun", parameters: [{ name: "run_id", in: "path", required: true, schema: { type: "string" } }], responses: ok } } } });
    expect(m.operations[0]!.undeclaredPathParams).toEqual(["thread_id"]);
    expect(m.warnings).toEqual(["GET /threads/{thread_id}/runs/{run_id}: path parameter {thread_id} is not declared; it is typed string"]);
  });
});

describe("security", () => {
  const components = {
    securitySchemes: {
      bearerAuth: { type: "http", scheme: "Bearer" },
      basic: { type: "http", scheme: "basic" },
      key: { type: "apiKey", in: "header", name: "X-API-Key" },
      session: { type: "apiKey", in: "cookie", name: "sid" },
      oauth: { type: "oauth2", flows: {} },
      oidc: { type: "openIdConnect", openIdConnectUrl: "https://x" },
      digest: { type: "http", scheme: "digest" },
    },
  };

  it("resolves components.securitySchemes into the runtime's shapes, warning about the ones it cannot send", () => {
    const m = model({ components });
    expect(m.securitySchemes).toEqual({
      bearerAuth: { type: "http", scheme: "bearer" },
      basic: { type: "http", scheme: "basic" },
      key: { type: "apiKey", in: "header", name: "X-API-Key" },
      session: { type: "apiKey", in: "cookie", name: "sid" },
      oauth: { type: "oauth2" },
      oidc: { type: "openIdConnect" },
    });
    expect(m.warnings).toEqual(['security scheme "digest" (http digest) is not one the client can send; operations that need it get no credential for it']);
  });

  it("inherits the root requirement, keeps alternatives, and takes [] as no security", () => {
    const m = model({
      components,
      security: [{ bearerAuth: [] }],
      paths: {
        "/a": { get: { operationId: "inherits", responses: ok } },
        "/b": { get: { operationId: "either", security: [{ key: [], session: [] }, { oauth: ["read:pets", "write:pets"] }, {}], responses: ok } },
        "/c": { get: { operationId: "open", security: [], responses: ok } },
      },
    });
    const byId = Object.fromEntries(m.operations.map((o) => [o.operationId, { security: o.security, scopes: o.scopes }]));
    expect(byId).toEqual({
      inherits: { security: [["bearerAuth"]], scopes: [] },
      either: { security: [["key", "session"], ["oauth"], []], scopes: ["read:pets", "write:pets"] },
      open: { security: [], scopes: [] },
    });
  });

  it("warns about a requirement naming a scheme the spec does not define", () => {
    const m = model({ paths: { "/a": { get: { operationId: "a", security: [{ ghost: [] }], responses: ok } } } });
    expect(m.warnings).toEqual(['GET /a: security scheme "ghost" is not defined in components.securitySchemes; no credential is sent for it']);
  });
});

describe("error members", () => {
  const body = (schema: object) => ({ description: "e", content: { "application/json": { schema } } });
  const spec = (responses: object) => ({ paths: { "/a": { get: { operationId: "a", responses: { "200": { description: "ok" }, ...responses } } } } });

  it("pins string and numeric codes as strings, leaves an open code open, and a body without one as none", () => {
    const m = model(
      spec({
        "400": body({ type: "object", properties: { code: { type: "string", enum: ["invalid", "missing"] }, message: { type: "string" } } }),
        "404": body({ type: "object", properties: { code: { const: 10003 }, message: { type: "string" } } }),
        "409": body({ type: "object", properties: { code: { type: "integer" }, message: { type: "string" } } }),
        "422": body({ type: "object", properties: { message: { type: "string" } } }),
        "500": { description: "no body" },
      }),
    );
    expect(m.envelope).toEqual({ code: "/code", message: ["/message"] });
    expect(m.operations[0]!.errors.map((e) => [e.status, e.codeKind, e.codes])).toEqual([
      ["400", "pinned", ["invalid", "missing"]],
      ["404", "pinned", ["10003"]],
      ["409", "open", undefined],
      ["422", "none", undefined],
      ["500", "none", undefined],
    ]);
  });

  it("uses the configured envelope when there is one", () => {
    const m = model(spec({ "404": body({ type: "object", properties: { error: { type: "object", properties: { code: { const: "nope" } } } } }) }), {
      code: "/error/code",
      message: ["/error/message"],
    });
    expect(m.envelope).toEqual({ code: "/error/code", message: ["/error/message"] });
    expect(m.operations[0]!.errors[0]).toMatchObject({ codeKind: "pinned", codes: ["nope"] });
  });

  it("has no code at all under an envelope without one", () => {
    const m = model(spec({ "404": body({ type: "object", properties: { message: { type: "string" }, code: { const: "x" } } }) }), { message: ["/message"] });
    expect(m.operations[0]!.errors[0]).toMatchObject({ codeKind: "none" });
  });
});

describe("media types", () => {
  const content = (...types: string[]) => Object.fromEntries(types.map((t) => [t, { schema: { type: "string" } }]));

  it("keeps a request body's media type when it is not JSON, through a $ref, and prefers JSON where offered", () => {
    const m = model({
      paths: {
        "/form": { post: { operationId: "form", requestBody: { content: content("application/x-www-form-urlencoded") }, responses: ok } },
        "/ref": { post: { operationId: "ref", requestBody: { $ref: "#/components/requestBodies/Upload" }, responses: ok } },
        "/both": { post: { operationId: "both", requestBody: { content: content("text/plain", "application/json") }, responses: ok } },
        "/none": { post: { operationId: "none", responses: ok } },
      },
      components: { requestBodies: { Upload: { content: content("application/octet-stream") } } },
    });
    const byId = Object.fromEntries(m.operations.map((o) => [o.operationId, o.requestMediaType]));
    expect(byId).toEqual({ form: "application/x-www-form-urlencoded", ref: "application/octet-stream", both: undefined, none: undefined });
  });

  it("gives a non-JSON success its media type, the first in text order when there are several", () => {
    const m = model({ paths: { "/t": { get: { operationId: "t", responses: { "200": { description: "ok", content: content("text/plain", "text/csv") } } } } } });
    expect(m.operations[0]!.success[0]).toMatchObject({ status: "200", json: false, mediaType: "text/csv" });
  });
});

describe("bodies named by their component schema", () => {
  const json = (schema: object) => ({ content: { "application/json": { schema } } });
  const schemas = { Pet: { type: "object" }, "a/b": { type: "string" }, Problem: { type: "object" } };

  it("names the schema of a body that is exactly a $ref to a root component schema, and nothing else", () => {
    const m = model({
      paths: {
        "/p": {
          get: {
            operationId: "p",
            responses: {
              "200": { description: "ok", ...json({ $ref: "#/components/schemas/Pet" }) },
              "400": { description: "bad", ...json({ $ref: "#/components/schemas/Pet", description: "a sibling" }) },
              "404": { $ref: "#/components/responses/NotFound" },
              "409": { description: "escaped", ...json({ $ref: "#/components/schemas/a~1b" }) },
              "422": { description: "inline", ...json({ type: "object" }) },
            },
          },
        },
      },
      components: { schemas, responses: { NotFound: { description: "nf", ...json({ $ref: "#/components/schemas/Problem" }) } } },
    });
    const op = m.operations[0]!;
    expect(op.success.map((r) => r.schemaName)).toEqual(["Pet"]);
    // A response that is itself a $ref is read where it is written (still the root document).
    expect(op.errors.map((r) => [r.status, r.schemaName])).toEqual([
      ["400", undefined],
      ["404", "Problem"],
      ["409", "a/b"],
      ["422", undefined],
    ]);
  });

  it("leaves a body written in another file on the path through operations (its #/components are that file's)", () => {
    const dir = mkdtempSync(join(tmpdir(), "contractgen-model-"));
    writeFileSync(join(dir, "responses.json"), JSON.stringify({ Ok: { description: "ok", ...json({ $ref: "#/components/schemas/Pet" }) }, components: { schemas } }));
    const file = join(dir, "spec.json");
    writeFileSync(file, JSON.stringify({ openapi: "3.1.0", info: { title: "T", version: "1" }, paths: { "/p": { get: { operationId: "p", responses: { "200": { $ref: "responses.json#/Ok" } } } } }, components: { schemas } }));
    const loaded = loadSpec(file);
    validateSpec(loaded);
    const m = buildModel(loaded, apiConfig({ name: "t", spec: file, output: join(dir, "out"), errorEnvelope: "infer" }), "spec.json");
    expect(m.operations[0]!.success.map((r) => [r.mediaType, r.schemaName])).toEqual([["application/json", undefined]]);
  });
});

describe("io: false", () => {
  it("leaves out paging, headers and streams, and nothing else", () => {
    const dir = mkdtempSync(join(tmpdir(), "contractgen-model-"));
    const file = join(dir, "spec.json");
    const list = { type: "array", items: { type: "string" } };
    writeFileSync(
      file,
      JSON.stringify({
        openapi: "3.1.0",
        info: { title: "T", version: "1" },
        paths: {
          "/items": {
            get: {
              operationId: "listItems",
              responses: {
                "200": { description: "ok", headers: { Link: { schema: { type: "string" } }, "X-Total": { schema: { type: "integer" } } }, content: { "application/json": { schema: list } } },
                "404": { description: "gone", headers: { "Retry-After": { schema: { type: "integer" } } }, content: { "application/json": { schema: { type: "object", properties: { code: { const: "gone" } } } } } },
              },
            },
          },
        },
      }),
    );
    const api = apiConfig({ name: "t", spec: file, output: join(dir, "out"), errorEnvelope: "infer" });
    const full = buildModel(loadSpec(file), api, "spec.json");
    const lean = buildModel(loadSpec(file), api, "spec.json", { io: false });
    const [op] = full.operations;
    expect(op!.pagination).toBeDefined();
    expect(op!.success[0]!.io?.headers).toBeDefined();
    expect(op!.errors[0]!.io?.headers).toBeDefined();
    const withoutIo = <T extends { io?: unknown }>({ io: _, ...rest }: T) => rest;
    expect(lean).toEqual({
      ...full,
      operations: full.operations.map(({ pagination: _, ...o }) => ({ ...o, success: o.success.map(withoutIo), errors: o.errors.map(withoutIo) })),
    });
  });
});
