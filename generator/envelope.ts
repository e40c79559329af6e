/**
 * Infer an API's error envelope (where an error body keeps its code, message, request id and field
 * errors) from the schemas of the error responses its spec documents. Used when the config says
 * `errorEnvelope: "infer"`, the default for `--spec` runs.
 */
import { PROBLEM_DETAILS, type ErrorEnvelope } from "./config.ts";
import type { LoadedSpec } from "./load.ts";
import { compareText, sortedEntries } from "./order.ts";
import { child, deref, type Located } from "./refs.ts";
import { forEachOperation, isRecord } from "./walk.ts";

/** The envelope shapes recognised, most specific first (a tie in votes goes to the earlier one). */
export const ENVELOPE_KINDS = ["problem-details", "nested-error", "errors-list", "code-message", "message"] as const;
export type EnvelopeKind = (typeof ENVELOPE_KINDS)[number];

const REQUEST_ID_PROPERTIES = ["requestId", "request_id", "traceId", "trace_id", "correlationId"];
const REQUEST_ID_HEADERS = ["x-request-id", "request-id", "x-correlation-id", "x-trace-id", "x-amzn-requestid"];
/** Where a field error names its field, by the property the item schema has. */
const FIELD_LOCATIONS: [property: string, pointer: string][] = [
  ["pointer", "/pointer"],
  ["source", "/source/pointer"],
  ["field", "/field"],
  ["target", "/target"],
  ["path", "/path"],
  ["param", "/param"],
];

/**
 * The envelope the spec's error responses share: every 4XX/5XX/default response with a JSON body
 * votes for the shape its schema has, and the most common shape wins. A spec whose error bodies
 * match none of the shapes keeps Problem Details, the runtime's default.
 */
export function inferEnvelope(spec: LoadedSpec): ErrorEnvelope {
  const votes = new Map<string, { kind: EnvelopeKind; envelope: ErrorEnvelope; count: number }>();
  for (const { schema, response } of errorBodies(spec)) {
    const envelope = classifyErrorSchema(spec, schema, response.mediaType);
    if (!envelope) continue;
    const header = requestIdHeader(response.headers);
    const shaped = header ? { ...envelope.envelope, requestIdHeader: header } : envelope.envelope;
    const key = JSON.stringify(shaped);
    const entry = votes.get(key) ?? { ...envelope, envelope: shaped, count: 0 };
    entry.count++;
    votes.set(key, entry);
  }
  const ranked = [...votes.values()].sort(
    (a, b) => b.count - a.count || ENVELOPE_KINDS.indexOf(a.kind) - ENVELOPE_KINDS.indexOf(b.kind) || compareText(JSON.stringify(a.envelope), JSON.stringify(b.envelope)),
  );
  return ranked[0]?.envelope ?? PROBLEM_DETAILS;
}

interface ErrorBody {
  schema: Located;
  response: { mediaType: string; headers: Record<string, unknown> };
}

/** The JSON body schemas of every error response of every operation, and of components.responses. */
function errorBodies(spec: LoadedSpec): ErrorBody[] {
  const bodies: ErrorBody[] = [];
  const seen = new Set<string>();
  const visitResponse = (at: Located) => {
    const response = tryDeref(spec, at);
    if (!response || !isRecord(response.value) || seen.has(`${response.file}#${response.pointer}`)) return;
    seen.add(`${response.file}#${response.pointer}`);
    const content = child(response, "content");
    if (!isRecord(content.value)) return;
    const mediaType = Object.keys(content.value).sort(compareText).find(isJsonMediaType);
    if (!mediaType) return;
    const schema = child(child(content, mediaType), "schema");
    if (schema.value === undefined) return;
    bodies.push({ schema, response: { mediaType, headers: isRecord(response.value.headers) ? response.value.headers : {} } });
  };
  forEachOperation(
    spec,
    ({ operation }) => {
      const responses = child(operation, "responses");
      for (const [status] of sortedEntries(isRecord(responses.value) ? responses.value : {})) {
        if (/^[45]/.test(status) || status === "default") visitResponse(child(responses, status));
      }
    },
    { onError: () => {} },
  );
  if (bodies.length === 0) {
    // A spec whose operations document no error bodies (or that has none) may still define them.
    const components = child(child({ value: spec.root.data, file: spec.rootPath, pointer: "" }, "components"), "responses");
    for (const [name] of sortedEntries(isRecord(components.value) ? components.value : {})) visitResponse(child(components, name));
  }
  return bodies;
}

/**
 * The envelope one error schema has, or undefined when it has none of the known shapes:
 * - Problem Details (RFC 9457): `title`/`detail` with `type` or `status`, or any `application/problem+json` body;
 * - `{ error: { code?, message, details? } }`;
 * - `{ errors: [{ code?, message | detail }] }`;
 * - `{ code, message }`, the code a string or a number;
 * - `{ message }`.
 */
export function classifyErrorSchema(spec: LoadedSpec, schema: Located, mediaType = "application/json"): { kind: EnvelopeKind; envelope: ErrorEnvelope } | undefined {
  const properties = propertiesOf(spec, schema);
  const has = (name: string) => properties.has(name);
  const requestId = REQUEST_ID_PROPERTIES.find(has);
  const withRequestId = (envelope: ErrorEnvelope): ErrorEnvelope => (requestId ? { ...envelope, requestId: `/${requestId}` } : envelope);

  if (mediaType.toLowerCase().startsWith("application/problem+") || ((has("title") || has("detail")) && (has("type") || has("status")))) {
    const fieldErrors = has("errors") ? fieldErrorsAt(spec, properties.get("errors")!, "/errors", "detail") : undefined;
    return {
      kind: "problem-details",
      envelope: withRequestId({ ...(has("code") ? { code: "/code" } : {}), message: ["/detail", "/title"], ...(fieldErrors ? { fieldErrors } : {}) }),
    };
  }
  if (has("error")) {
    const inner = propertiesOf(spec, properties.get("error")!);
    if (inner.has("message")) {
      const fieldErrors = inner.has("details") ? fieldErrorsAt(spec, inner.get("details")!, "/error/details", "message") : undefined;
      return {
        kind: "nested-error",
        envelope: withRequestId({ ...(inner.has("code") ? { code: "/error/code" } : {}), message: ["/error/message"], ...(fieldErrors ? { fieldErrors } : {}) }),
      };
    }
  }
  if (has("errors")) {
    const items = child(tryDeref(spec, properties.get("errors")!) ?? properties.get("errors")!, "items");
    const item = propertiesOf(spec, items);
    const text = item.has("message") ? "message" : item.has("detail") ? "detail" : undefined;
    if (text) {
      const fieldErrors = fieldErrorsAt(spec, properties.get("errors")!, "/errors", text);
      return {
        kind: "errors-list",
        envelope: withRequestId({ ...(item.has("code") ? { code: "/errors/0/code" } : {}), message: [`/errors/0/${text}`], ...(fieldErrors ? { fieldErrors } : {}) }),
      };
    }
  }
  if (has("message") && has("code")) return { kind: "code-message", envelope: withRequestId({ code: "/code", message: ["/message"] }) };
  if (has("message")) return { kind: "message", envelope: withRequestId({ message: ["/message"] }) };
  return undefined;
}

/** A field-error mapping for the array at `items`, when its item schema says where the field is. */
function fieldErrorsAt(spec: LoadedSpec, array: Located, items: string, text: string): ErrorEnvelope["fieldErrors"] {
  const item = propertiesOf(spec, child(tryDeref(spec, array) ?? array, "items"));
  const location = FIELD_LOCATIONS.find(([property]) => item.has(property));
  if (!location) return undefined;
  return { items, location: location[1], code: "/code", message: `/${item.has(text) ? text : "message"}` };
}

/**
 * The properties a schema declares, through `$ref`s and `allOf` (and `properties: { $ref }`), by name.
 * Bounded by the refs already seen, so recursive schemas end.
 */
export function propertiesOf(spec: LoadedSpec, schema: Located, seen = new Set<string>()): Map<string, Located> {
  const found = new Map<string, Located>();
  const node = tryDeref(spec, schema);
  if (!node || !isRecord(node.value)) return found;
  const key = `${node.file}#${node.pointer}`;
  if (seen.has(key)) return found;
  seen.add(key);
  const properties = tryDeref(spec, child(node, "properties"));
  if (properties && isRecord(properties.value)) for (const name of Object.keys(properties.value)) found.set(name, child(properties, name));
  const allOf = child(node, "allOf");
  if (Array.isArray(allOf.value)) {
    allOf.value.forEach((_, i) => {
      for (const [name, at] of propertiesOf(spec, child(allOf, i), seen)) if (!found.has(name)) found.set(name, at);
    });
  }
  return found;
}

function requestIdHeader(headers: Record<string, unknown>): string | undefined {
  const names = Object.keys(headers).map((h) => h.toLowerCase());
  return REQUEST_ID_HEADERS.find((h) => names.includes(h));
}

/** application/json, application/problem+json, any +json type, or the any-type wildcard (JSON included). */
export function isJsonMediaType(mediaType: string): boolean {
  const type = mediaType.split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || type.endsWith("+json") || type === "*/*";
}

/** `deref`, or undefined when the chain is broken (validate.ts reports that; inference just skips it). */
function tryDeref(spec: LoadedSpec, node: Located): Located | undefined {
  try {
    return deref(spec, node);
  } catch {
    return undefined;
  }
}
