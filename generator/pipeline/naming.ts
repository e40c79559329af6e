/**
 * Names the generated code declares: client methods, type stems and the API's own names. A spec
 * string never becomes an identifier as written: it is derived (camel/Pascal case over its letters
 * and digits), checked against IDENTIFIER and moved off reserved words, so that the templates can
 * print these names bare.
 */
import { isRecord, type HttpMethod } from "../spec/walk.ts";

/** What every generated identifier matches (ASCII only: the generated code stays plain ASCII). */
export const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Words a generated name may not be: JavaScript and TypeScript keywords (the same list as
 * @hey-api/openapi-ts's type names), the members openapi-fetch's client already has (a method
 * `GET` would shadow them), and the keys an object literal treats specially. Method names also
 * may not be a member every object inherits (see OBJECT_MEMBERS).
 */
const RESERVED = new Set([
  // JavaScript keywords and strict-mode reserved words
  ...["await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum", "export", "extends"],
  ...["false", "finally", "for", "function", "if", "implements", "import", "in", "instanceof", "interface", "let", "new", "null", "package"],
  ...["private", "protected", "public", "return", "static", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while"],
  ...["with", "yield", "arguments", "eval"],
  // TypeScript type keywords
  ...["any", "as", "bigint", "boolean", "namespace", "never", "number", "string", "symbol", "type", "undefined", "unknown", "object"],
  // openapi-fetch's client members and object-literal specials
  ...["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "use", "eject", "__proto__", "constructor", "prototype"],
]);

/**
 * Names a client method may not take, because the runtime and every library that touches the client
 * reads them: Object.prototype's members (`toString` shadowed breaks string conversion, `constructor`
 * and `hasOwnProperty` break what inspects the object), `toJSON` (JSON.stringify calls it), and `then`
 * (a method `then` makes the client a thenable, so `await client` never settles).
 */
const OBJECT_MEMBERS = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  ...["toJSON", "then", "catch", "finally", "inspect", "asymmetricMatch", "$$typeof"],
]);

export function isReserved(name: string): boolean {
  return RESERVED.has(name);
}

/** True when `name` may not be a client method: a reserved word, or a member every object has (or `then`). */
export function isReservedMethod(name: string): boolean {
  return RESERVED.has(name) || OBJECT_MEMBERS.has(name);
}

/** The letter-and-digit runs of `text` (everything else separates words). */
function words(text: string): string[] {
  return text.split(/[^A-Za-z0-9]+/).filter(Boolean);
}

/** `text` as an identifier that is safe to print bare: a leading digit gets `_` before it, a reserved word `_` after it. */
export function toIdentifier(text: string): string {
  const safe = /^[0-9]/.test(text) ? `_${text}` : text;
  if (!IDENTIFIER.test(safe)) throw new Error(`not an identifier: ${JSON.stringify(text)}`); // callers pass derived names only
  return isReserved(safe) ? `${safe}_` : safe;
}

/** PascalCase over the letters and digits of `text` ("list_saved-cards" -> "ListSavedCards"); "" when it has none. */
export function pascalCase(text: string): string {
  return words(text)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}

/** camelCase over the letters and digits of `text`; "" when it has none. */
export function camelCase(text: string): string {
  const pascal = pascalCase(text);
  return pascal === "" ? "" : pascal[0]!.toLowerCase() + pascal.slice(1);
}

export interface OperationNames {
  /** The client method. */
  methodName: string;
  /** The stem of `<TypeName>Error` and `<TypeName>Data`. */
  typeName: string;
  /** The name the method would have had, when it was moved off a reserved word or an object member (for a warning). */
  renamedFrom?: string;
}

/**
 * Names for an operation whose operationId has letters or digits: the operationId itself when it is
 * already an identifier (so `listSavedCards` stays `listSavedCards`), else its camelCase form; the
 * type stem is its PascalCase form. A reserved word, or a member every object has (`toString`,
 * `constructor`, `then` ...), gets `_` after it (`delete_`, `toString_`, as @hey-api/openapi-ts does
 * for keywords). Undefined when the operationId has no letter or digit.
 */
export function operationNames(operationId: string): OperationNames | undefined {
  const camel = camelCase(operationId);
  if (camel === "") return undefined;
  const wanted = /^[0-9]/.test(camel) ? `_${camel}` : IDENTIFIER.test(operationId) ? operationId : camel;
  const methodName = isReservedMethod(wanted) ? `${wanted}_` : toIdentifier(wanted);
  return { methodName, typeName: toIdentifier(pascalCase(operationId)), ...(methodName !== wanted ? { renamedFrom: wanted } : {}) };
}

/**
 * The operationId of an operation that has none, as @hey-api/openapi-ts derives it: the method, then
 * the path's segments, with each `{param}` read as "by param", camel-cased. `GET /pets/{petId}` is
 * `getPetsByPetId`, `GET /Businesses({key})` is `getBusinessesByKey`, `DELETE /` is `delete`.
 * Deterministic: the same method and path always give the same name (collisions are resolved by
 * the caller, with numeric suffixes).
 */
export function synthesiseOperationId(method: HttpMethod, path: string): string {
  return camelCase(`${method}-${path.replace(/\{([^}]*)\}/g, "-by-$1-")}`);
}

/**
 * The API name used when neither the config nor `--name` gives one: `info.title` if it has letters
 * or digits, else the spec's file name without its extension, else "api"; lower-cased, with every
 * other run of characters a single dash ("Swagger Petstore - OpenAPI 3.0" -> "swagger-petstore-openapi-3-0").
 * A name that would start with a digit gets "api-" before it, so that `create<Name>Client` and the
 * `<Name>Client` type are identifiers.
 */
export function defaultApiName(title: string | undefined, fileName: string): string {
  const slug = (text: string) =>
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "") // accents off: "Café" -> "cafe"
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean)
      .join("-")
      .slice(0, 48)
      .replace(/-+$/, "");
  const stem = fileName.replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "");
  const name = slug(title ?? "") || slug(stem) || "api";
  return /^[0-9]/.test(name) ? `api-${name}` : name;
}

/** The default API name of a spec document as read (`info.title`, else the file name), for init, `--spec` runs and diff. */
export function specApiName(document: unknown, path: string): string {
  const info = isRecord(document) ? document.info : undefined;
  return defaultApiName(isRecord(info) && typeof info.title === "string" ? info.title : undefined, path);
}

/** The PascalCase form of an API name, as an identifier: "hostup" -> "Hostup", "my-api" -> "MyApi". */
export function apiTypeName(name: string): string {
  return toIdentifier(pascalCase(name) || "Api");
}
