/**
 * A recorded stream body cut into items by the client's rules (templates/runtime/streams.ts):
 * server-sent events by eventsource-parser, JSON lines one per non-empty line, JSON text sequences
 * one per text after a RS. A recording is whole, so the last record needs no terminator; an event
 * the body ends inside (no closing blank line) was never dispatched, and is no item, as in the client.
 */
import { createParser } from "eventsource-parser";
import type { StreamFormat } from "../../templates/runtime/media.ts";

export interface StreamItem {
  /** Position in the stream, from 1. */
  index: number;
  /** A record's text, trimmed; for SSE, the event's `data`. */
  text: string;
  /** SSE only: the event's fields, as the client gives them. */
  event?: string;
  id?: string;
  retry?: number;
}

export function splitStream(format: StreamFormat, recorded: string): StreamItem[] {
  // The client's TextDecoder drops a leading byte order mark; a recording decoded from bytes keeps it.
  const body = recorded.startsWith("\ufeff") ? recorded.slice(1) : recorded;
  if (format === "sse") return events(body);
  return body
    .split(format === "jsonl" ? "\n" : "\x1e")
    .map((part) => part.trim()) // a jsonl line may end in CR; a json-seq text ends in LF
    .filter((text) => text !== "")
    .map((text, i) => ({ index: i + 1, text }));
}

function events(body: string): StreamItem[] {
  const items: StreamItem[] = [];
  // The client gives a `retry:` with the event of its block, and no other.
  let retry: number | undefined;
  const parser = createParser({
    onRetry: (ms) => (retry = ms),
    onEvent: (message) => {
      items.push({
        index: items.length + 1,
        text: message.data,
        ...(message.event !== undefined ? { event: message.event } : {}),
        ...(message.id !== undefined ? { id: message.id } : {}),
        ...(retry !== undefined ? { retry } : {}),
      });
      retry = undefined;
    },
  });
  parser.feed(body);
  return items;
}
