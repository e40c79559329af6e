/**
 * Generated response validators (validators.ts, for `validateResponses: "report"`): rendered from the
 * project specs and from small hostile specs, written out and imported. A documented body passes, a
 * wrong one is reported with its JSON pointer, nothing is imported at run time, spec strings stay data,
 * and the formats ported from ajv-formats agree with it.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { apiConfig } from "../generator/config/index.ts";
import { loadSpec } from "../generator/spec/load.ts";
import { openapi31View } from "../generator/spec/openapi32.ts";
import { buildModel } from "../generator/pipeline/model.ts";
import { loadTemplates } from "../generator/pipeline/templates.ts";
import { buildValidatorsView } from "../generator/pipeline/validators.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const TEMPLATES_DIR = join(root, "templates");
const render = loadTemplates(TEMPLATES_DIR);

type ValidateResponse = (
  operationId: string,
  status: number,
  body: unknown,
  mediaType?: string,
  deadline?: number,
  event?: string,
) => { pointer: string; expected: string; actual: string }[] | undefined;

// The generated file imports re2js when the spec has patterns; written here, it resolves from the repo.
const dir = mkdtempSync(join(root, "test/.validators-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function generated(specPath: string, name: string): Promise<{ source: string; validateResponse: ValidateResponse; warnings: string[] }> {
  const spec = await loadSpec(specPath);
  const model = buildModel(spec, apiConfig({ name, spec: specPath, output: join(dir, name) }), `spec/${name}`);
  const source = render("validators.ts", buildValidatorsView(spec, model));
  const file = join(dir, `${name}-validators.ts`);
  writeFileSync(file, source);
  const mod = (await import(pathToFileURL(file).href)) as { validateResponse: ValidateResponse };
  const warnings = (spec.warnings ?? []).map((w) => `${w.position?.line}:${w.position?.col} ${w.message} (at #${w.pointer})`);
  return { source, validateResponse: mod.validateResponse, warnings };
}

/** A one-operation OpenAPI 3.1 (or 3.0) spec whose 200 body is `schema` (as JSON, or under each media type of `content`). */
function specWith(name: string, schema: unknown, openapi = "3.1.0", components: Record<string, unknown> = {}, content?: Record<string, unknown>): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      openapi,
      info: { title: name, version: "1" },
      paths: { "/thing": { get: { operationId: "getThing", responses: { "200": { description: "ok", content: content ?? { "application/json": { schema } } } } } } },
      components: { schemas: components },
    }),
  );
  return file;
}

const CARD = { id: "card_1", brand: "visa", last4: "4242", expMonth: 12, expYear: 2028, cardholderName: null, isPrimary: true, addedAt: "2026-04-27T12:00:00.000Z" };

describe("validators.ts for spec/hostup.yaml", async () => {
  const { source, validateResponse } = await generated(join(root, "spec/hostup.yaml"), "hostup");
  const hostup = (await loadSpec(join(root, "spec/hostup.yaml"))).root.data as any;

  it("passes the spec's own examples", () => {
    const cards = hostup.paths["/api/v2/billing/cards"].get.responses["200"].content["application/json"].examples.savedCards.value;
    const stored = hostup.paths["/api/v2/billing/cards"].post.responses["201"].content["application/json"].examples.savedCard.value;
    expect(validateResponse("listSavedCards", 200, cards)).toBeUndefined();
    expect(validateResponse("storeSavedCard", 201, stored)).toBeUndefined();
  });

  it("reports a wrong-typed field, a missing one and a bad format with pointer, expected and actual", () => {
    const body = [CARD, { ...CARD, id: 42, addedAt: "yesterday", isPrimary: undefined }];
    expect(validateResponse("listSavedCards", 200, body)).toEqual([
      { pointer: "/1/isPrimary", expected: "required property", actual: "missing" },
      { pointer: "/1/id", expected: "string", actual: "integer" },
      { pointer: "/1/addedAt", expected: "format date-time", actual: '"yesterday"' },
    ]);
  });

  it("checks error bodies at their documented status, and ranges and unknown statuses as the spec says", () => {
    const problem = { type: "https://developer.hostup.se/errors/x", title: "Not found", status: 404, detail: "No card.", code: "not_found", requestId: "req_1" };
    expect(validateResponse("listSavedCards", 404, problem)).toBeUndefined();
    expect(validateResponse("listSavedCards", 404, { ...problem, status: "404" })).toEqual([
      { pointer: "/status", expected: "integer", actual: "string" },
      { pointer: "/status", expected: "404", actual: '"404"' },
    ]);
    // deleteSavedCard documents `2XX` without a body: nothing to check.
    expect(validateResponse("deleteSavedCard", 204, { anything: true })).toBeUndefined();
    expect(validateResponse("listSavedCards", 418, "teapot")).toBeUndefined();
    expect(validateResponse("noSuchOperation", 200, null)).toBeUndefined();
    expect(validateResponse("__proto__", 200, null)).toBeUndefined();
  });

  it("imports nothing at run time and carries no spec prose", () => {
    expect(source).not.toMatch(/\bimport\b[^;]*\bfrom\b|\brequire\(/);
    expect(source).not.toContain("Saved cards (documents 001 and 002)"); // an example summary
    expect(source).not.toContain("Return saved payment cards"); // a description
  });
});

describe("validators.ts for spec/aether.yaml", async () => {
  const { validateResponse } = await generated(join(root, "spec/aether.yaml"), "aether");
  const METHOD = { id: "2489e9ad-2ee2-8e00-8ec9-32d5f69181c0", org_id: "2489e9ad-2ee2-8e00-8ec9-32d5f69181c0", card_brand: "visa", card_last4: "4242", card_exp_month: 12, card_exp_year: 2028, is_default: true, created_at: "2026-04-15T12:00:00Z" };

  it("passes a documented body at 200 and 201 and reports a wrong type", () => {
    expect(validateResponse("attachPaymentMethod", 200, METHOD)).toBeUndefined();
    expect(validateResponse("attachPaymentMethod", 201, METHOD)).toBeUndefined();
    expect(validateResponse("attachPaymentMethod", 200, { ...METHOD, is_default: "yes" })).toEqual([{ pointer: "/is_default", expected: "boolean", actual: "string" }]);
  });
});

describe("spec strings in a schema stay data", async () => {
  const PAYLOAD = `*/ globalThis.contractgenPwned = 1; /* " ' \` \${globalThis.contractgenPwned = 2} \u2028 </script>`;
  const file = specWith(
    "hostile",
    {
      type: "object",
      description: PAYLOAD,
      required: [PAYLOAD],
      properties: {
        [PAYLOAD]: { type: "string", description: PAYLOAD, pattern: `^a*/"'\`$`, enum: [`aaa/"'\``, PAYLOAD, "*/x"] },
        code: { type: "string", pattern: `^[a-z]+\\*/"'\`$` },
      },
    },
  );
  const { validateResponse } = await generated(file, "hostile");

  it("runs none of it, and a pattern with */ and quotes is still the right regular expression", () => {
    expect((globalThis as Record<string, unknown>).contractgenPwned).toBeUndefined();
    expect(validateResponse("getThing", 200, { [PAYLOAD]: `aaa/"'\``, code: `abc*/"'\`` })).toBeUndefined();
    expect(validateResponse("getThing", 200, { [PAYLOAD]: "*/x", code: "abc" })).toEqual([
      { pointer: `/${PAYLOAD.replace(/~/g, "~0").replace(/\//g, "~1")}`, expected: `matching ^a*/"'\`$`, actual: '"*/x"' },
      { pointer: "/code", expected: `matching ^[a-z]+\\*/"'\`$`, actual: '"abc"' },
    ]);
    expect(validateResponse("getThing", 200, {})![0]).toMatchObject({ expected: "required property", actual: "missing" });
  });

  it("drops, with a warning, a schema $id that could end ajv's source comment", async () => {
    const bad = specWith("bad-id", { $id: "https://x.test/*/ globalThis.contractgenPwned = 3; /*", type: "object" });
    const { source, validateResponse, warnings } = await generated(bad, "bad-id");
    expect(source).not.toContain("contractgenPwned");
    expect(validateResponse("getThing", 200, [])).toEqual([{ pointer: "", expected: "object", actual: "array" }]);
    expect(warnings).toEqual([expect.stringMatching(/^1:\d+ `\$id` must be a plain URI, got .*; it is not checked .*\(at #\/paths\/~1thing\/get\/responses\/200\/content\/application~1json\/schema\/\$id\)$/)]);
  });
});

describe("schema dialects and keywords", () => {
  it("reads OpenAPI 3.0's nullable and boolean exclusiveMinimum, and resolves component $refs", async () => {
    const file = specWith(
      "openapi30",
      { type: "object", properties: { pet: { $ref: "#/components/schemas/Pet" }, age: { type: "integer", minimum: 0, exclusiveMinimum: true } } },
      "3.0.3",
      { Pet: { type: "object", required: ["name"], properties: { name: { type: "string", nullable: true, enum: ["rex"] }, secret: { type: "string", writeOnly: true } } } },
    );
    const { validateResponse } = await generated(file, "openapi30");
    expect(validateResponse("getThing", 200, { pet: { name: null }, age: 1 })).toBeUndefined();
    expect(validateResponse("getThing", 200, { pet: { name: 5 }, age: 0 })).toEqual([
      { pointer: "/pet/name", expected: "string | null", actual: "integer" },
      { pointer: "/pet/name", expected: 'one of: "rex", null', actual: "5" },
      { pointer: "/age", expected: "> 0", actual: "0" },
    ]);
  });

  it("uses its own code-point length and deep equality, not ajv's modules", async () => {
    const file = specWith("helpers", { type: "object", properties: { emoji: { type: "string", maxLength: 2 }, pair: { const: { a: [1, 2] } }, set: { type: "array", uniqueItems: true } } });
    const { source, validateResponse } = await generated(file, "helpers");
    expect(source).not.toMatch(/require\(|ajv\/dist/);
    expect(source).toContain("56320"); // the low-surrogate test of its code-point length
    expect(validateResponse("getThing", 200, { emoji: "😀😀", pair: { a: [1, 2] }, set: [{ x: 1 }, { x: 2 }] })).toBeUndefined();
    expect(validateResponse("getThing", 200, { emoji: "😀😀😀", pair: { a: [2, 1] }, set: [{ x: 1 }, { x: 1 }] })!.map((m) => m.pointer)).toEqual(["/emoji", "/pair", "/set"]);
  });

  it("carries only the helpers and formats its validators call", async () => {
    const { source, validateResponse } = await generated(specWith("plain", { type: "object", properties: { a: { type: "string" } } }), "plain");
    expect(validateResponse("getThing", 200, { a: 1 })).toEqual([{ pointer: "/a", expected: "string", actual: "integer" }]);
    for (const unused of ["56320", "[Vv][0-9a-f]", "RE2JS", "Object.keys("]) expect(source).not.toContain(unused);
  });

  it("supports unevaluatedProperties when the spec uses it", async () => {
    const file = specWith("unevaluated", { allOf: [{ type: "object", properties: { a: { type: "string" } } }], unevaluatedProperties: false });
    const { validateResponse } = await generated(file, "unevaluated");
    expect(validateResponse("getThing", 200, { a: "x" })).toBeUndefined();
    expect(validateResponse("getThing", 200, { a: "x", b: 1 })).toEqual([{ pointer: "/b", expected: "no such property", actual: "1" }]);
  });

  const CASES: Record<string, unknown[]> = {
    date: ["2024-02-29", "2023-02-29", "2024-13-01", "2024-1-01", ""],
    time: ["12:00:00Z", "12:00:00", "23:59:60Z", "23:59:60+01:00", "24:00:00Z", "12:00:00.5+05:30"],
    "date-time": ["2026-04-27T12:00:00.000Z", "2026-04-27 12:00:00Z", "2026-04-27T12:00:00", "2026-02-30T00:00:00Z", "yesterday"],
    "iso-time": ["12:00:00", "12:00:00Z", "12:60:00"],
    "iso-date-time": ["2026-04-27T12:00:00", "2026-04-27T12:00:00+02:00", "2026-04-27"],
    uri: ["https://example.com/a?b#c", "urn:isbn:123", "/relative", "not a uri", "http://[::1]:80/"],
    byte: ["aGVsbG8=", "aGVsbG8", "!!!!", ""],
    regex: ["^a+$", "(", "a\\Z"],
    int32: [1, 2 ** 31, -(2 ** 31), 1.5],
    int64: [2 ** 40, 1.5],
  };

  it("agrees with ajv-formats on the formats it ports", async () => {
    const properties = Object.fromEntries(Object.keys(CASES).map((format) => [format, { type: format.startsWith("int") ? "number" : "string", format }]));
    const { validateResponse } = await generated(specWith("formats", { type: "object", properties }), "formats");
    const ajv = new Ajv2020({ strict: false });
    formats.default(ajv);
    for (const [format, values] of Object.entries(CASES)) {
      const reference = ajv.compile({ type: format.startsWith("int") ? "number" : "string", format });
      for (const value of values) {
        const ours = validateResponse("getThing", 200, { [format]: value }) === undefined;
        expect([format, value, ours]).toEqual([format, value, reference(value)]);
      }
    }
  });
});

describe("keyed by status and media type", async () => {
  const PROBLEM = { type: "object", required: ["title"], properties: { title: { type: "string" } } };
  const SARIF = { type: "object", required: ["version"], properties: { version: { const: "2.1.0" } }, additionalProperties: true };
  const file = specWith("media", undefined, "3.1.0", {}, {
    "application/json": { schema: { type: "object", required: ["id"], properties: { id: { type: "integer" } } } },
    "application/sarif+json": { schema: SARIF },
    "application/problem+json; charset=utf-8": { schema: PROBLEM },
    "application/vnd.github.object": { schema: { type: "object", required: ["sha"] } },
    "application/vnd.github.diff": { schema: { type: "string" } },
    "text/plain": { schema: { type: "string", pattern: "^ok$" } },
  });
  const { validateResponse } = await generated(file, "media");

  it("checks each media type against its own schema, never another's", () => {
    expect(validateResponse("getThing", 200, { version: "2.1.0", runs: [] }, "application/sarif+json")).toBeUndefined();
    expect(validateResponse("getThing", 200, { version: "2.1.0" }, "application/json")).toEqual([{ pointer: "/id", expected: "required property", actual: "missing" }]);
    expect(validateResponse("getThing", 200, { title: "Gone" }, "application/problem+json")).toBeUndefined();
    expect(validateResponse("getThing", 200, {}, "application/problem+json")).toEqual([{ pointer: "/title", expected: "required property", actual: "missing" }]);
    expect(validateResponse("getThing", 200, { sha: "abc" }, "application/vnd.github.object")).toBeUndefined();
  });

  it("reads an absent media type as the JSON one, and leaves text, bytes and undocumented types unchecked", () => {
    expect(validateResponse("getThing", 200, { id: 1 })).toBeUndefined();
    expect(validateResponse("getThing", 200, { id: "1" })).toEqual([{ pointer: "/id", expected: "integer", actual: "string" }]);
    expect(validateResponse("getThing", 200, "diff --git", "application/vnd.github.diff")).toBeUndefined();
    expect(validateResponse("getThing", 200, "not ok", "text/plain")).toBeUndefined();
    expect(validateResponse("getThing", 200, { id: "1" }, "application/xml")).toBeUndefined();
  });

  it("falls back from the exact type to type/* and */*", async () => {
    const wild = specWith("wildcards", undefined, "3.1.0", {}, { "application/*": { schema: { type: "object", required: ["a"] } }, "*/*": { schema: { type: "array" } } });
    const { validateResponse: check } = await generated(wild, "wildcards");
    expect(check("getThing", 200, {}, "application/hal+json")).toEqual([{ pointer: "/a", expected: "required property", actual: "missing" }]);
    expect(check("getThing", 200, {}, "image/png")).toEqual([{ pointer: "", expected: "array", actual: "object" }]);
  });
});

describe("streamed successes are checked item by item", async () => {
  const ITEM = { type: "object", required: ["n"], properties: { n: { type: "integer" } } };
  const file = join(dir, "streams.json");
  writeFileSync(
    file,
    JSON.stringify({
      openapi: "3.1.0",
      info: { title: "streams", version: "1" },
      paths: {
        "/thing": {
          get: {
            operationId: "getThing",
            responses: {
              "200": {
                description: "ok",
                content: Object.fromEntries(
                  ["text/event-stream", "application/jsonl", "application/x-ndjson", "application/x-jsonlines", "application/json-seq"].map((type) => [type, { schema: ITEM }]),
                ),
              },
              "4XX": { description: "no", content: { "application/json-seq": { schema: { type: "array" } } } },
            },
          },
        },
      },
    }),
  );
  const { validateResponse } = await generated(file, "streams");

  it("checks one item (for SSE, one event's data) against the stream's schema, in every stream format", () => {
    for (const type of ["text/event-stream", "application/jsonl", "application/x-ndjson", "application/x-jsonlines", "application/json-seq"]) {
      expect(validateResponse("getThing", 200, { n: 1 }, type), type).toBeUndefined();
      expect(validateResponse("getThing", 200, { n: "1" }, type), type).toEqual([{ pointer: "/n", expected: "integer", actual: "string" }]);
    }
  });

  it("does not check an error body of a stream media type against its schema: it is no item, and not streamed", () => {
    expect(validateResponse("getThing", 400, { not: "an array" }, "application/json-seq")).toBeUndefined();
  });

  it("checks a 3.2 event's data against its own event's schema, and an unnamed event's against every event's", async () => {
    const fixture = join(root, "test/fixtures/drift/streams/openapi32.yaml");
    const view = openapi31View(loadSpec(fixture)).spec;
    const model = buildModel(view, apiConfig({ name: "feed", spec: fixture, output: join(dir, "feed") }), "spec/feed");
    const file = join(dir, "feed-validators.ts");
    writeFileSync(file, render("validators.ts", buildValidatorsView(view, model)));
    const check = ((await import(pathToFileURL(file).href)) as { validateResponse: ValidateResponse }).validateResponse;
    const sse = "text/event-stream";
    expect(check("watchFeed", 200, { item: "a", count: 1 }, sse, undefined, "update")).toBeUndefined();
    expect(check("watchFeed", 200, { item: "a", count: "1" }, sse, undefined, "update")).toEqual([{ pointer: "/count", expected: "integer", actual: "string" }]);
    expect(check("watchFeed", 200, "back soon", sse, undefined, "notice")).toBeUndefined();
    expect(check("watchFeed", 200, { item: "a", count: 1 }, sse, undefined, "notice")).toEqual([{ pointer: "", expected: "string", actual: "object" }]);
    // No event of that name, or none: the data of any event.
    expect(check("watchFeed", 200, "text", sse, undefined, "other")).toBeUndefined();
    expect(check("watchFeed", 200, { item: "a", count: 1 }, sse)).toBeUndefined();
    expect(check("watchFeed", 200, 7, sse)).not.toBeUndefined();
  });
});

describe("vendor schemas taken as they are", () => {
  it("reads nullable, boolean exclusiveMinimum and a null schema in a 3.1 spec as their authors meant", async () => {
    const file = specWith("lenient", { type: "object", properties: { n: { type: "integer", nullable: true, minimum: 0, exclusiveMinimum: true }, any: null, list: { type: "array", items: null } } });
    const { validateResponse, warnings } = await generated(file, "lenient");
    expect(validateResponse("getThing", 200, { n: null, any: { x: 1 }, list: [1, "a"] })).toBeUndefined();
    expect(validateResponse("getThing", 200, { n: 0 })).toEqual([{ pointer: "/n", expected: "> 0", actual: "0" }]);
    expect(warnings).toEqual([]);
  });

  it("reads a union of bare types as one type list, and a union of bare consts as one enum, one mismatch each", async () => {
    const file = specWith("unions", {
      type: "object",
      properties: {
        name: { anyOf: [{ type: "string" }, { type: "null" }] },
        count: { oneOf: [{ type: "integer" }, { type: "number" }] },
        color: { type: "string", oneOf: [{ const: "red", description: "Red." }, { const: "blue" }] },
        size: { anyOf: [{ enum: ["s", "m"] }, { const: "l" }] },
        mixed: { anyOf: [{ type: "string" }, { type: "integer", minimum: 1 }] },
      },
    });
    const { source, validateResponse } = await generated(file, "unions");
    expect(validateResponse("getThing", 200, { name: null, count: 2.5, color: "red", size: "l", mixed: "x" })).toBeUndefined();
    expect(validateResponse("getThing", 200, { name: 5, color: "green", size: "xl" })).toEqual([
      { pointer: "/name", expected: "string | null", actual: "integer" },
      { pointer: "/color", expected: 'one of: "red", "blue"', actual: '"green"' },
      { pointer: "/size", expected: 'one of: "s", "m", "l"', actual: '"xl"' },
    ]);
    // integer and number overlap: exactly one of them can fail for 2, so the oneOf stays as written.
    expect(validateResponse("getThing", 200, { count: 2 })).toEqual([{ pointer: "/count", expected: "exactly one of the oneOf schemas", actual: "2" }]);
    expect(validateResponse("getThing", 200, { mixed: 0 })).toEqual([
      { pointer: "/mixed", expected: "string", actual: "integer" },
      { pointer: "/mixed", expected: ">= 1", actual: "0" },
      { pointer: "/mixed", expected: "one of the anyOf schemas", actual: "0" },
    ]);
    expect(source).not.toContain("Red.");
  });

  it("drops a keyword ajv cannot compile, with one positioned warning, and checks the rest", async () => {
    const file = specWith("broken", { type: "object", required: ["a"], properties: { a: { type: "file" }, b: { type: "string", minLength: "2" } } });
    const { validateResponse, warnings } = await generated(file, "broken");
    expect(validateResponse("getThing", 200, { a: 1, b: "" })).toBeUndefined();
    expect(validateResponse("getThing", 200, { b: 1 })).toEqual([
      { pointer: "/a", expected: "required property", actual: "missing" },
      { pointer: "/b", expected: "string", actual: "integer" },
    ]);
    expect(warnings.map((w) => w.replace(/^\d+:\d+ /, ""))).toEqual([
      '`type` must name JSON types, got "file"; it is not checked against responses or recorded traffic (at #/paths/~1thing/get/responses/200/content/application~1json/schema/properties/a/type)',
      '`minLength` must be a whole number, got "2"; it is not checked against responses or recorded traffic (at #/paths/~1thing/get/responses/200/content/application~1json/schema/properties/b/minLength)',
    ]);
  });

  it("leaves a schema ajv still cannot compile unchecked, with one warning at that schema", async () => {
    // Two schemas with one $id: ajv refuses the document that holds them.
    const file = specWith("dangling", { $ref: "#/components/schemas/A" }, "3.1.0", { A: { $id: "https://x.test/a", type: "object" }, B: { $id: "https://x.test/a", type: "array" } });
    const { validateResponse, warnings } = await generated(file, "dangling");
    expect(validateResponse("getThing", 200, "anything")).toBeUndefined();
    expect(warnings).toEqual([
      '1:1 validateResponses: the schemas of this file cannot be compiled (reference "https://x.test/a" resolves to more than one schema); responses here are not checked (at #)',
      expect.stringMatching(/^1:\d+ validateResponses: this response schema cannot be compiled \(its \$ref does not resolve\); responses here are not checked \(at #\/paths\/~1thing\/get\/responses\/200\/content\/application~1json\/schema\)$/),
    ]);
  });
});

describe("patterns run in linear time", async () => {
  const file = specWith("redos", { type: "object", properties: { a: { type: "string", pattern: "^(a+)+$" }, look: { type: "string", pattern: "^(?=x)x+$" } }, patternProperties: { "^(b+)+$": { type: "integer" } } });
  const { source, validateResponse, warnings } = await generated(file, "redos");
  const evil = `${"a".repeat(40)}!`;

  it("answers ^(a+)+$ on a 41-character near-match (backtracking would take minutes)", () => {
    expect(source).toContain('import { RE2JS } from "re2js"');
    expect(validateResponse("getThing", 200, { a: evil })).toEqual([{ pointer: "/a", expected: "matching ^(a+)+$", actual: `"${"a".repeat(38)}…` }]);
    expect(validateResponse("getThing", 200, { a: "aaaa" })).toBeUndefined();
    expect(validateResponse("getThing", 200, { [`${"b".repeat(40)}!`]: "x", bbb: 1 })).toBeUndefined();
    expect(validateResponse("getThing", 200, { bbb: "x" })).toEqual([{ pointer: "/bbb", expected: "integer", actual: "string" }]);
  });

  it("skips, with a warning, a pattern RE2 cannot run", () => {
    expect(validateResponse("getThing", 200, { look: "yyy" })).toBeUndefined();
    expect(warnings).toEqual([expect.stringContaining("`pattern` cannot run in linear time (invalid or unsupported Perl syntax: `(?=`); it is not checked")]);
  });

  it("runs no pattern past the call's deadline", () => {
    expect(validateResponse("getThing", 200, { a: "b" }, undefined, Date.now() - 1)).toBeUndefined();
    expect(validateResponse("getThing", 200, { a: "b" }, undefined, Date.now() + 60_000)).toHaveLength(1);
  });
});

describe("size", () => {
  it("compiles a schema shared by several responses once, and only schemas some response reaches", async () => {
    const file = join(dir, "shared.json");
    const pet = { type: "object", required: ["sharedMarker"], properties: { sharedMarker: { type: "string" } } };
    const ok = (schema: unknown) => ({ "200": { description: "ok", content: { "application/json": { schema } } } });
    writeFileSync(
      file,
      JSON.stringify({
        openapi: "3.1.0",
        info: { title: "shared", version: "1" },
        paths: {
          "/a": { get: { operationId: "a", responses: ok({ $ref: "#/components/schemas/Pet" }) } },
          "/b": { get: { operationId: "b", responses: ok({ type: "array", items: { $ref: "#/components/schemas/Pet" } }) } },
          "/c": { get: { operationId: "c", responses: { ...ok({ $ref: "#/components/schemas/Pet" }), "404": { description: "no", content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Pet" } } } } } } },
        },
        components: { schemas: { Pet: pet, Unused: { type: "object", required: ["unusedMarker"] } } },
      }),
    );
    const { source, validateResponse } = await generated(file, "shared");
    expect(source.match(/"sharedMarker"/g)).toHaveLength(1);
    expect(source).not.toContain("unusedMarker");
    expect(validateResponse("b", 200, [{}])).toEqual([{ pointer: "/0/sharedMarker", expected: "required property", actual: "missing" }]);
    expect(validateResponse("c", 404, {}, "application/problem+json")).toEqual([{ pointer: "/sharedMarker", expected: "required property", actual: "missing" }]);
  });
});
