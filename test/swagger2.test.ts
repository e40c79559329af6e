/**
 * Swagger 2.0 input: converted to OpenAPI 3.0 by swagger2openapi when loaded, with a
 * notice; every later stage sees OpenAPI 3 only, and positions refer to the converted document.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { apiConfig, resolvedConfig } from "../generator/config/index.ts";
import { UserError } from "../generator/errors.ts";
import { loadSpec, locate } from "../generator/spec/load.ts";
import { closeRunContext, createRunContext, generateApi } from "../generator/pipeline/run.ts";
import { validateSpec } from "../generator/pipeline/validate.ts";
import { scratchCopy } from "./support/tree.ts";

const PETSTORE = join(import.meta.dirname, "fixtures/load/swagger2/petstore.yaml");

describe("a Swagger 2.0 spec", () => {
  const spec = loadSpec(PETSTORE);
  const root = spec.root.data as any;

  it("is converted to OpenAPI 3.0, with a notice saying so and where positions point", () => {
    expect(root.swagger).toBeUndefined();
    expect(root.openapi).toMatch(/^3\.0\./);
    expect(spec.notices).toEqual([`${PETSTORE}: Swagger 2.0 converted to OpenAPI 3.0 by swagger2openapi; positions in later errors refer to the converted document`]);
  });

  it("keeps its meaning: servers from host and basePath, components from definitions, a body parameter as requestBody", () => {
    expect(root.servers).toEqual([{ url: "https://petstore.example.com/v1" }]);
    expect(Object.keys(root.components.schemas).sort()).toEqual(["Error", "NewPet", "Pet"]);
    expect(root.components.schemas.Pet.allOf[0]).toEqual({ $ref: "#/components/schemas/NewPet" });
    expect(root.components.securitySchemes.api_key).toEqual({ type: "apiKey", name: "X-API-Key", in: "header" });
    expect(root.paths["/pets"].post.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/NewPet" });
    expect(root.paths["/pets"].get.responses["200"].content["application/json"].schema.items).toEqual({ $ref: "#/components/schemas/Pet" });
    expect(root.paths["/pets"].get.parameters[0]).toMatchObject({ name: "limit", in: "query", schema: { type: "integer", format: "int32" } });
  });

  it("passes validation, and positions name lines of the converted document", () => {
    expect(() => validateSpec(spec)).not.toThrow();
    const { line } = locate(spec.root, "/components/schemas/Pet");
    expect(spec.root.text.split("\n")[line - 1]).toMatch(/^ {4}Pet:$/);
  });

  it("a YAML number version (swagger: 2.0) is converted too; a document it cannot convert is refused at its top", () => {
    const dir = scratchCopy("contractgen-swagger2-bad");
    writeFileSync(join(dir, "number.yaml"), readFileSync(PETSTORE, "utf8").replace('swagger: "2.0"', "swagger: 2.0"));
    expect((loadSpec(join(dir, "number.yaml")).root.data as any).openapi).toMatch(/^3\.0\./);
    writeFileSync(join(dir, "bad.yaml"), 'swagger: "2.0"\ninfo: Petstore\npaths: {}\n');
    let error: unknown;
    try {
      loadSpec(join(dir, "bad.yaml"));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe("cannot convert Swagger 2.0 to OpenAPI 3.0: info must be an object");
    expect((error as UserError).position).toEqual({ file: join(dir, "bad.yaml"), line: 1, col: 1 });
  });

  const ctx = createRunContext(resolvedConfig(scratchCopy("contractgen-swagger2-gen"), []));
  afterAll(() => closeRunContext(ctx));
  it("generates a client", async () => {
    const generated = await generateApi(apiConfig({ name: "petstore", spec: PETSTORE, output: join(ctx.root, "out/petstore") }), ctx);
    expect(generated.spec.notices).toHaveLength(1);
    expect(generated.files.get("operations.ts")).toMatch(/listPets[\s\S]*createPet[\s\S]*showPetById|createPet[\s\S]*listPets/);
    expect(generated.files.get("schema.ts")).toContain("NewPet");
  }, 60_000);
});
