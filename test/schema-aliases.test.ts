/**
 * Component schemas as named types: which nodes are hoisted, and the names they get.
 */
import { describe, expect, it } from "vitest";
import ts from "typescript";
import { aliasName, componentSchemaName, createSchemaAliases } from "../generator/pipeline/schema-aliases.ts";

describe("componentSchemaName", () => {
  it("reads a schema directly under components/schemas, unescaping its pointer segment", () => {
    expect(componentSchemaName("#/components/schemas/Problem")).toBe("Problem");
    expect(componentSchemaName("#/components/schemas/a~1b~0c")).toBe("a/b~c");
  });

  it("ignores anything deeper, elsewhere or missing", () => {
    expect(componentSchemaName("#/components/schemas/Problem/properties/code")).toBeUndefined();
    expect(componentSchemaName("#/components/responses/NotFound")).toBeUndefined();
    expect(componentSchemaName("#/components/schemas/")).toBeUndefined();
    expect(componentSchemaName(undefined)).toBeUndefined();
  });
});

describe("aliasName", () => {
  const none = new Set<string>();
  it("joins words in PascalCase", () => {
    expect(aliasName("repository-advisory", none)).toBe("RepositoryAdvisory");
    expect(aliasName("account_annual_revenue", none)).toBe("AccountAnnualRevenue");
    expect(aliasName("Problem", none)).toBe("Problem");
  });

  it("never shadows a global type or the file's own exports, never starts with a digit, and numbers a repeat", () => {
    expect(aliasName("File", new Set(["File"]))).toBe("FileSchema");
    expect(aliasName("404-error", none)).toBe("Schema404Error");
    expect(aliasName("+++", none)).toBe("Schema");
    expect(aliasName("foo_bar", new Set(["FooBar"]))).toBe("FooBarSchema");
    expect(aliasName("foo-bar", new Set(["FooBar", "FooBarSchema"]))).toBe("FooBarSchema2");
  });
});

describe("createSchemaAliases", () => {
  const print = (nodes: readonly ts.Node[]) => {
    const file = ts.createSourceFile("x.ts", "", ts.ScriptTarget.Latest);
    return nodes.map((n) => ts.createPrinter().printNode(ts.EmitHint.Unspecified, n, file)).join("\n");
  };
  const literal = () => ts.factory.createTypeLiteralNode([ts.factory.createPropertySignature(undefined, "id", undefined, ts.factory.createKeywordTypeNode(ts.SyntaxKind.StringKeyword))]);

  it("hoists a component's type into an exported alias and leaves a reference in its place, with the schema's JSDoc", () => {
    const documented: unknown[] = [];
    const aliases = createSchemaAliases(ts, (schema) => documented.push(schema));
    const schema = { type: "object" };
    const replaced = aliases.postTransform(literal(), { path: "#/components/schemas/File", schema });
    expect(print([replaced!])).toBe("FileSchema");
    expect(print(aliases.declarations())).toBe("export type FileSchema = {\n    id: string;\n};");
    expect(documented).toEqual([schema]);
  });

  it("leaves references, nested schemas and other components alone", () => {
    const aliases = createSchemaAliases(ts, () => {});
    const ref = ts.factory.createTypeReferenceNode("Other");
    expect(aliases.postTransform(ref, { path: "#/components/schemas/A" })).toBeUndefined();
    expect(aliases.postTransform(literal(), { path: "#/components/schemas/A/properties/b" })).toBeUndefined();
    expect(aliases.postTransform(literal(), { path: "#/paths/~1a/get" })).toBeUndefined();
    expect(aliases.declarations()).toEqual([]);
  });
});
