/**
 * Media types of request bodies and responses: a request media type the server stops accepting, or a
 * response media type it stops sending, breaks callers; new ones are safe. The same media type with
 * other parameters (`; charset=utf-8`) or under a wildcard (`application/*`) is a renamed media type,
 * compared as one. A schema that appears or disappears inside a media type is its own change.
 * @see https://spec.openapis.org/oas/v3.1.0#media-type-object
 */
import { compareText } from "../../spec/order.ts";
import { child, type Located } from "../../spec/refs.ts";
import { at, record } from "../core/context.ts";
import type { Direction } from "../core/types.ts";
import type { OperationContext, RuleId } from "../registry.ts";
import { context, type Rule } from "../rule.ts";

export const mediaTypeRules = [
  { id: "request-body-media-type-added", level: "INFO", direction: "request", family: "media-types", message: (a) => `added the media type ${a.mediaType} to the request body` },
  { id: "request-body-media-type-removed", level: "ERR", direction: "request", family: "media-types", message: (a) => `removed the media type ${a.mediaType} from the request body` },
  { id: "response-media-type-added", level: "INFO", direction: "response", family: "media-types", message: (a) => `added the media type ${a.mediaType} to the response${context(a)}` },
  { id: "response-media-type-removed", level: "ERR", direction: "response", family: "media-types", message: (a) => `removed the media type ${a.mediaType} from the response${context(a)}` },
  { id: "response-media-type-name-changed", level: "INFO", direction: "response", family: "media-types", message: (a) => `the response media type ${a.from} is now ${a.to}${context(a)}` },
  { id: "response-media-type-name-generalized", level: "ERR", direction: "response", family: "media-types", message: (a) => `the response media type ${a.from} was generalized to ${a.to}${context(a)}` },
  { id: "response-media-type-name-specialized", level: "INFO", direction: "response", family: "media-types", message: (a) => `the response media type ${a.from} was narrowed to ${a.to}${context(a)}` },
  { id: "request-body-media-type-schema-added", level: "ERR", direction: "request", family: "media-types", message: (a) => `the request media type ${a.mediaType} now has a schema` },
  { id: "request-body-media-type-schema-removed", level: "INFO", direction: "request", family: "media-types", message: (a) => `the request media type ${a.mediaType} no longer has a schema` },
  { id: "response-body-media-type-schema-added", level: "INFO", direction: "response", family: "media-types", message: (a) => `the response media type ${a.mediaType} now has a schema${context(a)}` },
  { id: "response-body-media-type-schema-removed", level: "WARN", direction: "response", family: "media-types", message: (a) => `the response media type ${a.mediaType} no longer has a schema${context(a)}` },
] as const satisfies readonly Rule[];

const IDS = {
  request: { added: "request-body-media-type-added", removed: "request-body-media-type-removed", schemaAdded: "request-body-media-type-schema-added", schemaRemoved: "request-body-media-type-schema-removed" },
  response: { added: "response-media-type-added", removed: "response-media-type-removed", schemaAdded: "response-body-media-type-schema-added", schemaRemoved: "response-body-media-type-schema-removed" },
} as const satisfies Record<Direction, Record<string, RuleId>>;

function mediaTypes(owner: Located): Map<string, Located> {
  const content = child(owner, "content");
  const out = new Map<string, Located>();
  for (const key of Object.keys(record(content))) out.set(key.toLowerCase().replace(/\s+/g, ""), child(content, key));
  return out;
}

function essence(mediaType: string): string {
  return mediaType.split(";")[0]!;
}

/** `application/*` contains `application/json`; `*\/*` contains everything. */
function contains(wide: string, narrow: string): boolean {
  const [wt, ws] = essence(wide).split("/");
  const [nt, ns] = essence(narrow).split("/");
  return wide !== narrow && (wt === "*" || wt === nt) && (ws === "*" || ws === ns);
}

function renameId(from: string, to: string): RuleId | undefined {
  if (essence(from) === essence(to)) return "response-media-type-name-changed";
  if (contains(to, from)) return "response-media-type-name-generalized";
  if (contains(from, to)) return "response-media-type-name-specialized";
  return undefined;
}

/** Report media types added, removed and renamed; call `both` for each media type on both sides, in order. */
export function diffMediaTypes(
  ctx: OperationContext,
  base: Located,
  head: Located,
  direction: Direction,
  context: string,
  both: (mediaType: string, base: Located, head: Located) => void,
): void {
  const b = mediaTypes(base);
  const h = mediaTypes(head);
  const keys = [...new Set([...b.keys(), ...h.keys()])].sort(compareText);
  const onlyBase = keys.filter((k) => !h.has(k));
  const onlyHead = keys.filter((k) => !b.has(k));
  const renamed = new Set<string>();
  if (direction === "response") {
    for (const from of onlyBase) {
      const to = onlyHead.find((k) => !renamed.has(k) && renameId(from, k));
      if (!to) continue;
      renamed.add(from).add(to);
      ctx.report(ctx.operation, renameId(from, to)!, at("head", h.get(to)!), { from, to, context });
      both(to, b.get(from)!, h.get(to)!);
    }
  }
  for (const key of keys) {
    if (renamed.has(key)) continue;
    const bm = b.get(key);
    const hm = h.get(key);
    if (!bm) ctx.report(ctx.operation, IDS[direction].added, at("head", hm!), { mediaType: key, context });
    else if (!hm) ctx.report(ctx.operation, IDS[direction].removed, at("base", bm), { mediaType: key, context });
    else {
      const had = record(bm).schema !== undefined;
      const has = record(hm).schema !== undefined;
      if (!had && has) ctx.report(ctx.operation, IDS[direction].schemaAdded, at("head", child(hm, "schema")), { mediaType: key, context });
      if (had && !has) ctx.report(ctx.operation, IDS[direction].schemaRemoved, at("base", child(bm, "schema")), { mediaType: key, context });
      both(key, bm, hm);
    }
  }
}
