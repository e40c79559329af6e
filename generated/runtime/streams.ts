/**
 * The contractgen 0.1.0 runtime, shared by every generated API folder beside it.
 * Do not edit: it is copied from contractgen's templates/runtime/ by `contractgen generate`.
 * It is type-checked where it is written, in contractgen (strict, with and without Node types),
 * so an application's tsc skips it; every export's type is written out, so none is inferred here.
 */
// @ts-nocheck

/**
 * Streamed response bodies as async iterables: server-sent events (parsed by eventsource-parser),
 * JSON lines (`application/jsonl`, `application/x-ndjson`) and JSON text sequences (RFC 7464). Text
 * is decoded as UTF-8 across chunks. Iteration never throws: a dropped connection, an abort, an idle
 * timeout or an item that does not parse ends it quietly, and `end` says which after the loop.
 * `onItem` sees each item before it is yielded (the client checks it against the spec there).
 */
import { createParser, type EventSourceMessage } from "eventsource-parser";
import { validate, type DecodeContext } from "./decode.js";
import { reportDrift } from "./drift.js";
import { streamFormat, type StreamFormat } from "./media.js";
import type { CallMeta } from "./types.js";

export type { StreamFormat };

/** One server-sent event; `data` JSON-parsed unless the stream is declared as text. */
export interface ServerSentEvent<T> {
  event?: string;
  data: T;
  id?: string;
  retry?: number;
}

/** Why a stream ended. Only `done` means the server finished it. */
export type StreamEnd =
  | { readonly reason: "done" }
  | { readonly reason: "aborted" }
  | { readonly reason: "idle-timeout"; readonly idleTimeoutMs: number }
  | { readonly reason: "dropped"; readonly message: string }
  | { readonly reason: "invalid-item"; readonly message: string }
  | { readonly reason: "too-large"; readonly maxItemBytes: number };

export interface Stream<T> extends AsyncIterable<T> {
  /** Why iteration ended; `undefined` while it runs or when the loop left early. */
  readonly end: StreamEnd | undefined;
  /** For SSE: the id of the last event received (what a reconnection sends as `Last-Event-ID`). */
  readonly lastEventId: string | undefined;
}

/** Which item `onItem` is given: its position from 1 and, for SSE, the event's name and id. */
export interface StreamItemInfo {
  readonly index: number;
  readonly event?: string;
  readonly id?: string;
  /** The item's text is not the JSON it is declared as: the value given is the text, and the stream ends here. */
  readonly unparsable?: true;
}

export interface StreamOptions {
  signal?: AbortSignal;
  /** Sees each item (for SSE: the event's data) before it is yielded; what it throws is ignored. */
  onItem?: (value: unknown, item: StreamItemInfo) => void;
  /** End the stream when no byte arrives for this long. */
  idleTimeoutMs?: number;
  /** Largest item (or partial line) kept in memory, in characters. Default 10 MiB. */
  maxItemBytes?: number;
}

export interface SseOptions extends StreamOptions {
  /** `false` when the event data is declared as a string: it is then given as sent. Default true. */
  json?: boolean;
  /** Events, by name (`message` when unnamed), whose data is read otherwise than `json` says. */
  events?: Readonly<Record<string, boolean>>;
  /**
   * Opt-in: after a dropped connection, open the stream again with `Last-Event-ID` (what `open`
   * is given) and carry on, waiting the server's `retry` (else `delayMs`) first. A clean end is final.
   */
  reconnect?: {
    open: (lastEventId: string | undefined, signal: AbortSignal | undefined) => Promise<Response | undefined>;
    /** Reconnections in a row without an event in between. Default 3. */
    maxAttempts?: number;
    /** Wait before reconnecting when the server sent no `retry`. Default 1000. */
    delayMs?: number;
  };
}

const DEFAULT_MAX_ITEM = 10 * 1024 * 1024;
/** The call whose stream is read: each item is checked against the spec when its context checks responses. */
export interface ItemCheck {
  readonly operation: CallMeta;
  readonly context: DecodeContext;
}

/** A streamed body by its format, each item checked as it arrives when `checked` says so. */
export function readStream(
  response: Response,
  format: StreamFormat,
  options: SseOptions = {},
  checked?: ItemCheck,
): Stream<unknown> {
  const onItem = checked && itemCheck(response, format, checked);
  const read = onItem ? { ...options, onItem } : options;
  if (format === "sse") return readEvents(response, read);
  return readRecords(response, format, read);
}

/** Reports an item that departs from its schema or is not JSON; SSE pointers are into the event. */
function itemCheck(
  response: Response,
  format: StreamFormat,
  { operation, context }: ItemCheck,
): StreamOptions["onItem"] {
  if (!context.validate || !context.onDrift) return undefined;
  const prefix = format === "sse" ? "/data" : "";
  return (value, { unparsable, ...item }) =>
    unparsable
      ? reportDrift(context.onDrift!, context.redact, operation, response, {
          reason: "unparsable_item",
          item,
          mismatches: [],
        })
      : validate(operation, response, value, context, { item, prefix });
}

interface Reading {
  end: StreamEnd | undefined;
}

/** Decoded text chunks of a body, until it ends, drops, idles out or is aborted (`reading.end` says which). */
async function* textOf(
  response: Response,
  options: StreamOptions,
  reading: Reading,
): AsyncGenerator<string, void, undefined> {
  if (!response.body) {
    reading.end = { reason: "done" };
    return;
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let open = true;
  const stop = (end: StreamEnd) => {
    reading.end ??= end;
    reader.cancel().catch(() => undefined); // a pending read then resolves as done
  };
  const onAbort = () => stop({ reason: "aborted" });
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener("abort", onAbort);
  let idle: ReturnType<typeof setTimeout> | undefined;
  const idleMs = options.idleTimeoutMs;
  const arm = () => {
    if (idleMs === undefined) return;
    clearTimeout(idle);
    idle = setTimeout(() => stop({ reason: "idle-timeout", idleTimeoutMs: idleMs }), idleMs);
  };
  try {
    arm();
    while (reading.end === undefined) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (err) {
        open = false;
        reading.end ??= options.signal?.aborted
          ? { reason: "aborted" }
          : { reason: "dropped", message: messageOf(err) };
        return;
      }
      if (reading.end !== undefined) return;
      if (chunk.done) {
        open = false;
        const rest = decoder.decode();
        if (rest) yield rest;
        reading.end ??= { reason: "done" };
        return;
      }
      arm();
      const text = decoder.decode(chunk.value, { stream: true });
      if (text) yield text;
    }
  } finally {
    clearTimeout(idle);
    options.signal?.removeEventListener("abort", onAbort);
    if (open) reader.cancel().catch(() => undefined); // the loop left early, or an item ended it
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The item's JSON, or undefined when it is not JSON: `onItem` is then told, and the stream ends. */
function parseJson(
  text: string,
  reading: Reading,
  options: StreamOptions,
  item: StreamItemInfo,
): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (err) {
    reading.end ??= { reason: "invalid-item", message: `not JSON: ${messageOf(err)}` };
    seen(options, text, { ...item, unparsable: true });
    return undefined;
  }
}

function seen(options: StreamOptions, value: unknown, item: StreamItemInfo): void {
  try {
    options.onItem?.(value, item);
  } catch {
    // A failing hook must not end the stream.
  }
}

/** An SSE event's data is JSON-parsed as its name says, else as the stream's `json` does. */
function parsesJson(options: SseOptions, event: string | undefined): boolean {
  const name = event ?? "message";
  const byName = options.events && Object.hasOwn(options.events, name) ? options.events[name] : undefined;
  return byName ?? options.json !== false;
}

function streamOf<T>(
  run: (reading: Reading, ids: { last: string | undefined }) => AsyncGenerator<T, void, undefined>,
): Stream<T> {
  const reading: Reading = { end: undefined };
  const ids = { last: undefined as string | undefined };
  let started = false;
  return {
    async *[Symbol.asyncIterator]() {
      if (started) return; // a body is read once
      started = true;
      try {
        yield* run(reading, ids);
      } catch (err) {
        reading.end ??= { reason: "dropped", message: messageOf(err) };
      }
    },
    get end() {
      return reading.end;
    },
    get lastEventId() {
      return ids.last;
    },
  };
}

/** Server-sent events; comments and unknown fields are ignored, as EventSource does. */
export function readEvents<T = unknown>(response: Response, options: SseOptions = {}): Stream<ServerSentEvent<T>> {
  return streamOf<ServerSentEvent<T>>(async function* (reading, ids) {
    const maxItem = options.maxItemBytes ?? DEFAULT_MAX_ITEM;
    let retry: number | undefined;
    let retryOfBlock: number | undefined;
    let failures = 0;
    let index = 0;
    let current: Response | undefined = response;
    while (current) {
      const events: ServerSentEvent<T>[] = [];
      const parser = createParser({
        maxBufferSize: maxItem,
        onRetry: (ms) => (retry = retryOfBlock = ms),
        onEvent: (message: EventSourceMessage) => {
          if (reading.end !== undefined) return;
          if (message.id !== undefined) ids.last = message.id;
          const item: StreamItemInfo = {
            index: ++index,
            ...(message.event !== undefined ? { event: message.event } : {}),
            ...(message.id !== undefined ? { id: message.id } : {}),
          };
          const parsed = parsesJson(options, message.event)
            ? parseJson(message.data, reading, options, item)
            : { value: message.data };
          if (parsed === undefined) return;
          seen(options, parsed.value, item);
          events.push({
            ...(message.event !== undefined ? { event: message.event } : {}),
            data: parsed.value as T,
            ...(message.id !== undefined ? { id: message.id } : {}),
            ...(retryOfBlock !== undefined ? { retry: retryOfBlock } : {}),
          });
          retryOfBlock = undefined;
        },
        onError: (error) => {
          if (error.type === "max-buffer-size-exceeded") reading.end ??= { reason: "too-large", maxItemBytes: maxItem };
        },
      });
      const attempt: Reading = { end: undefined };
      for await (const text of textOf(current, options, attempt)) {
        try {
          parser.feed(text);
        } catch {
          reading.end ??= { reason: "too-large", maxItemBytes: maxItem };
        }
        if (events.length > 0) failures = 0;
        yield* events.splice(0);
        if (reading.end !== undefined) return;
      }
      if (reading.end !== undefined) return;
      current = attempt.end?.reason === "dropped" ? await reopen(options, ids.last, retry, ++failures) : undefined;
      if (!current) reading.end = attempt.end ?? { reason: "done" };
    }
  });
}

/** The stream opened again after a drop, when reconnection is on and allowed; a refusal ends it. */
async function reopen(
  options: SseOptions,
  lastEventId: string | undefined,
  retry: number | undefined,
  failures: number,
): Promise<Response | undefined> {
  const reconnect = options.reconnect;
  if (!reconnect || failures > (reconnect.maxAttempts ?? 3) || options.signal?.aborted) return undefined;
  const delay = retry ?? reconnect.delayMs ?? 1000;
  const waited = await new Promise<boolean>((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", aborted);
      resolve(ok);
    };
    const aborted = () => done(false);
    const timer = setTimeout(() => done(true), delay);
    options.signal?.addEventListener("abort", aborted);
  });
  if (!waited) return undefined;
  try {
    const response = await reconnect.open(lastEventId, options.signal);
    return response?.ok && streamFormat(response.headers.get("content-type")) === "sse" ? response : undefined;
  } catch {
    return undefined;
  }
}

/** JSON lines (one JSON text per line, blank lines skipped) or an RFC 7464 sequence (each text after a RS). */
export function readRecords<T = unknown>(
  response: Response,
  format: "jsonl" | "json-seq",
  options: StreamOptions = {},
): Stream<T> {
  const separator = format === "jsonl" ? "\n" : "\x1e";
  return streamOf<T>(async function* (reading) {
    const maxItem = options.maxItemBytes ?? DEFAULT_MAX_ITEM;
    let buffer = "";
    let index = 0;
    const items = function* (final: boolean): Generator<T, void, undefined> {
      const parts = buffer.split(separator);
      buffer = final ? "" : parts.pop()!;
      for (const part of parts) {
        const text = part.trim(); // a jsonl line may end in CR; a json-seq text ends in LF
        if (text === "") continue;
        const item = { index: ++index };
        const parsed = parseJson(text, reading, options, item);
        if (!parsed) return;
        seen(options, parsed.value, item);
        yield parsed.value as T;
      }
    };
    for await (const text of textOf(response, options, reading)) {
      buffer += text;
      yield* items(false);
      if (reading.end === undefined && buffer.length > maxItem)
        reading.end = { reason: "too-large", maxItemBytes: maxItem };
      if (reading.end !== undefined && reading.end.reason !== "done") return;
    }
    // The last record needs no terminator when the body ended cleanly; a dropped one is incomplete.
    if (reading.end?.reason === "done") yield* items(true);
  });
}
