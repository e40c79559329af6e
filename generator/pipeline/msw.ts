/**
 * Opt-in MSW (msw@2) request handlers per API, from the spec's examples: this module builds the plain
 * view model (one handler per operation: method, MSW path, status, example body); a template renders
 * it into `<api>/msw.ts`, so that browser and Node tests answer every call as the contract does.
 */
import type { LoadedSpec } from "../spec/load.ts";
import { compareStatus, isJsonMediaType } from "./model.ts";
import { child, deref, isRef, type Located } from "../spec/refs.ts";
import { specOperations } from "../drift/operations.ts";

export interface MswResponseModel {
  /** The status the handler answers with: the documented one, 200 for `2XX` with a body, 204 without. */
  status: number;
  /** The documented status key ("201", "2XX", "default"). */
  statusKey: string;
  /** undefined when the response documents no body. */
  contentType?: string;
  /** The example body: the media type's example, else one built from the schema's examples; undefined when there is none. */
  example?: unknown;
  /** `example` as JSON source text for the template, or undefined. */
  exampleJson?: string;
}

export interface MswHandlerModel extends MswResponseModel {
  operationId: string;
  /** msw's `http` method: "get", "post" ... */
  method: string;
  /** The path template as the spec writes it. */
  specPath: string;
  /** The same path in MSW's syntax: `/cards/{id}` -> `/cards/:id` (names reduced to word characters). */
  path: string;
  /** Every documented response that has an example or no body (errors included), for tests that override the default. */
  responses: MswResponseModel[];
}

export interface MswModel {
  /** The spec's first server URL ("" when it names none): handlers match `${baseUrl}${path}`. */
  defaultBaseUrl: string;
  handlers: MswHandlerModel[];
}

export function buildMswModel(spec: LoadedSpec): MswModel {
  const servers = (spec.root.data as { servers?: { url?: unknown }[] }).servers;
  const first = Array.isArray(servers) && typeof servers[0]?.url === "string" ? servers[0].url : "";
  return {
    defaultBaseUrl: first.replace(/\/+$/, ""),
    handlers: specOperations(spec).map(({ id, method, path, operation }) => {
      const responses = responseModels(spec, operation);
      const success = responses.find((r) => r.statusKey.startsWith("2")) ?? responses.find((r) => r.statusKey === "default") ?? { status: 200, statusKey: "default" };
      return { operationId: id, method: method.toLowerCase(), specPath: path, path: mswPath(path), ...success, responses };
    }),
  };
}

/** `/orgs/{org-id}/cards/{id}` -> `/orgs/:org_id/cards/:id`. */
export function mswPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => `:${name.replace(/\W/g, "_")}`);
}

function responseModels(spec: LoadedSpec, operation: Located): MswResponseModel[] {
  const responses = child(operation, "responses");
  const keys = Object.keys((responses.value ?? {}) as Record<string, unknown>)
    .filter((k) => !k.startsWith("x-"))
    .sort(compareStatus);
  return keys.flatMap((key) => {
    const response = deref<Record<string, unknown>>(spec, child(responses, key));
    const content = child(response, "content");
    const mediaTypes = Object.keys((content.value ?? {}) as Record<string, unknown>);
    const contentType = mediaTypes.find(isJsonMediaType);
    if (contentType === undefined) {
      // No JSON body documented: a body-less answer, or (other media types only) nothing to mock from.
      return mediaTypes.length > 0 ? [] : [{ status: statusFor(key, false), statusKey: key }];
    }
    const example = mediaTypeExample(spec, child(content, contentType));
    return [{ status: statusFor(key, true), statusKey: key, contentType, ...(example === undefined ? {} : { example, exampleJson: JSON.stringify(example, null, 2) }) }];
  });
}

function statusFor(key: string, hasBody: boolean): number {
  if (/^\d{3}$/.test(key)) return Number(key);
  if (/^[1-5]XX$/i.test(key)) return key[0] === "2" ? (hasBody ? 200 : 204) : Number(key[0]) * 100;
  return hasBody ? 200 : 204;
}

/** `example`, the first of `examples` (inline value, `$ref` followed), else one built from the schema. */
function mediaTypeExample(spec: LoadedSpec, mediaType: Located): unknown {
  const value = mediaType.value as Record<string, unknown>;
  if (value.example !== undefined) return value.example;
  const examples = child(mediaType, "examples");
  for (const name of Object.keys((examples.value ?? {}) as Record<string, unknown>).sort()) {
    const example = deref<Record<string, unknown>>(spec, child(examples, name)).value;
    if (example && "value" in example) return example.value;
  }
  return schemaExample(spec, child(mediaType, "schema"), 0);
}

const MAX_DEPTH = 8;

/** An example from a schema's own `examples`/`example`/`default`/`const`/`enum`, recursing into objects and arrays. */
function schemaExample(spec: LoadedSpec, schema: Located, depth: number): unknown {
  if (depth > MAX_DEPTH || schema.value === null || typeof schema.value !== "object") return undefined;
  if (isRef(schema.value)) return schemaExample(spec, deref(spec, schema), depth + 1);
  const node = schema.value as Record<string, unknown>;
  if (Array.isArray(node.examples) && node.examples.length > 0) return node.examples[0];
  for (const key of ["example", "default", "const"]) if (node[key] !== undefined) return node[key];
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
  if (Array.isArray(node.allOf)) {
    const parts = node.allOf.map((_, i) => schemaExample(spec, child(child(schema, "allOf"), i), depth + 1));
    if (parts.every((p) => p !== null && typeof p === "object" && !Array.isArray(p))) return Object.assign({}, ...parts);
  }
  for (const keyword of ["oneOf", "anyOf"]) {
    if (Array.isArray(node[keyword]) && (node[keyword] as unknown[]).length > 0) return schemaExample(spec, child(child(schema, keyword), 0), depth + 1);
  }
  if (node.items !== undefined) {
    const item = schemaExample(spec, child(schema, "items"), depth + 1);
    return item === undefined ? [] : [item];
  }
  if (node.properties !== null && typeof node.properties === "object") {
    const entries = Object.keys(node.properties)
      .map((name) => [name, schemaExample(spec, child(child(schema, "properties"), name), depth + 1)] as const)
      .filter(([, v]) => v !== undefined);
    return Object.fromEntries(entries);
  }
  return undefined;
}
