/** The load stage's two parsers: js-yaml for data, the `yaml` package (lazily) for positions. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import jsYaml from "js-yaml";
import YAML from "yaml";
import { UserError } from "../generator/errors.ts";
import { locate } from "../generator/spec/load.ts";
import { parseSourceFile } from "../generator/spec/parse.ts";
import { forEachRef } from "../generator/spec/ref-walk.ts";
import { parsePointer, toPointer } from "../generator/spec/pointer.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("parseSourceFile", () => {
  it.each(["spec/hostup.yaml", "spec/aether.yaml", "../shared/specs/stripe-spec3.yaml"])("reads %s to the same data as the yaml package", (file) => {
    const text = readFileSync(`${root}${file}`, "utf8");
    expect(parseSourceFile(file, text).data).toEqual(YAML.parse(text));
  });

  it("keeps YAML 1.2 core scalars: dates, yes/no and merge keys stay as written", () => {
    const text = "a: 2026-04-27\nb: yes\nc: ~\nd: 0x1F\ne: '<<'\n<<: {x: 1}\n";
    expect(parseSourceFile("x.yaml", text).data).toEqual(YAML.parse(text));
  });

  it("builds positions only when asked, and they point at the key", () => {
    const file = parseSourceFile("x.yaml", "openapi: 3.1.0\npaths:\n  /a:\n    get: {}\n");
    expect(locate(file, "/paths/~1a/get")).toEqual({ file: "x.yaml", line: 4, col: 5 });
  });

  it("takes the positioned path for anchors and aliases, which refuses a recursive one", () => {
    expect(parseSourceFile("x.yaml", "a: &x {b: 1}\nc: *x\n").data).toEqual({ a: { b: 1 }, c: { b: 1 } });
    expect(() => parseSourceFile("x.yaml", "a: &x\n  b: *x\n")).toThrow(/recursive YAML alias/);
  });

  // The walk that finds aliases is skipped for text with no anchor in it: every place js-yaml reads
  // one must still take the positioned path, which refuses these recursive aliases (and the yaml
  // package the anchor glued to a tag) with a position, where js-yaml would give a cycle.
  it.each([
    ["at the start", "&x {b: *x}"],
    ["after a byte-order mark", "\uFEFF&x {b: *x}"],
    ["after a document marker", "--- &x {b: *x}"],
    ["after a block key", "a: &x\n  b: *x\n"],
    ["after a tab", "a:\t&x {b: *x}\n"],
    ["on a sequence entry", "- &x\n  - *x\n"],
    ["in a flow sequence", "[&x [*x]]"],
    ["in a flow mapping", "{a: &x {b: *x}}"],
    ["after a JSON-like key's colon", '{"a":&x {b: *x}}'],
    ["after a tag", "a: !!map &x {b: *x}\n"],
    ["right after a verbatim tag", "a: !<tag:yaml.org,2002:map>&x {b: *x}\n"],
    ["named with a non-ASCII letter", "a: &\u00e9 {b: *\u00e9}\n"],
    ["named with a no-break space", "a: &\u00a0 {b: *\u00a0}\n"],
  ])("finds an anchor %s", (_, text) => {
    expect(() => jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA })).not.toThrow();
    expect(() => parseSourceFile("x.yaml", text)).toThrow(UserError);
  });

  it("reads an ampersand in prose or a URL as text", () => {
    const text = "a: Sources & Customers\nb: https://x.test/?a=1&b=2\nc: '&x'\n";
    expect(parseSourceFile("x.yaml", text).data).toEqual({ a: "Sources & Customers", b: "https://x.test/?a=1&b=2", c: "&x" });
  });

  it("reports a duplicate key with the yaml package's position", () => {
    expect(() => parseSourceFile("x.yaml", "a: 1\nb: 2\na: 3\n")).toThrow(/duplicate key/);
  });
});

describe("forEachRef: which $refs are references", () => {
  const visited = (yaml: string) => {
    const found: string[] = [];
    forEachRef(parseSourceFile("x.yaml", yaml).data, (ref, segments, holder) => found.push(`${toPointer(segments)} ${ref}${holder === "map" ? " (map)" : ""}`));
    return found;
  };
  it.each<[string, { given: string; want: string[] }]>([
    ["a schema ref", { given: "components: { schemas: { A: { $ref: a.yaml } } }", want: ["/components/schemas/A a.yaml"] }],
    ["example, default, const, enum are data", { given: "A: { example: { $ref: a }, default: { $ref: b }, const: { $ref: c }, enum: [{ $ref: d }] }", want: [] }],
    ["a schema's examples list is data", { given: "A: { examples: [{ $ref: a }] }", want: [] }],
    ["an examples map holds Example Objects: a $ref is followed, `value` is data", { given: "examples: { one: { $ref: a }, two: { value: { $ref: b } } }", want: ["/examples/one a"] }],
    ["x- extensions are data, at any depth", { given: "x-a: { $ref: a }\npaths: { x-b: { $ref: b }, /p: { get: { x-c: { deep: { $ref: c } } } } }", want: [] }],
    ["property names are names, even example, default or x-", { given: "properties: { example: { $ref: a }, x-b: { $ref: b }, default: { $ref: c } }", want: ["/properties/default c", "/properties/example a", "/properties/x-b b"].sort() }],
    ["a response named default is a name", { given: "responses: { default: { $ref: r } }", want: ["/responses/default r"] }],
    ["a ref standing for a whole map", { given: "properties: { $ref: props.yaml }\npaths: { $ref: paths.yaml }", want: ["/paths paths.yaml (map)", "/properties props.yaml (map)"] }],
    ["a property named $ref holding a schema", { given: "properties: { $ref: { $ref: s } }", want: ["/properties/$ref s"] }],
  ])("%s", (_, { given, want }) => {
    expect(visited(given).sort()).toEqual(want);
  });
});

describe("pointers", () => {
  it.each([["plain"], ["a/b"], ["~x"], ["~1"], ["a~b/c~"], ["/"], [""]])("escape and parse round-trip %j", (segment) => {
    expect(parsePointer(toPointer([segment, 0]))).toEqual([segment, "0"]);
  });

  it("decodes percent-escapes in a pointer, and leaves a stray % as written", () => {
    expect(parsePointer("/a%20b/50%/%7e0")).toEqual(["a b", "50%", "~"]);
  });
});
