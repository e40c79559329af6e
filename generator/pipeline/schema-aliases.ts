/**
 * A named type for every component schema, as a person would write it: `export type Problem = {...}`,
 * with `components["schemas"]["Problem"]` pointing at it. openapi-typescript declares each schema
 * inline in the `components` interface, so tsc's messages print its members
 * (`{ code?: string; … 5 more …; }`); an alias declared on the type itself is the name tsc prints.
 * @see https://spec.openapis.org/oas/v3.1.0#components-object
 */
type TS = typeof import("typescript");

type Typescript = TS;

/** Hoists each component schema's type out of `components`; `declarations()` gives what was hoisted, by name. */
export interface SchemaAliases {
  postTransform(type: import("typescript").TypeNode, options: { path?: string; schema?: unknown }): import("typescript").TypeNode | undefined;
  declarations(): import("typescript").TypeAliasDeclaration[];
}

const PREFIX = "#/components/schemas/";

/**
 * Names a schema's alias cannot take: the file's own exports, and the global types openapi-typescript's
 * output and ours refer to (a `File` schema must not shadow the DOM's `File`).
 */
const TAKEN = new Set([
  ...["paths", "webhooks", "components", "operations", "$defs"],
  ...["Array", "ArrayBuffer", "Blob", "Boolean", "Date", "Error", "Exclude", "Extract", "File", "FormData", "Function"],
  ...["Headers", "Map", "NonNullable", "Number", "Object", "Omit", "Partial", "Pick", "Promise", "Readonly"],
  ...["ReadableStream", "Record", "RegExp", "Request", "Required", "Response", "Set", "String", "Symbol", "URL"],
]);

/** Gives a declaration the JSDoc its schema earns (openapi-typescript's `addJSDocComment`). */
export type Document = (schema: unknown, node: import("typescript").TypeAliasDeclaration) => void;

export function createSchemaAliases(ts: Typescript, document: Document): SchemaAliases {
  const hoisted = new Map<string, { type: import("typescript").TypeNode; schema: unknown }>();
  const taken = new Set(TAKEN);
  return {
    postTransform(type, options) {
      const name = componentSchemaName(options.path);
      // A schema that is itself a $ref is already a reference; one seen twice keeps its first alias.
      if (name === undefined || ts.isTypeReferenceNode(type) || ts.isIndexedAccessTypeNode(type)) return undefined;
      const alias = aliasName(name, taken);
      taken.add(alias);
      hoisted.set(alias, { type, schema: options.schema });
      return ts.factory.createTypeReferenceNode(alias);
    },
    declarations() {
      const exported = [ts.factory.createModifier(ts.SyntaxKind.ExportKeyword)];
      return [...hoisted].map(([alias, { type, schema }]) => {
        const declaration = ts.factory.createTypeAliasDeclaration(exported, alias, undefined, type);
        if (schema !== undefined) document(schema, declaration);
        return declaration;
      });
    },
  };
}

/** The component's name when `path` is a schema directly under `components/schemas`, else undefined. */
export function componentSchemaName(path: string | undefined): string | undefined {
  if (!path?.startsWith(PREFIX)) return undefined;
  const segment = path.slice(PREFIX.length);
  if (segment === "" || segment.includes("/")) return undefined;
  return segment.replaceAll("~1", "/").replaceAll("~0", "~");
}

/**
 * The component's name as a type name: words joined in PascalCase (`repository-advisory` ->
 * `RepositoryAdvisory`), `Schema` before it when it does not start like an identifier and after it when the name is
 * taken, then a number when two components meet on one name.
 */
export function aliasName(name: string, taken: ReadonlySet<string>): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((word) => word !== "");
  let base = words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join("");
  if (base === "" || /^[0-9]/.test(base)) base = `Schema${base}`;
  else if (taken.has(base)) base = `${base}Schema`;
  let alias = base;
  for (let n = 2; taken.has(alias); n++) alias = `${base}${n}`;
  return alias;
}
