/**
 * The generated client's decode and drift against every documented response example of GitHub's
 * spec, Stripe's and the corpus's real specs, plus a fixture covering each kind of body: each example
 * is served with its documented status and media type through the client generated from its spec
 * (`validateResponses: "report"`). Every example decodes as documented (a success's `data` is the
 * example, a documented error keeps it as its body, the right media type is picked among several);
 * an example valid against its own schema (checked apart from the generated validators) is never
 * reported to `onContractDrift`, and every invalid one is. End to end: generating GitHub's spec in
 * report mode takes a minute. `node --import tsx bench/examples.ts` prints the figures.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_SPECS } from "./support/example-specs.ts";
import { runExamples, tally, type ExampleOutcome, type ExampleRun } from "./support/examples-run.ts";

const FIXTURE = join(import.meta.dirname, "fixtures/examples/media.yaml");
let run: ExampleRun;

beforeAll(async () => {
  run = await runExamples({ ...EXAMPLE_SPECS, fixture: FIXTURE });
}, 900_000);

const reported = (o: ExampleOutcome) => (o.drift?.length ?? 0) > 0;
const invalid = (o: ExampleOutcome) => o.verdict !== undefined && "valid" in o.verdict && !o.verdict.valid;
const label = (o: ExampleOutcome) => `${o.spec} ${o.example.operation} ${o.example.status} ${o.example.mediaType} ${o.example.source}`;

describe("the fixture's examples through its generated client", () => {
  it("each decodes as documented; exactly the ones that break their schema are reported", () => {
    const rows = run.outcomes
      .filter((o) => o.spec === "fixture")
      .map((o) => `${o.example.operation} ${o.example.status} ${o.example.mediaType} ${o.example.source}: ${o.skipped ?? `${o.decoded ? "decoded" : o.got} ${verdictOf(o)} ${reported(o) ? "reported" : "quiet"}`}`);
    expect(rows.sort()).toEqual(
      [
        "GET /account 200 application/json examples/valid: decoded valid quiet", // a writeOnly property left out
        "GET /account 200 application/json examples/badPattern: decoded invalid reported",
        "GET /files/{id} 200 application/json examples/valid: decoded valid quiet", // fetched as bytes (the 202 is binary)
        "GET /files/{id} 200 application/json examples/notUri: decoded invalid reported",
        "GET /files/{id} 202 application/octet-stream example: decoded unchecked quiet",
        "GET /items/{id} 200 application/json examples/valid: decoded valid quiet", // null where nullable
        "GET /items/{id} 200 application/json examples/wrongType: decoded invalid reported",
        "GET /items/{id} 200 application/json examples/notExclusive: decoded invalid reported", // 3.0's exclusiveMinimum: true
        "GET /items/{id} 200 application/vnd.acme.diff example: decoded unchecked quiet",
        "GET /items/{id} 200 application/vnd.acme.object example: decoded valid quiet",
        "GET /items/{id} 404 application/problem+json example: decoded valid quiet",
        "GET /items/{id} 404 application/problem+xml example: decoded unchecked quiet",
        "GET /items/{id} 4XX application/json examples/bad: decoded valid quiet",
        "GET /items/{id} default application/json example: decoded invalid reported",
      ].sort(),
    );
    expect(run.notServed.filter((n) => n.spec === "fixture")).toEqual([
      { spec: "fixture", operation: "GET /items/{id} 200 application/json examples/external", why: "externalValue" },
    ]);
  });
});

describe("every response example of the vendor and corpus specs through their generated clients", () => {
  const vendor = () => run.outcomes.filter((o) => o.spec !== "fixture");

  it("all are served: none is skipped but for an externalValue", () => {
    expect(vendor().filter((o) => o.skipped).map((o) => `${label(o)}: ${o.skipped}`)).toEqual([]);
    expect(run.notServed.filter((n) => n.why !== "externalValue")).toEqual([]);
    // GitHub's spec alone documents over a thousand, some at a status with several media types.
    expect(vendor().filter((o) => o.spec === "github").length).toBeGreaterThan(1000);
    expect(tally(vendor(), []).pickedAmongSeveral).toBeGreaterThan(10);
  });

  it("each decodes as documented: data equal to the example, or a documented error with it as its body", () => {
    expect(vendor().filter((o) => !o.skipped && !o.decoded).map((o) => `${label(o)}: ${o.got}`)).toEqual([]);
  });

  it("the independent check compiles every schema, and finds examples that break theirs", () => {
    expect(vendor().filter((o) => o.verdict && "uncheckable" in o.verdict).map((o) => `${label(o)}: ${JSON.stringify(o.verdict)}`)).toEqual([]);
    expect(vendor().filter(invalid).length).toBeGreaterThan(100);
  });

  it("no valid example is reported as drift", () => {
    expect(vendor().filter((o) => !invalid(o) && reported(o)).map((o) => `${label(o)}: ${JSON.stringify(o.drift)}`)).toEqual([]);
  });

  it("every invalid example is reported as drift, naming where it breaks its schema", () => {
    const named = (o: ExampleOutcome) => (o.drift as { reason?: string; mismatches: unknown[] }[]).some((d) => d.reason === undefined && d.mismatches.length > 0);
    expect(vendor().filter((o) => invalid(o) && !(reported(o) && named(o))).map((o) => `${label(o)}: ${JSON.stringify(o.verdict)} ${JSON.stringify(o.drift)}`)).toEqual([]);
  });
});

function verdictOf(o: ExampleOutcome): string {
  if (!o.verdict) return "-";
  if ("unchecked" in o.verdict) return "unchecked";
  if ("uncheckable" in o.verdict) return "uncheckable";
  return o.verdict.valid ? "valid" : "invalid";
}
