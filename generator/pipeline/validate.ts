/**
 * Stage 2, validate: refuse only what truly stops generation, which is what openapi-typescript would
 * also fail on (an unresolvable `$ref`, a schema or operation that is not a mapping, a response
 * status key that is not a status). What the model can work around (no operationId, colliding names,
 * an undeclared path parameter, no responses, no operations) it works around and warns. Style rules
 * live in lint.ts; the operation checks in validate-operations.ts. Collects every problem,
 * positioned, before failing.
 */
import { UserError, UserErrors } from "../errors.ts";
import { locate, type LoadedSpec } from "../spec/load.ts";
import { sortedEntries } from "../spec/order.ts";
import { toPointer } from "../spec/pointer.ts";
import { forEachRef } from "../spec/ref-walk.ts";
import { child, deref, isRef, resolveRefOnce, type Located } from "../spec/refs.ts";
import { HTTP_METHODS, isRecord } from "../spec/walk.ts";
import { validateOperations } from "./validate-operations.ts";
import { describe, type Report } from "./validate-report.ts";
import { isSupportedOpenApiVersion, parameterPlaces } from "../spec/openapi32.ts";

export function validateSpec(spec: LoadedSpec): void {
  const problems: UserError[] = [];
  const report = (file: string, pointer: string, message: string, hint?: string) =>
    problems.push(
      new UserError({ kind: "spec", message, position: locate(spec.files.get(file)!, pointer), pointer, hint }),
    );
  const attempt = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      if (err instanceof UserError) problems.push(err);
      else throw err;
    }
  };

  const root = spec.root.data as Record<string, unknown> | null;
  const rootFile = spec.rootPath;
  if (root === null || typeof root !== "object" || Array.isArray(root)) {
    throw new UserError({
      kind: "spec",
      message: "the spec is not a YAML mapping",
      position: locate(spec.root, ""),
      pointer: "",
      hint: "an OpenAPI document starts with `openapi: 3.1.0`",
    });
  }
  if (!isSupportedOpenApiVersion(root.openapi)) {
    const message =
      root.openapi === undefined
        ? root.swagger !== undefined
          ? "Swagger 2.0 is not supported"
          : "missing `openapi` version field"
        : `unsupported OpenAPI version: ${JSON.stringify(root.openapi)}`;
    report(
      rootFile,
      root.openapi === undefined ? "" : "/openapi",
      message,
      'use OpenAPI 3.0, 3.1 or 3.2, written as a string: openapi: "3.1.0"',
    );
  }
  if (
    root.paths !== undefined &&
    (root.paths === null || typeof root.paths !== "object" || Array.isArray(root.paths))
  ) {
    report(rootFile, "/paths", "`paths` must be a mapping of path templates to path items");
  }

  // Every $ref in every loaded file must name something that exists, and no chain of $refs may come
  // back on itself without a real object in between (a recursive *schema* is fine: it has one).
  // A `$ref` string that resolved once from a file resolves the same from every other place in that
  // file (a cycle through one of those places would have failed the first time): checked once.
  const resolved = new Set<string>();
  for (const file of spec.files.values()) {
    forEachRef(file.data, (ref, segments) => {
      if (resolved.has(`${file.path}#${ref}`)) return;
      attempt(() => {
        resolveRefOnce(spec, ref, { file: file.path, pointer: toPointer([...segments, "$ref"]) });
        deref(spec, { value: { $ref: ref }, file: file.path, pointer: toPointer(segments) });
        resolved.add(`${file.path}#${ref}`);
      });
    });
    forEachKey(file.data, "$ref", (value, segments) => {
      if (typeof value === "string" || isNameMap(segments) || isFreeForm(segments)) return; // a property named "$ref", or example data
      report(
        file.path,
        toPointer([...segments, "$ref"]),
        `$ref must be a string, got ${describe(value)}`,
        'write it as $ref: "#/components/schemas/Name"',
      );
    });
  }

  validateNames(spec, report);
  const warnings: UserError[] = [];
  if (problems.length === 0) validateShapes(spec, report, warnings);
  if (problems.length === 0) validateOperations(spec, report, attempt);
  const byPosition = (a: UserError, b: UserError) =>
    (a.position!.file < b.position!.file ? -1 : a.position!.file > b.position!.file ? 1 : 0) || a.position!.line - b.position!.line || a.position!.col - b.position!.col;
  spec.warnings = [...(spec.warnings ?? []), ...warnings.sort(byPosition)];
  if (problems.length > 0) {
    // One cycle is found from each of its members: report each distinct message once.
    const unique = [
      ...new Map(
        problems.map((p) => [`${p.position?.file}:${p.position?.line}:${p.position?.col}:${p.message}`, p]),
      ).values(),
    ];
    throw unique.length === 1 ? unique[0]! : new UserErrors(unique);
  }
}

/** A `%` that does not start a percent-escape: openapi-typescript decodes names it points at, and fails on these. */
const MALFORMED_ESCAPE = /%(?![0-9A-Fa-f]{2})/;
const COMPONENT_SECTIONS = [
  "schemas",
  "responses",
  "parameters",
  "examples",
  "requestBodies",
  "headers",
  "securitySchemes",
  "links",
  "callbacks",
  "pathItems",
];

/** Path templates and component names that openapi-typescript can point at (refused here with their position instead of crashing there). */
function validateNames(spec: LoadedSpec, report: Report): void {
  const root = spec.root.data as Record<string, unknown>;
  const check = (map: unknown, segments: string[], what: string) => {
    if (!isRecord(map)) return;
    for (const name of Object.keys(map)) {
      if (MALFORMED_ESCAPE.test(name)) {
        report(
          spec.rootPath,
          toPointer([...segments, name]),
          `${what} ${JSON.stringify(name)} has a "%" that starts no percent-escape`,
          'write "%" as "%25", or rename it',
        );
      }
    }
  };
  check(root.paths, ["paths"], "path");
  check(root.webhooks, ["webhooks"], "webhook");
  const components = root.components;
  if (isRecord(components))
    for (const section of COMPONENT_SECTIONS)
      check(components[section], ["components", section], `components.${section} name`);
}

/**
 * Calls `visit` for every value stored under `key` in any mapping of `data`, with the segments of
 * that mapping. Each entry links to its parent, so segments are built only for a mapping that has the key.
 */
function forEachKey(data: unknown, key: string, visit: (value: unknown, segments: (string | number)[]) => void): void {
  type Entry = { node: unknown; key: string | number; parent: Entry | undefined };
  const segmentsOf = (entry: Entry) => {
    const segments: (string | number)[] = [];
    for (let e: Entry | undefined = entry; e?.parent; e = e.parent) segments.push(e.key);
    return segments.reverse();
  };
  const stack: Entry[] = [{ node: data, key: "", parent: undefined }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const { node } = entry;
    if (Array.isArray(node)) {
      node.forEach((item, i) => stack.push({ node: item, key: i, parent: entry }));
    } else if (node !== null && typeof node === "object") {
      if (Object.hasOwn(node, key)) visit((node as Record<string, unknown>)[key], segmentsOf(entry));
      for (const k in node) stack.push({ node: (node as Record<string, unknown>)[k], key: k, parent: entry });
    }
  }
}

/** Keys whose value maps names to schemas: a key "$ref" inside is a name, not a reference. */
const NAME_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);
/** Keys whose value is example data, kept as written. */
const FREE_FORM = new Set(["example", "examples", "default", "const", "enum", "value"]);

function isNameMap(segments: readonly (string | number)[]): boolean {
  return NAME_MAPS.has(String(segments[segments.length - 1]));
}

function isFreeForm(segments: readonly (string | number)[]): boolean {
  return segments.some((s) => FREE_FORM.has(String(s)) || String(s).startsWith("x-"));
}

/**
 * The shapes openapi-typescript and the model rely on: every object where a schema, parameter,
 * response, request body, header or media type belongs is a mapping (a schema may also be true/false),
 * and the schema keywords that hold schemas, lists or names hold them. A `$ref` is followed once per
 * target, so recursive schemas are checked once and never loop.
 */
function validateShapes(spec: LoadedSpec, report: Report, warnings: UserError[]): void {
  const visited = new Set<string>();
  const bad = (node: Located, what: string, hint?: string) =>
    report(
      node.file,
      node.pointer,
      `${what} must be ${what.endsWith("schema") ? "a mapping (or true/false)" : "a mapping"}, got ${describe(node.value)}`,
      hint,
    );

  /** Follow a `$ref` (already checked to resolve) and return the target, or undefined when it was seen. */
  const enter = (node: Located): Located | undefined => {
    let target = node;
    try {
      if (isRef(node.value)) target = deref(spec, node);
    } catch {
      return undefined; // reported by the $ref checks
    }
    const key = `${target.file}#${target.pointer}`;
    if (visited.has(key)) return undefined;
    visited.add(key);
    return target;
  };
  const mapOf = (node: Located, what: string, each: (entry: Located) => void) => {
    if (node.value === undefined) return;
    if (!isRecord(node.value))
      return report(node.file, node.pointer, `${what} must be a mapping, got ${describe(node.value)}`);
    for (const [key] of sortedEntries(node.value)) if (!key.startsWith("x-")) each(child(node, key));
  };
  const listOf = (node: Located, what: string, each: (entry: Located) => void) => {
    if (node.value === undefined) return;
    if (!Array.isArray(node.value))
      return report(node.file, node.pointer, `${what} must be a list, got ${describe(node.value)}`);
    node.value.forEach((_, i) => each(child(node, i)));
  };

  // Schemas are visited from a work list, not by recursion: a chain of thousands of `$ref`ed
  // schemas, each nesting the next, must not exhaust the stack.
  const pending: Located[] = [];
  const schema = (at: Located): void => {
    pending.push(at);
  };
  /** Where openapi-typescript reads `null` as "any value" (a media type's schema, items, additionalProperties...). */
  const schemaOrNull = (at: Located): void => {
    if (at.value === null) warnNull(at, "a schema");
    else schema(at);
  };
  const warnNull = (at: Located, what: string) =>
    warnings.push(
      new UserError({
        kind: "spec",
        message: `${what} is null; it is read as any value (unknown), and nothing is checked there`,
        position: locate(spec.files.get(at.file)!, at.pointer),
        pointer: at.pointer,
        hint: "leave the key out, or write a schema such as `{}`",
      }),
    );
  const visitSchema = (at: Located): void => {
    const node = enter(at);
    if (!node) return;
    if (typeof node.value === "boolean") return;
    if (!isRecord(node.value)) return bad(node, "a schema", "a schema is a mapping such as `type: string`");
    const v = node.value;
    // Keywords the schema does not have are skipped before any pointer to them is built.
    for (const key of NAME_MAPS) {
      if (v[key] === undefined) continue;
      // `properties: { $ref: ./props.yaml }` stands for the whole map (openapi-typescript resolves it).
      if (v[key] === null) {
        warnNull(child(node, key), `\`${key}\``);
        continue;
      }
      const names = isRef(v[key]) ? enter(child(node, key)) : child(node, key);
      if (names) mapOf(names, `\`${key}\``, schema);
    }
    for (const key of [
      "additionalProperties",
      "unevaluatedProperties",
      "unevaluatedItems",
      "additionalItems",
      "contains",
      "not",
      "if",
      "then",
      "else",
      "propertyNames",
    ]) {
      if (v[key] !== undefined) schemaOrNull(child(node, key));
    }
    if (Array.isArray(v.items)) listOf(child(node, "items"), "`items`", schema);
    else if (v.items !== undefined) schemaOrNull(child(node, "items"));
    for (const key of ["allOf", "anyOf", "oneOf"]) {
      if (v[key] === undefined) continue;
      listOf(child(node, key), `\`${key}\``, (member) =>
        typeof member.value === "boolean"
          ? bad(member, `an \`${key}\` member`, "write the member as a schema mapping")
          : schema(member),
      );
    }
    if (v.prefixItems !== undefined) listOf(child(node, "prefixItems"), "`prefixItems`", schema);
    texts(node);
    if (
      v.type !== undefined &&
      typeof v.type !== "string" &&
      !(Array.isArray(v.type) && v.type.every((t) => typeof t === "string"))
    ) {
      report(
        node.file,
        `${node.pointer}/type`,
        `\`type\` must be a type name or a list of them, got ${describe(v.type)}`,
        'for example `type: string` or `type: [string, "null"]`',
      );
    }
    if (v.required !== undefined && !(Array.isArray(v.required) && v.required.every((r) => typeof r === "string"))) {
      report(
        node.file,
        `${node.pointer}/required`,
        `\`required\` must be a list of property names, got ${describe(v.required)}`,
      );
    }
    if (v.enum !== undefined && !Array.isArray(v.enum))
      report(node.file, `${node.pointer}/enum`, `\`enum\` must be a list, got ${describe(v.enum)}`);
    if (v.discriminator !== undefined) {
      const d = child(node, "discriminator");
      if (!isRecord(d.value) || typeof d.value.propertyName !== "string") {
        report(
          d.file,
          d.pointer,
          "`discriminator` must be a mapping with a `propertyName`",
          "for example `discriminator: { propertyName: kind }`",
        );
      } else if (
        d.value.mapping !== undefined &&
        !(isRecord(d.value.mapping) && Object.values(d.value.mapping).every((m) => typeof m === "string"))
      ) {
        report(d.file, `${d.pointer}/mapping`, "`discriminator.mapping` must map values to $ref strings");
      }
    }
  };
  /** Documentation fields become JSDoc: they must be text. */
  const texts = (node: Located) => {
    for (const key of ["title", "summary", "description"]) {
      const value = (node.value as Record<string, unknown>)[key];
      if (value !== undefined && value !== null && typeof value !== "string")
        report(node.file, `${node.pointer}/${key}`, `\`${key}\` must be text, got ${describe(value)}`);
    }
  };
  const content = (at: Located) =>
    mapOf(at, "`content`", (media) => {
      const node = enter(media);
      if (!node) return;
      if (!isRecord(node.value)) return bad(node, "a media type object");
      if (node.value.schema !== undefined) schemaOrNull(child(node, "schema"));
    });
  const header = (at: Located) => {
    const node = enter(at);
    if (!node) return;
    if (!isRecord(node.value)) return bad(node, "a header");
    texts(node);
    if (node.value.schema !== undefined) schemaOrNull(child(node, "schema"));
    content(child(node, "content"));
  };
  const parameter = (at: Located) => {
    const node = enter(at);
    if (!node) return;
    if (!isRecord(node.value))
      return bad(node, "a parameter", "a parameter is a mapping with `name`, `in` and `schema`");
    texts(node);
    if (typeof node.value.name !== "string")
      report(
        node.file,
        node.pointer,
        `parameter has no \`name\`${node.value.name === undefined ? "" : `: got ${describe(node.value.name)}`}`,
      );
    if (node.value.in === undefined) {
      report(node.file, node.pointer, "parameter has no `in`", "add `in: query`, `header`, `path` or `cookie`");
    } else if (!parameterPlaces(spec.root.data).includes(node.value.in as string)) {
      const places = parameterPlaces(spec.root.data);
      report(
        node.file,
        `${node.pointer}/in`,
        `parameter \`in\` must be ${places.slice(0, -1).join(", ")} or ${places.at(-1)}, got ${describe(node.value.in)}`,
      );
    }
    if (node.value.schema !== undefined) schemaOrNull(child(node, "schema"));
    content(child(node, "content"));
  };
  const requestBody = (at: Located) => {
    const node = enter(at);
    if (!node) return;
    if (!isRecord(node.value)) return bad(node, "a request body");
    texts(node);
    content(child(node, "content"));
  };
  const response = (at: Located) => {
    const node = enter(at);
    if (!node) return;
    if (!isRecord(node.value))
      return bad(node, "a response", "a response is a mapping with `description` and optional `content`");
    texts(node);
    mapOf(child(node, "headers"), "`headers`", header);
    content(child(node, "content"));
  };
  const operation = (at: Located) => {
    const node = enter(at);
    if (!node || !isRecord(node.value)) return; // reported by validateOperations
    texts(node);
    // A `parameters` that is not a list, or `responses` not a mapping: validateOperations says so, naming the operation.
    if (Array.isArray(node.value.parameters)) listOf(child(node, "parameters"), "`parameters`", parameter);
    if (node.value.requestBody !== undefined) requestBody(child(node, "requestBody"));
    if (isRecord(node.value.responses)) mapOf(child(node, "responses"), "`responses`", response);
  };
  const pathItem = (at: Located) => {
    const node = enter(at);
    if (!node || !isRecord(node.value)) return; // reported by validateOperations
    texts(node);
    if (Array.isArray(node.value.parameters)) listOf(child(node, "parameters"), "`parameters`", parameter);
    for (const method of HTTP_METHODS) if (node.value[method] !== undefined) operation(child(node, method));
  };

  const root: Located = { value: spec.root.data, file: spec.rootPath, pointer: "" };
  const components = child(root, "components");
  if (components.value !== undefined && !isRecord(components.value))
    return report(
      components.file,
      components.pointer,
      `\`components\` must be a mapping, got ${describe(components.value)}`,
    );
  mapOf(child(components, "schemas"), "`components.schemas`", schema);
  mapOf(child(components, "parameters"), "`components.parameters`", parameter);
  mapOf(child(components, "headers"), "`components.headers`", header);
  mapOf(child(components, "requestBodies"), "`components.requestBodies`", requestBody);
  mapOf(child(components, "responses"), "`components.responses`", response);
  mapOf(child(components, "pathItems"), "`components.pathItems`", pathItem);
  if (isRecord(child(root, "paths").value)) mapOf(child(root, "paths"), "`paths`", pathItem);
  for (let next = pending.pop(); next; next = pending.pop()) visitSchema(next);
}
