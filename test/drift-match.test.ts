/** The pieces of `contractgen drift` on their own: matching a URL to an operation (redaction: drift-redact.test.ts). */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { documentedMediaType, responseKey } from "../generator/drift/check.ts";
import { createMatcher, serverBases, specOperations } from "../generator/drift/operations.ts";
import { loadSpec } from "../generator/spec/load.ts";

function spec(text: string) {
  const dir = mkdtempSync(join(tmpdir(), "contractgen-drift-match-"));
  writeFileSync(join(dir, "api.yaml"), text);
  return loadSpec(join(dir, "api.yaml"));
}

const petstore = spec(`openapi: 3.1.0
info: { title: Pets, version: "1" }
servers:
  - url: https://{region}.example.com/v1
    variables: { region: { default: api } }
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: X-Custom-Key }
    query: { type: apiKey, in: query, name: sig }
paths:
  /pets/{id}:
    get: { operationId: getPet, responses: { "200": { description: ok } } }
  /pets/mine:
    get: { operationId: myPets, responses: { "200": { description: ok } } }
  /files/{name}.json:
    get: { operationId: getFile, responses: { "200": { description: ok } } }
`);

describe("matching a recorded URL to an operation", () => {
  const match = createMatcher(specOperations(petstore), serverBases(petstore));
  it.each([
    ["GET", "https://api.example.com/v1/pets/mine", { kind: "matched", id: "myPets", params: {} }],
    ["GET", "https://api.example.com/v1/pets/42", { kind: "matched", id: "getPet", params: { id: "42" } }],
    ["get", "https://api.example.com/v1/pets/a%20b/", { kind: "matched", id: "getPet", params: { id: "a b" } }],
    ["GET", "https://api.example.com/v1/files/report.json?x=1", { kind: "matched", id: "getFile", params: { name: "report" } }],
    ["DELETE", "https://api.example.com/v1/pets/42", { kind: "unknown" }],
    ["GET", "https://api.example.com/v1/owners", { kind: "unknown" }],
    ["OPTIONS", "https://api.example.com/v1/pets/42", { kind: "ignored" }],
    ["GET", "https://api.example.com/v2/pets/42", { kind: "ignored" }],
    ["GET", "https://cdn.example.com/v1/pets/42", { kind: "ignored" }],
  ] as [string, string, { kind: string; id?: string; params?: Record<string, string> }][])("%s %s", (method, url, want) => {
    const result = match(method, url);
    expect(result.kind).toBe(want.kind);
    if (result.kind === "matched") expect({ id: result.operation.id, params: result.pathParams }).toEqual({ id: want.id, params: want.params });
  });

  it("a --base-url replaces the servers, base path included", () => {
    const local = createMatcher(specOperations(petstore), serverBases(petstore, "http://localhost:8080/api/"));
    expect(local("GET", "http://localhost:8080/api/pets/mine").kind).toBe("matched");
    expect(local("GET", "https://api.example.com/v1/pets/mine").kind).toBe("ignored");
  });
});

describe("documented responses", () => {
  it.each([
    [{ "200": {}, "4XX": {}, default: {} }, 200, "200"],
    [{ "200": {}, "4xx": {}, default: {} }, 404, "4xx"],
    [{ "200": {}, default: {} }, 503, "default"],
    [{ "200": {} }, 201, undefined],
  ])("%j, status %i -> %s", (responses, status, want) => {
    expect(responseKey(responses, status)).toBe(want);
  });

  it.each([
    [{ "application/json": {} }, "application/json", "application/json"],
    [{ "application/json; charset=utf-8": {} }, "application/json", "application/json; charset=utf-8"],
    [{ "image/*": {} }, "image/png", "image/*"],
    [{ "*/*": {} }, "text/plain", "*/*"],
    [{ "application/json": {} }, "application/problem+json", undefined],
  ])("%j covers %s: %s", (content, actual, want) => {
    expect(documentedMediaType(content, actual)).toBe(want);
  });
});
