/**
 * Every documented response example of a set of specs, served through the client generated from its
 * spec (`validateResponses: "report"`): each example goes out with its documented status and media
 * type from a fake `fetch`, the operation is called through the generated client, and the outcome is
 * set beside what the spec documents and beside an independent schema check (example-schema.ts).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { exampleOracle, type Verdict } from "./example-schema.ts";
import { collectExamples, type ResponseExample } from "./examples.ts";

const root = join(import.meta.dirname, "../..");

export interface ExampleOutcome {
  spec: string;
  example: ResponseExample;
  /** Why the example was not served, when it was not. */
  skipped?: string;
  /** The body came back as the spec documents it (`data`, or a documented error with its body). */
  decoded?: boolean;
  /** What came back instead, when it was not. */
  got?: string;
  /** The independent check; `unchecked` where the client reads no JSON or the media type has no schema. */
  verdict?: Verdict | { unchecked: string };
  /** What the client reported to `onContractDrift`. */
  drift?: unknown[];
}

export interface ExampleRun {
  /** Every spec given, with how many examples it documents (served or not). */
  specs: { name: string; examples: number }[];
  outcomes: ExampleOutcome[];
  /** Examples never served: an `externalValue`, an example object without a value. */
  notServed: { spec: string; operation: string; why: string }[];
  totals: Totals;
}

export interface Totals {
  seen: number;
  decodedAsDocumented: number;
  valid: number;
  /** No JSON schema to check against (text or bytes, or no schema): nothing to report. */
  unchecked: number;
  /** Schemas the independent check cannot compile. */
  uncheckable: number;
  /** Examples decoded as documented at a status that documents several media types. */
  pickedAmongSeveral: number;
  invalidAndReported: number;
  falseReports: number;
  missedReports: number;
  /** Examples served whose decode was wrong though the example is valid. */
  wronglyDecoded: number;
  skipped: Record<string, number>;
}

type Client = Record<string, (init?: object) => Promise<{ data?: unknown; error?: Record<string, unknown> }>>;
interface Generated {
  operationTable: Record<string, { method: string; path: string; responses: Record<string, { kind: string }> }>;
  [name: string]: unknown;
}

/** Collect, generate, serve and tally. `specs`: API name -> spec path. */
export async function runExamples(specs: Record<string, string>, options: { reuse?: string } = {}): Promise<ExampleRun> {
  const collected = Object.entries(specs).map(([name, path]) => ({ name, path, ...collectExamples(path) }));
  const withExamples = collected.filter((c) => c.examples.length > 0);
  if (options.reuse) mkdirSync(options.reuse, { recursive: true });
  const dir = options.reuse ?? mkdtempSync(join(tmpdir(), "contractgen-examples-"));
  try {
    const apis = withExamples.map(({ name, path }) => ({ name, spec: path, output: name, refRoot: dirname(path), errorEnvelope: "infer", validateResponses: "report" }));
    if (!existsSync(join(dir, "node_modules"))) {
      writeFileSync(join(dir, "contractgen.config.json"), JSON.stringify({ apis }));
      generate(dir);
      symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
    }
    const outcomes: ExampleOutcome[] = [];
    for (const { name, spec, examples } of withExamples) {
      const generated = (await import(pathToFileURL(join(dir, name, "index.ts")).href)) as Generated;
      const oracle = exampleOracle(spec);
      for (const example of examples) outcomes.push(await serve(name, generated, oracle, example));
    }
    const notServed = collected.flatMap(({ name, notServed }) => notServed.map((n) => ({ spec: name, operation: `${n.operation} ${n.status} ${n.mediaType} ${n.source}`, why: n.why })));
    const counted = collected.map(({ name, examples, notServed }) => ({ name, examples: examples.length + notServed.length }));
    return { specs: counted, outcomes, notServed, totals: tally(outcomes, notServed) };
  } finally {
    if (!options.reuse) rmSync(dir, { recursive: true, force: true });
  }
}

function generate(dir: string): void {
  try {
    execFileSync(process.execPath, [join(root, "generator/bin.mjs"), "generate", "--quiet"], { cwd: dir, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
  } catch (err) {
    throw new Error(`contractgen generate failed: ${String((err as { stderr?: string }).stderr ?? err)}`);
  }
}

/** Statuses whose responses have no body (fetch's Response refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

async function serve(
  name: string,
  generated: Generated,
  oracle: ReturnType<typeof exampleOracle>,
  example: ResponseExample,
): Promise<ExampleOutcome> {
  const outcome: ExampleOutcome = { spec: name, example };
  const entry = Object.entries(generated.operationTable).find(([, meta]) => meta.method.toLowerCase() === example.method && meta.path === example.path);
  if (!entry) return { ...outcome, skipped: "operation not generated" };
  const [methodName, meta] = entry;
  const status = servedStatus(example.status, meta.responses);
  const read = expectedRead(example.mediaType, example.schema?.value);
  if (NULL_BODY.has(status)) return { ...outcome, skipped: `status ${status} carries no body` };
  if (read !== "json" && typeof example.value !== "string") return { ...outcome, skipped: `a ${typeof example.value} example of a ${read} media type` };
  const body = read === "json" ? JSON.stringify(example.value) : (example.value as string);
  const drift: unknown[] = [];
  const factory = Object.entries(generated).find(([key]) => /^create\w+Client$/.test(key))![1] as (options: object) => Client;
  const client = factory({
    baseUrl: "https://api.example.test",
    retry: { maxRetries: 0 },
    onContractDrift: (report: unknown) => drift.push(report),
    fetch: async () => new Response(body, { status, headers: { "Content-Type": example.mediaType } }),
  });
  const path = Object.fromEntries(example.pathParams.map((p) => [p, "1"]));
  const result = await client[methodName]!({ params: { path } });
  const expected = read === "json" ? example.value : body;
  const documented = meta.responses[example.status]!.kind === "success";
  const got = documented ? result.data : result.error?.documented === true ? result.error.body : undefined;
  const decoded = documented ? result.error === undefined && (await sameBody(got, expected, read, example.mediaType)) : result.error?.documented === true && result.error.status === status && (await sameBody(got, expected, read, example.mediaType));
  const verdict: ExampleOutcome["verdict"] =
    read !== "json" ? { unchecked: `read as ${read}` } : example.schema === undefined ? { unchecked: "no schema" } : oracle(example.schema, example.value);
  return { ...outcome, decoded, drift, verdict, ...(decoded ? {} : { got: describe(result) }) };
}

/** The status to serve for a documented status key: itself, or one of its range or `default` that is not documented on its own. */
export function servedStatus(key: string, responses: Record<string, { kind: string }>): number {
  if (/^\d{3}$/.test(key)) return Number(key);
  const taken = (n: number) => String(n) in responses || `${String(n)[0]}XX` in responses;
  const range = /^([1-5])XX$/i.exec(key);
  const from = range ? Number(range[1]) * 100 : responses[key]?.kind === "success" ? 200 : 500;
  for (let n = from; n < from + 100; n++) if (range ? !(String(n) in responses) : !taken(n)) return n;
  return from;
}

/** How the spec says a body of this media type is read: JSON, text, or bytes (the media type first, then its schema). */
export function expectedRead(mediaType: string, schema: unknown): "json" | "text" | "blob" {
  const type = mediaType.split(";")[0]!.trim().toLowerCase();
  if (/^application\/(json|[^/]*\+json)$/.test(type)) return "json";
  if (/^text\/|^multipart\/|[/+](xml|yaml)$|^application\/(javascript|x-www-form-urlencoded|x-ndjson)$/.test(type)) return "text";
  if (/^(image|audio|video|font)\/|^application\/(octet-stream|pdf|zip|gzip)$/.test(type)) return "blob";
  const s = schema as { type?: unknown; format?: unknown; $ref?: unknown } | undefined;
  if (s === undefined) return "blob";
  if (s.type === "string") return s.format === "binary" ? "blob" : "text";
  return "json";
}

async function sameBody(got: unknown, expected: unknown, read: string, mediaType: string): Promise<boolean> {
  if (read === "blob") return got instanceof Blob && got.type === mediaType && (await got.text()) === expected;
  return isDeepStrictEqual(got, expected);
}

function describe(result: { data?: unknown; error?: Record<string, unknown> }): string {
  if (result.error) return `error ${String(result.error.code)} ${String(result.error.reason ?? "")} documented=${String(result.error.documented)}`;
  return `data ${JSON.stringify(result.data)?.slice(0, 80)}`;
}

export function tally(outcomes: ExampleOutcome[], notServed: ExampleRun["notServed"]): Totals {
  const skipped: Record<string, number> = {};
  for (const why of [...outcomes.flatMap((o) => (o.skipped ? [o.skipped] : [])), ...notServed.map((n) => n.why)]) skipped[why] = (skipped[why] ?? 0) + 1;
  const served = outcomes.filter((o) => !o.skipped);
  const reported = (o: ExampleOutcome) => (o.drift?.length ?? 0) > 0;
  const invalid = (o: ExampleOutcome) => o.verdict !== undefined && "valid" in o.verdict && !o.verdict.valid;
  const fine = (o: ExampleOutcome) => !invalid(o);
  return {
    seen: outcomes.length + notServed.length,
    decodedAsDocumented: served.filter((o) => o.decoded).length,
    valid: served.filter((o) => o.verdict && "valid" in o.verdict && o.verdict.valid).length,
    unchecked: served.filter((o) => o.verdict && "unchecked" in o.verdict).length,
    uncheckable: served.filter((o) => o.verdict && "uncheckable" in o.verdict).length,
    pickedAmongSeveral: served.filter((o) => o.decoded && o.example.mediaTypes > 1).length,
    invalidAndReported: served.filter((o) => invalid(o) && reported(o)).length,
    falseReports: served.filter((o) => fine(o) && reported(o)).length,
    missedReports: served.filter((o) => invalid(o) && !reported(o)).length,
    wronglyDecoded: served.filter((o) => fine(o) && !o.decoded).length,
    skipped,
  };
}
