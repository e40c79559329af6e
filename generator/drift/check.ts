/**
 * One recorded exchange against the spec: which operation it was, and every way it departs from it.
 * Pure: the context holds everything built once per spec and recording (matcher, schema checker, scrubber).
 */
import type { ApiConfig } from "../config/index.ts";
import { bodyRead } from "../spec/media.ts";
import { dirname, relative, sep } from "node:path";
import { locate, type LoadedSpec } from "../spec/load.ts";
import { isJsonMediaType, pinnedCodes } from "../pipeline/envelope.ts";
import { getAtPointer, parsePointer } from "../spec/pointer.ts";
import { child, deref, type Located } from "../spec/refs.ts";
import type { Exchange, RecordedBody } from "./har.ts";
import type { MatchResult } from "./operations.ts";
import { isSecretPointer, REDACTED, type Scrubber } from "./redact.ts";
import { ruleById, type Level, type RuleId } from "./rules.ts";
import { show, type SchemaChecker } from "./schema.ts";
import { headerMismatches } from "./headers.ts";
import { streamProblems } from "./stream-items.ts";
import { streamFormat, type StreamFormat } from "../../templates/runtime/media.ts";

export interface DriftFinding {
  rule: RuleId;
  level: Level;
  /** The exchange's position in the HAR file, from 1. */
  entry: number;
  method: string;
  /** The request URL, secrets redacted. */
  url: string;
  operationId?: string;
  status?: number;
  /** JSON pointer into the body, for body findings. */
  pointer?: string;
  expected?: string;
  actual?: string;
  /** For a stream item's finding: which item (from 1), with its SSE event name and id when it has them. */
  item?: StreamItemRef;
  /** Where the schema the finding departs from is written, for stream items. */
  schema?: SchemaPlace;
}

export interface StreamItemRef {
  index: number;
  event?: string;
  id?: string;
}

export interface SchemaPlace {
  /** The spec file, as the spec names it from its root file's folder. */
  file: string;
  line: number;
  col: number;
  pointer: string;
}

export interface DriftContext {
  spec: LoadedSpec;
  api: ApiConfig;
  match: (method: string, url: string) => MatchResult;
  checkSchema: SchemaChecker;
  /** Built from the whole recording, so that a secret seen in one exchange is scrubbed in every other. */
  scrub: Scrubber;
}

export interface ExchangeResult {
  outcome: MatchResult["kind"];
  operationId?: string;
  findings: DriftFinding[];
}

type Detail = Pick<DriftFinding, "pointer" | "expected" | "actual" | "item" | "schema">;

export function checkExchange(exchange: Exchange, ctx: DriftContext): ExchangeResult {
  const matched = ctx.match(exchange.method, exchange.url);
  const url = ctx.scrub.url(exchange.url);
  const findings: DriftFinding[] = [];
  const operationId = matched.kind === "matched" ? matched.operation.id : undefined;
  const report = (rule: RuleId, detail: Detail = {}) =>
    findings.push({
      rule,
      level: ruleById(rule).level,
      entry: exchange.index,
      method: ctx.scrub.text(exchange.method),
      url,
      ...(operationId ? { operationId } : {}),
      ...(exchange.status ? { status: exchange.status } : {}),
      ...scrubbed(detail, ctx.scrub),
    });
  if (matched.kind === "ignored") return { outcome: "ignored", findings };
  if (matched.kind === "unknown") {
    report("undocumented-operation", { actual: `${exchange.method} ${matched.path}` });
    return { outcome: "unknown", findings };
  }
  const operation = matched.operation.operation;
  checkRequest(exchange, operation, ctx, report);
  // No response (blocked, aborted): nothing the server said to compare.
  if (exchange.status !== 0) checkResponse(exchange, operation, ctx, report);
  return { outcome: "matched", operationId, findings };
}

type Report = (rule: RuleId, detail?: Detail) => void;

function checkRequest(exchange: Exchange, operation: Located, ctx: DriftContext, report: Report): void {
  const body = exchange.requestBody;
  if (!body || body.text === undefined || body.text === "") return;
  const requestBody = child(operation, "requestBody").value === undefined ? undefined : deref<Record<string, unknown>>(ctx.spec, child(operation, "requestBody"));
  const content = requestBody ? child(requestBody, "content") : undefined;
  const mediaType = content ? documentedMediaType(content.value, body.mediaType) : undefined;
  if (!content || mediaType === undefined) {
    report("request-content-type", { expected: documentedList(content?.value), actual: body.mediaType || "none" });
    return;
  }
  const schema = child(derefQuietly(ctx.spec, child(content, mediaType)), "schema");
  const parsed = parseJson(body, bodyRead(ctx.spec, body.mediaType, schema) === "json");
  if (schema.value === undefined || !parsed) return;
  for (const m of ctx.checkSchema(schema, parsed.value)) report("request-body-mismatch", { pointer: m.pointer, expected: m.expected, actual: actualOf(m.pointer, m.value, ctx.scrub) });
}

function checkResponse(exchange: Exchange, operation: Located, ctx: DriftContext, report: Report): void {
  const responses = child(operation, "responses");
  const key = responseKey(responses.value, exchange.status);
  if (key === undefined) {
    report("undocumented-status", { expected: documentedStatuses(responses.value), actual: String(exchange.status) });
    return;
  }
  const response = deref<Record<string, unknown>>(ctx.spec, child(responses, key));
  for (const name of missingHeaders(ctx.spec, response, exchange)) report("missing-response-header", { expected: `header ${name}`, actual: "missing" });
  for (const m of headerMismatches(ctx.spec, response, exchange))
    report("response-header-mismatch", { expected: `header ${m.name}: ${m.kind}`, actual: show(ctx.scrub.text(m.value)) });
  const content = child(response, "content");
  const body = exchange.responseBody;
  if (body.text === undefined) return;
  const documented = Object.keys((content.value ?? {}) as Record<string, unknown>);
  const mediaType = documentedMediaType(content.value, body.mediaType);
  const format = mediaType === undefined ? undefined : streamFormat(mediaType);
  if (body.text === "") {
    // A stream of no items is still a stream.
    if (documented.length > 0 && !bodyless(exchange) && !format) report("missing-body", { expected: documented.join(", "), actual: "no body" });
    return;
  }
  if (mediaType === undefined) {
    report("undocumented-content-type", { expected: documented.length > 0 ? documented.join(", ") : "no body", actual: body.mediaType || "none" });
    return;
  }
  if (format) {
    checkStream(derefQuietly(ctx.spec, child(content, mediaType)), format, body.text, ctx, report);
    return;
  }
  // The schema of the documented media type that covers the response's own: a `+json` variant is checked against its own schema.
  const schema = child(derefQuietly(ctx.spec, child(content, mediaType)), "schema");
  const parsed = parseJson(body, bodyRead(ctx.spec, body.mediaType, schema) === "json");
  if (parsed === null) {
    report("unparsable-body", { expected: "JSON", actual: show(ctx.scrub.text(body.text)) });
    return;
  }
  if (parsed === undefined || schema.value === undefined) return;
  const codeAt = exchange.status >= 400 ? undocumentedCode(ctx, schema, parsed.value) : undefined;
  if (codeAt) report("undocumented-code", { pointer: codeAt.pointer, expected: codeAt.expected, actual: codeAt.actual });
  for (const m of ctx.checkSchema(schema, parsed.value)) {
    // The undocumented code is reported once, by its own rule, not again as an enum mismatch.
    if (codeAt && m.pointer === codeAt.pointer) continue;
    report("response-body-mismatch", { pointer: m.pointer, expected: m.expected, actual: actualOf(m.pointer, m.value, ctx.scrub) });
  }
}

/** Each item of a documented stream against the schema of one item. */
function checkStream(media: Located, format: StreamFormat, text: string, ctx: DriftContext, report: Report): void {
  for (const problem of streamProblems(ctx.spec, ctx.checkSchema, media, format, text)) {
    const { item, schema } = problem;
    const where = { item: { index: item.index, ...(item.event !== undefined ? { event: item.event } : {}), ...(item.id !== undefined ? { id: item.id } : {}) }, schema: schemaPlace(ctx.spec, schema) };
    if ("unparsable" in problem) report("unparsable-stream-item", { ...where, expected: "JSON", actual: show(ctx.scrub.text(item.text)) });
    else report("stream-item-mismatch", { ...where, pointer: problem.mismatch.pointer, expected: problem.mismatch.expected, actual: actualOf(problem.mismatch.pointer, problem.mismatch.value, ctx.scrub) });
  }
}

/** Where a schema is written: its file as named from the root file's folder, line and column from 1, pointer. */
function schemaPlace(spec: LoadedSpec, schema: Located): SchemaPlace {
  const file = spec.files.get(schema.file);
  const at = file ? locate(file, schema.pointer) : { line: 1, col: 1 };
  return { file: relative(dirname(spec.rootPath), schema.file).split(sep).join("/"), line: at.line, col: at.col, pointer: schema.pointer };
}

/** Headers the response marks `required: true` that the recorded response does not carry. */
function missingHeaders(spec: LoadedSpec, response: Located, exchange: Exchange): string[] {
  const headers = child(response, "headers");
  const present = new Set(exchange.responseHeaders.map((h) => h.name.toLowerCase()));
  return Object.keys((headers.value ?? {}) as Record<string, unknown>)
    .filter((name) => name.toLowerCase() !== "content-type" && deref<{ required?: unknown }>(spec, child(headers, name)).value?.required === true)
    .filter((name) => !present.has(name.toLowerCase()));
}

/** The documented response for a status: exact, then its range (4XX), then default. */
export function responseKey(responses: unknown, status: number): string | undefined {
  const keys = Object.keys((responses ?? {}) as Record<string, unknown>);
  const range = `${String(status)[0]}XX`;
  return keys.find((k) => k === String(status)) ?? keys.find((k) => k.toUpperCase() === range) ?? keys.find((k) => k === "default");
}

function documentedStatuses(responses: unknown): string {
  return Object.keys((responses ?? {}) as Record<string, unknown>)
    .filter((k) => !k.startsWith("x-"))
    .join(", ");
}

/** The documented media type (key of `content`) that covers `actual`: exact, `type/*`, or `*\/*`. */
export function documentedMediaType(content: unknown, actual: string): string | undefined {
  const keys = Object.keys((content ?? {}) as Record<string, unknown>);
  const normal = (k: string) => k.split(";")[0]!.trim().toLowerCase();
  return keys.find((k) => normal(k) === actual) ?? keys.find((k) => normal(k) === `${actual.split("/")[0]}/*`) ?? keys.find((k) => normal(k) === "*/*");
}

function documentedList(content: unknown): string {
  const keys = Object.keys((content ?? {}) as Record<string, unknown>);
  return keys.length > 0 ? keys.join(", ") : "no body";
}

function bodyless(exchange: Exchange): boolean {
  return exchange.method === "HEAD" || exchange.status === 204 || exchange.status === 304;
}

/** `{ value }` for a JSON body, null when it does not parse, undefined when it is not JSON at all. */
function parseJson(body: RecordedBody, json: boolean): { value: unknown } | null | undefined {
  if (!(json || isJsonMediaType(body.mediaType)) || body.text === undefined) return undefined;
  try {
    return { value: JSON.parse(body.text) };
  } catch {
    return null;
  }
}

/** Where the error envelope keeps the code: configured, or (envelope "infer") the two common places. */
function codePointers(api: ApiConfig): string[] {
  if (api.errorEnvelope === "infer") return ["/code", "/error/code"];
  return api.errorEnvelope.code === undefined ? [] : [api.errorEnvelope.code];
}

function undocumentedCode(ctx: DriftContext, schema: Located, body: unknown): Required<Pick<Detail, "pointer" | "expected" | "actual">> | undefined {
  for (const pointer of codePointers(ctx.api)) {
    const codes = pinnedCodes(ctx.spec, schema, parsePointer(pointer));
    if (!codes) continue;
    const found = getAtPointer(body, parsePointer(pointer));
    const code = typeof found.value === "string" || typeof found.value === "number" ? String(found.value) : undefined;
    if (code !== undefined && codes.includes(code)) return undefined;
    return { pointer, expected: `one of ${codes.map((c) => JSON.stringify(c)).join(", ")}`, actual: code === undefined ? "missing" : JSON.stringify(code) };
  }
  return undefined;
}

/** `deref`, or the node itself when its chain is broken (validate.ts reports that). */
function derefQuietly(spec: LoadedSpec, node: Located): Located {
  try {
    return deref(spec, node);
  } catch {
    return node;
  }
}

/** The value shown for a mismatch: scrubbed before it is shortened, so no prefix of a secret is left. */
function actualOf(pointer: string, value: unknown, scrub: Scrubber): string {
  return isSecretPointer(pointer) && value !== undefined ? REDACTED : show(scrub.value(value));
}

/** Every recorded string of a detail scrubbed: the pointer, the values, an SSE event's name and id. */
function scrubbed(detail: Detail, scrub: Scrubber): Detail {
  const out = Object.fromEntries(Object.entries(detail).map(([k, v]) => [k, typeof v === "string" ? scrub.text(v) : v])) as Detail;
  if (detail.item) out.item = { ...detail.item, ...(detail.item.event !== undefined ? { event: scrub.text(detail.item.event) } : {}), ...(detail.item.id !== undefined ? { id: scrub.text(detail.item.id) } : {}) };
  return out;
}
