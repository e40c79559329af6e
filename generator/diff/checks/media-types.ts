/**
 * Media types of request bodies and responses: a request media type the server stops accepting, or a
 * response media type it stops sending, breaks callers; new ones are safe.
 * @see https://spec.openapis.org/oas/v3.1.0#media-type-object
 */
import { compareText } from "../../order.ts";
import { child, type Located } from "../../refs.ts";
import { at, record, type OperationContext } from "../context.ts";
import type { Direction, Rule } from "../types.ts";

export const mediaTypeRules: Rule[] = [
  { id: "request-body-media-type-added", level: "INFO", direction: "request", family: "media-types", message: (a) => `added the media type ${a.mediaType} to the request body` },
  { id: "request-body-media-type-removed", level: "ERR", direction: "request", family: "media-types", message: (a) => `removed the media type ${a.mediaType} from the request body` },
  { id: "response-media-type-added", level: "INFO", direction: "response", family: "media-types", message: (a) => `added the media type ${a.mediaType} to the response${a.context ? ` (${a.context})` : ""}` },
  { id: "response-media-type-removed", level: "ERR", direction: "response", family: "media-types", message: (a) => `removed the media type ${a.mediaType} from the response${a.context ? ` (${a.context})` : ""}` },
];

const IDS: Record<Direction, { added: string; removed: string }> = {
  request: { added: "request-body-media-type-added", removed: "request-body-media-type-removed" },
  response: { added: "response-media-type-added", removed: "response-media-type-removed" },
};

function mediaTypes(owner: Located): Map<string, Located> {
  const content = child(owner, "content");
  const out = new Map<string, Located>();
  for (const key of Object.keys(record(content))) out.set(key.toLowerCase().replace(/\s+/g, ""), child(content, key));
  return out;
}

/** Report media types added and removed; call `both` for each media type on both sides, in order. */
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
  for (const key of [...new Set([...b.keys(), ...h.keys()])].sort(compareText)) {
    const bm = b.get(key);
    const hm = h.get(key);
    if (!bm) ctx.report(ctx.operation, IDS[direction].added, at("head", hm!), { mediaType: key, context });
    else if (!hm) ctx.report(ctx.operation, IDS[direction].removed, at("base", bm), { mediaType: key, context });
    else both(key, bm, hm);
  }
}
