/**
 * Streamed successes in the mock. An example becomes the text of a stream (Prism serves text
 * examples as they are), and the mock sends that text item by item, in several writes:
 * - `text/event-stream`: a string is SSE already; a list is one event per element, and so is a single
 *   value. An element `{ data, event?, id?, retry? }` (no other key) is a whole event; anything else
 *   is one event's data. Data that is not a string is sent as JSON, a multi-line string as several
 *   `data:` lines.
 * - JSON lines (`application/jsonl`, `application/x-ndjson`): one JSON value per line.
 * - `application/json-seq` (RFC 7464): each JSON value after a record separator (0x1E), ending in LF.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
import { isRecord } from "../spec/walk.ts";
import type { StreamFormat } from "../../templates/runtime/media.ts";

const RS = "\u001e";
const EVENT_KEYS = new Set(["data", "event", "id", "retry"]);

/** The stream text of an example value. */
export function streamText(format: StreamFormat, example: unknown): string {
  if (typeof example === "string") return example;
  const items = Array.isArray(example) ? example : [example];
  if (format === "sse") return items.map(eventText).join("");
  if (format === "jsonl") return items.map((item) => `${JSON.stringify(item)}\n`).join("");
  return items.map((item) => `${RS}${JSON.stringify(item)}\n`).join("");
}

function eventText(item: unknown): string {
  const whole = isRecord(item) && Object.hasOwn(item, "data") && Object.keys(item).every((key) => EVENT_KEYS.has(key));
  const fields = whole ? item : { data: item };
  const lines: string[] = [];
  if (typeof fields.event === "string") lines.push(`event: ${oneLine(fields.event)}`);
  if (typeof fields.id === "string" || typeof fields.id === "number") lines.push(`id: ${oneLine(String(fields.id))}`);
  if (typeof fields.retry === "number") lines.push(`retry: ${fields.retry}`);
  const data = typeof fields.data === "string" ? fields.data : JSON.stringify(fields.data ?? null);
  for (const line of data.split(/\r\n|\r|\n/)) lines.push(`data: ${line}`);
  return `${lines.join("\n")}\n\n`;
}

/** A field value cannot hold a line break: it would start another field. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, " ");
}

/** Stream text cut into the writes the mock sends: one event, line or record each. */
export function streamWrites(format: StreamFormat, text: string): string[] {
  const cut = format === "sse" ? /(?<=\r?\n\r?\n|\r\r)/ : format === "jsonl" ? /(?<=\n)/ : new RegExp(`(?=${RS})`);
  return text.split(cut).filter((part) => part !== "");
}
