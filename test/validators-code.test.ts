/**
 * The compaction of ajv's standalone code (generator/pipeline/validators-code.ts): the compacted
 * validators give the same verdict and the same errors (instancePath, keyword, params) as ajv's own
 * code, on hand-picked bodies and on generated ones, with property names and values chosen to look
 * like the code the rewrites match; and the literal scan sets aside exactly the literals.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compactValidatorCode, maskLiterals, unmaskLiterals } from "../generator/pipeline/validators-code.ts";
import { createStandaloneAjv, standaloneCode } from "../generator/pipeline/validators.ts";

/** Names shaped like what the rewrites look for, and like the masks' own placeholders. */
const NAMES = ["plain", 'a"b', "x/y~z", "export const q = r;", "{instancePath}", ',schemaPath:"#/x",', "`1`", "schema1.properties.a.enum", "const err0 = {", "vErrors = null;", "line\nbreak\u2028", "constructor"];
const ENUM = ["a", 'x"y', "`2`", "/re/g", "schema2.enum"];

const THING = {
  type: "object",
  required: NAMES.slice(0, 6),
  properties: {
    ...Object.fromEntries(NAMES.map((name, i) => [name, i % 3 === 0 ? { type: "string", enum: ENUM } : i % 3 === 1 ? { type: ["integer", "null"], minimum: 0 } : { $ref: "#/$defs/Node" }])),
    kind: { oneOf: [{ const: "k1" }, { const: 'k"2' }] },
    either: { anyOf: [{ type: "string", minLength: 2 }, { $ref: "#/$defs/Node" }] },
    one: { oneOf: [{ type: "integer" }, { type: "number", multipleOf: 0.5 }] },
    list: { type: "array", items: { $ref: "#/$defs/Node" }, uniqueItems: true, maxItems: 3 },
    when: { type: "string", format: "date-time" },
    code: { type: "string", pattern: "^[a-z]+$" },
    deep: { type: "object", additionalProperties: false, properties: { [NAMES[1]!]: { type: "boolean" } }, patternProperties: { "^p-": { type: "number" } } },
    cond: { if: { type: "string" }, then: { maxLength: 3 }, else: { type: "integer" } },
    never: { not: { type: "null" } },
    mixed: { enum: [{ a: [1] }, 2, "x", null, [3]] },
  },
  dependentRequired: { plain: ["x/y~z"] },
};
/** More required names than ajv checks one statement each (`loopRequired`): checked in a loop. */
const WIDE = { type: "object", required: [...NAMES, ...NAMES.map((name) => `${name}2`)], properties: { plain: { type: "string" } } };
const NODE = { type: "object", required: ["id"], properties: { id: { type: "string" }, children: { type: "array", items: { $ref: "#/$defs/Node" } } } };

const DOCUMENT = {
  $id: "https://contractgen.invalid/doc",
  $defs: {
    Thing: THING,
    Node: NODE,
    Wide: WIDE,
    entries: { thing: { allOf: [{ $ref: "#/$defs/Thing" }] }, node: { allOf: [{ $ref: "#/$defs/Node" }] }, list: { type: "array", items: { $ref: "#/$defs/Thing" } }, wide: { allOf: [{ $ref: "#/$defs/Wide" }] } },
  },
};
const REFS = {
  responseValidator0: "https://contractgen.invalid/doc#/$defs/entries/thing",
  responseValidator1: "https://contractgen.invalid/doc#/$defs/entries/node",
  responseValidator2: "https://contractgen.invalid/doc#/$defs/entries/list",
  responseValidator3: "https://contractgen.invalid/doc#/$defs/entries/wide",
};

type Validate = ((body: unknown) => boolean) & { errors?: { instancePath: string; keyword: string; params: unknown }[] | null };
type Validators = Record<keyof typeof REFS, Validate>;

const RUNTIME = {
  contractgenFormats: { "date-time": { validate: (text: string) => !Number.isNaN(Date.parse(text)) } },
  linearPattern: (source: string) => new RegExp(source, "u"),
  deepEqual: (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b),
  ucs2length: (text: string) => [...text].length,
};

function evaluate(body: string): Validators {
  return new Function(...Object.keys(RUNTIME), body)(...Object.values(RUNTIME)) as Validators;
}

const ajv = createStandaloneAjv({ unevaluated: false, dynamicRef: false });
ajv.addSchema(DOCUMENT);
const module = standaloneCode(ajv, REFS);
const compacted = compactValidatorCode(module);
// ajv's own module, run as it is: only its exports turned into a returned object (on masked text, so no literal is touched).
const masked = maskLiterals(module)!;
const original = evaluate(unmaskLiterals({ ...masked, text: `${masked.text.replace(/export const (\w+) = (\w+);/g, "exports.$1 = $2;")}` }).replace(/^/, "const exports = {};\n") + "\nreturn exports;");
const compact = evaluate(`return ${compacted};`);

function outcome(validate: Validate, body: unknown) {
  const valid = validate(body);
  return { valid, errors: valid ? [] : (validate.errors ?? []).map(({ instancePath, keyword, params }) => ({ instancePath, keyword, params })) };
}

function sameOutcome(body: unknown): void {
  for (const name of Object.keys(REFS) as (keyof typeof REFS)[]) expect(outcome(compact[name], body), name).toEqual(outcome(original[name], body));
}

const VALID = {
  ...Object.fromEntries(NAMES.map((name, i) => [name, i % 3 === 0 ? 'x"y' : i % 3 === 1 ? 3 : { id: "n", children: [{ id: "m" }] }])),
  kind: 'k"2',
  either: { id: "e" },
  one: 1.5,
  list: [{ id: "a" }, { id: "b" }],
  when: "2026-01-01T00:00:00Z",
  code: "abc",
  deep: { [NAMES[1]!]: true, "p-1": 2 },
  cond: "abc",
  never: 0,
  mixed: { a: [1] },
};

describe("compactValidatorCode", () => {
  it("is much smaller than ajv's module and carries no schemaPath", () => {
    expect(compacted.length).toBeLessThan(module.length / 2);
    // One property name is `,schemaPath:"#/x",`: that one stays, as data.
    expect(module).toMatch(/schemaPath:"#\/(?!x")/);
    expect(compacted).not.toMatch(/schemaPath:"#\/(?!x")/);
  });

  it("checks a short required list name by name, a long one in a loop", () => {
    expect(compacted).toMatch(/\.plain===void 0/);
    expect(compacted).toMatch(/for\(const \w+ of \w+\)\w+\[\w+\]===void 0/);
    sameOutcome(Object.fromEntries(NAMES.slice(3).map((name) => [name, 1])));
  });

  it("passes what ajv's code passes", () => {
    expect(outcome(original.responseValidator0, VALID)).toEqual({ valid: true, errors: [] });
    sameOutcome(VALID);
    sameOutcome([VALID, VALID]);
  });

  it("reports what ajv's code reports, error for error", () => {
    const wrong = {
      ...Object.fromEntries(NAMES.map((name, i) => [name, i % 3 === 0 ? "zzz" : i % 3 === 1 ? -1.5 : { children: "no" }])),
      kind: "k3",
      either: "x",
      one: 0.25,
      list: [{ id: "a" }, { id: "a" }, {}, 4],
      when: "yesterday",
      code: "ABC",
      deep: { [NAMES[1]!]: "no", "p-1": "two", extra: 1, "~/": 2 },
      cond: "abcd",
      never: null,
      mixed: { a: [2] },
    };
    expect(outcome(original.responseValidator0, wrong).errors.length).toBeGreaterThan(20);
    sameOutcome(wrong);
    sameOutcome({ plain: "a" });
    sameOutcome([1, null, "x", [], { [NAMES[4]!]: 1 }]);
    for (const body of [null, 0, "", [], {}, true]) sameOutcome(body);
  });

  it("agrees with ajv's code on generated bodies", () => {
    const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(...ENUM, 'k"2', { id: "x" }, [{ id: "y" }], "2026-01-01T00:00:00Z", { a: [1] }, [3], 2));
    const body = fc.dictionary(fc.constantFrom(...NAMES, "kind", "either", "one", "list", "when", "code", "deep", "cond", "never", "mixed", "children", "id"), value, { maxKeys: 12 });
    fc.assert(fc.property(fc.oneof(body, fc.array(body, { maxLength: 3 }), value), (generated) => sameOutcome(generated)), { numRuns: 300 });
  });
});

describe("maskLiterals", () => {
  it("sets aside strings and regular expressions, and puts them back as they were", () => {
    const code = 'const a = "x\\"y`1`";const formats0 = /^"[^"]*"$/i;if(data.replace(/~/g, "~0") === a / 2){}';
    const masked = maskLiterals(code)!;
    expect(masked.text).toBe("const a = `0`;const formats0 = `1`;if(data.replace(`2`, `3`) === a / 2){}");
    expect(unmaskLiterals(masked)).toBe(code);
  });

  it("refuses code with a quote it cannot place", () => {
    expect(maskLiterals("const a = 'single';")).toBeUndefined();
    expect(maskLiterals("const a = x / \"unclosed;")).toBeUndefined();
  });
});
