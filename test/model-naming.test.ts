/**
 * naming.ts: every name the model hands the templates is an identifier that is safe to print bare,
 * whatever the spec says, and never a member every object has (a generated client with such
 * operationIds constructs, settles when awaited and calls each method); synthesised operationIds
 * follow @hey-api/openapi-ts's rule.
 */
import { writeOutputs } from "../generator/pipeline/write.ts";
import fc from "fast-check";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiConfig, resolvedConfig } from "../generator/config/index.ts";
import { closeRunContext, createRunContext, generateApi, generateRuntime, outputsOf } from "../generator/pipeline/run.ts";
import { apiTypeName, defaultApiName, IDENTIFIER, isReserved, isReservedMethod, operationNames, synthesiseOperationId } from "../generator/pipeline/naming.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("operationNames", () => {
  it.each([
    ["listSavedCards", { methodName: "listSavedCards", typeName: "ListSavedCards" }],
    ["list_saved-cards", { methodName: "listSavedCards", typeName: "ListSavedCards" }],
    ["GetPet", { methodName: "GetPet", typeName: "GetPet" }],
    ["2fa-verify", { methodName: "_2faVerify", typeName: "_2faVerify" }],
    ["delete", { methodName: "delete_", typeName: "Delete", renamedFrom: "delete" }],
    ["GET", { methodName: "GET_", typeName: "GET_", renamedFrom: "GET" }],
    ["__proto__", { methodName: "__proto___", typeName: "Proto", renamedFrom: "__proto__" }],
    ["toString", { methodName: "toString_", typeName: "ToString", renamedFrom: "toString" }],
    ["to-string", { methodName: "toString_", typeName: "ToString", renamedFrom: "toString" }],
    ["toJSON", { methodName: "toJSON_", typeName: "ToJSON", renamedFrom: "toJSON" }],
    ["constructor", { methodName: "constructor_", typeName: "Constructor", renamedFrom: "constructor" }],
    ["hasOwnProperty", { methodName: "hasOwnProperty_", typeName: "HasOwnProperty", renamedFrom: "hasOwnProperty" }],
    ["valueOf", { methodName: "valueOf_", typeName: "ValueOf", renamedFrom: "valueOf" }],
    ["then", { methodName: "then_", typeName: "Then", renamedFrom: "then" }],
    ["thenDo", { methodName: "thenDo", typeName: "ThenDo" }],
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
        expect(isReservedMethod(names.methodName)).toBe(false);
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

describe("a client whose operationIds are members every object has", () => {
  const IDS = ["toString", "toJSON", "constructor", "hasOwnProperty", "valueOf", "__proto__", "then", "isPrototypeOf", "toLocaleString"];
  const work = mkdtempSync(join(tmpdir(), "contractgen-reserved-"));
  let warnings: string[] = [];
  let server: Server;
  let baseUrl = "";

  beforeAll(async () => {
    const paths = Object.fromEntries(
      IDS.map((id, i) => [`/r${i}`, { get: { operationId: id, responses: { "200": { description: "ok", content: { "application/json": { schema: { type: "object", properties: { id: { type: "string" } } } } } } } } }]),
    );
    writeFileSync(join(work, "api.json"), JSON.stringify({ openapi: "3.1.0", info: { title: "Reserved", version: "1" }, paths }));
    const ctx = createRunContext(resolvedConfig(work, [], { runtimeOutput: join(work, "runtime") }));
    try {
      const generated = await generateApi(apiConfig({ name: "reserved", spec: join(work, "api.json"), output: join(work, "reserved") }), ctx);
      warnings = generated.model.warnings;
      writeOutputs(outputsOf([generated], generateRuntime(ctx)));
    } finally {
      await closeRunContext(ctx);
    }
    symlinkSync(join(root, "node_modules"), join(work, "node_modules"));
    server = createServer((request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ id: request.url }));
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    await new Promise((done) => server?.close(done));
    rmSync(work, { recursive: true, force: true });
  });

  it("renames each method with a warning", () => {
    for (const id of IDS) expect(warnings).toContain(`GET /r${IDS.indexOf(id)}: ${id} is reserved (a keyword, a client member or a member every object has); the method is named ${id}_()`);
  });

  it("constructs, settles when awaited, converts to a string and JSON, and calls every renamed method", async () => {
    const { createReservedClient } = (await import(join(work, "reserved/index.ts"))) as {
      createReservedClient: (options: { baseUrl: string }) => Record<string, (init?: unknown) => Promise<{ data?: unknown }>>;
    };
    const client = createReservedClient({ baseUrl });
    const awaited = await Promise.race([Promise.resolve(client).then(() => "settled"), new Promise((done) => setTimeout(() => done("hung"), 1000))]);
    expect(awaited).toBe("settled");
    expect(String(client)).toContain("ReservedClient");
    expect(() => JSON.stringify(client)).not.toThrow();
    expect(Object.prototype.hasOwnProperty.call(client, "then")).toBe(false);
    for (const [i, id] of IDS.entries()) expect((await client[`${id}_`]!()).data).toEqual({ id: `/r${i}` });
  });
});
