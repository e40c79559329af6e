/**
 * naming.ts: every name the model hands the templates is an identifier that is safe to print bare,
 * whatever the spec says; synthesised operationIds follow @hey-api/openapi-ts's rule.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apiTypeName, defaultApiName, IDENTIFIER, isReserved, operationNames, synthesiseOperationId } from "../generator/pipeline/naming.ts";

describe("operationNames", () => {
  it.each([
    ["listSavedCards", { methodName: "listSavedCards", typeName: "ListSavedCards" }],
    ["list_saved-cards", { methodName: "listSavedCards", typeName: "ListSavedCards" }],
    ["GetPet", { methodName: "GetPet", typeName: "GetPet" }],
    ["2fa-verify", { methodName: "_2faVerify", typeName: "_2faVerify" }],
    ["delete", { methodName: "delete_", typeName: "Delete" }],
    ["GET", { methodName: "GET_", typeName: "GET_" }],
    ["__proto__", { methodName: "__proto___", typeName: "Proto" }],
    ['X */ console.log("PWNED"); /*', { methodName: "xConsoleLogPWNED", typeName: "XConsoleLogPWNED" }],
  ])("%j", (operationId, want) => {
    expect(operationNames(operationId)).toEqual(want);
  });

  it("gives nothing for an operationId without letters or digits (the caller synthesises one)", () => {
    expect(operationNames("!!!")).toBeUndefined();
    expect(operationNames("获取")).toBeUndefined();
  });

  it("always yields identifiers that are not reserved", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const names = operationNames(text);
        if (!names) return;
        for (const name of [names.methodName, names.typeName]) {
          expect(name).toMatch(IDENTIFIER);
          expect(isReserved(name)).toBe(false);
        }
      }),
    );
  });
});

describe("synthesiseOperationId", () => {
  it.each([
    ["get", "/pets/{petId}", "getPetsByPetId"],
    ["post", "/pets", "postPets"],
    ["get", "/Businesses({key})", "getBusinessesByKey"],
    ["delete", "/", "delete"],
    ["get", "/v2/users/{user_id}/repos.json", "getV2UsersByUserIdReposJson"],
  ] as const)("%s %s -> %s", (method, path, want) => {
    expect(synthesiseOperationId(method, path)).toBe(want);
  });
});

describe("defaultApiName", () => {
  it.each([
    ["Swagger Petstore - OpenAPI 3.0", "openapi.yaml", "swagger-petstore-openapi-3-0"],
    [undefined, "/specs/hostup.yaml", "hostup"],
    ["", "2024-billing.v1.yaml", "api-2024-billing-v1"],
    ["1Password Connect", "x.json", "api-1password-connect"],
    ["Café API", "x.json", "cafe-api"],
    ["获取", "获取.yaml", "api"],
    ['X */ console.log("PWNED"); /*', "s.yaml", "x-console-log-pwned"],
  ])("%j from %j -> %j", (title, file, want) => {
    expect(defaultApiName(title, file)).toBe(want);
  });

  it("is always lower-case letters, digits and dashes, starting with a letter, and gives an identifier type name", () => {
    fc.assert(
      fc.property(fc.option(fc.string()), fc.string(), (title, file) => {
        const name = defaultApiName(title ?? undefined, file);
        expect(name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
        expect(apiTypeName(name)).toMatch(IDENTIFIER);
      }),
    );
  });
});
