/**
 * ajv's standalone code, made small. ajv builds each error in place (with a schemaPath nobody reads)
 * and pushes it in four statements, passes every sub-validator arguments our schemas never read,
 * writes out the same type tests at every use, and copies a whole schema into the file wherever an
 * error quotes one of its `enum`s. `compactValidatorCode` rewrites those known shapes into calls of a
 * few helpers and shorter equivalents, then lets esbuild minify the result. The rewrites only touch
 * code: every string and regular-expression literal is set aside first (`maskLiterals`), so text from
 * the spec can never be mistaken for code. Each rewrite matches ajv's exact shapes; code in any other
 * shape is left as it is, and a rewrite that would leave calls and callees disagreeing is not made.
 */
import { transformSync } from "esbuild";

/** What `maskLiterals` writes in place of the literal at that index: backticks never occur in ajv's code outside literals. */
const PLACEHOLDER = /`(\d+)`/g;
/**
 * A string literal (ajv prints them with JSON.stringify), or a regular-expression literal: a `/` where
 * an expression starts (ajv-formats' formats, `.replace(/~/g, ...)`), never after an operand (division).
 */
const LITERAL = /"(?:[^"\\\n]|\\.)*"|(?<=[(,=:[!&|?{};]\s*)\/(?![*/])(?:[^\\/[\n]|\\.|\[(?:[^\]\\\n]|\\.)*\])+\/[a-z]*/g;

export interface Masked {
  /** The code with each literal replaced by `` `index` ``. */
  text: string;
  literals: string[];
}

/** The code with its literals set aside, or undefined when a quote is left over (a literal the scan does not know). */
export function maskLiterals(code: string): Masked | undefined {
  const literals: string[] = [];
  const text = code.replace(LITERAL, (literal) => `\`${literals.push(literal) - 1}\``);
  return /["'`](?!\d+`)/.test(text.replace(PLACEHOLDER, "")) ? undefined : { text, literals };
}

export function unmaskLiterals({ text, literals }: Masked): string {
  return text.replace(PLACEHOLDER, (_, index: string) => literals[Number(index)]!);
}

/** The errors common enough to get their own helper: keyword -> the one param ajv gives them. */
const ONE_PARAM_ERRORS: Record<string, string> = {
  type: "type",
  required: "missingProperty",
  enum: "allowedValues",
  const: "allowedValue",
  format: "format",
  pattern: "pattern",
  maxLength: "limit",
  minLength: "limit",
  maxItems: "limit",
  minItems: "limit",
  additionalProperties: "additionalProperty",
};
const LIMIT_KEYWORDS = new Set(["maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum"]);
const helperName = (keyword: string) => `${keyword}Error`;

/**
 * The helpers the rewritten code calls, by name: error pushes (each returns the new count of errors),
 * a sub-validator's errors merged into the caller's, type tests.
 */
const HELPERS: Record<string, string> = {
  errorObject: "function errorObject(errors, instancePath, keyword, params = {}) { return errors.push({ instancePath, keyword, params }); }",
  ...Object.fromEntries(
    Object.entries(ONE_PARAM_ERRORS).map(([keyword, param]) => [
      helperName(keyword),
      `function ${helperName(keyword)}(errors, instancePath, value) { return errors.push({ instancePath, keyword: ${JSON.stringify(keyword)}, params: { ${param}: value } }); }`,
    ]),
  ),
  limitError: "function limitError(errors, instancePath, keyword, comparison, limit) { return errors.push({ instancePath, keyword, params: { comparison, limit } }); }",
  concatErrors: "function concatErrors(errors, more) { return errors === null ? more : errors.concat(more); }",
  // A primitive equals a JSON value exactly when \`includes\` finds it (NaN included), without a call per value.
  enumHas:
    'function enumHas(values, value) { if (value === null || typeof value != "object") return values.includes(value); for (const allowed of values) if (deepEqual(value, allowed)) return true; return false; }',
  isObject: 'function isObject(value) { return value !== null && typeof value == "object" && !Array.isArray(value); }',
  isInteger: 'function isInteger(value) { return typeof value == "number" && !(value % 1) && !isNaN(value); }',
};

/** An instancePath expression: no braces, commas only inside parentheses (`key0.replace(/~/g, "~0")`). */
const PATH = String.raw`(?:[^{}(),]|\((?:[^{}()]|\([^{}()]*\))*\))+`;
/** The push of one error object (after the first rewrite below). */
const ERROR_PUSH = new RegExp(String.raw`errors = \(vErrors \?\?= \[\]\)\.push\(\{instancePath(?::(${PATH}))?,keyword:(\`\d+\`),params:\{([^{}]*)\}\}\);`, "g");
/** A param's value: a literal, a name or a property read, a number. */
const VALUE = String.raw`(\`\d+\`|[\w$]+(?:\.[\w$]+)*|-?[\d.]+(?:e[+-]?\d+)?)`;
const ONE_PARAM = new RegExp(String.raw`^(\w+): ?${VALUE}$`);
const LIMIT_PARAMS = new RegExp(String.raw`^comparison: ?(\`\d+\`), ?limit: ?${VALUE}$`);

/** An error's push as a call of the shortest helper that pushes it. */
function errorPushCall(literals: string[]) {
  return (_: string, path: string | undefined, keyword: string, params: string): string => {
    const call = (helper: string, args: string) => `errors = ${helper}(vErrors ??= [], ${path ?? "instancePath"}, ${args});`;
    const name = JSON.parse(literals[Number(keyword.slice(1, -1))]!) as string;
    const one = ONE_PARAM.exec(params);
    if (one && Object.hasOwn(ONE_PARAM_ERRORS, name) && ONE_PARAM_ERRORS[name] === one[1]) return call(helperName(name), one[2]!);
    const limit = LIMIT_KEYWORDS.has(name) ? LIMIT_PARAMS.exec(params) : null;
    if (limit) return call("limitError", `${keyword}, ${limit[1]}, ${limit[2]}`);
    return call("errorObject", params === "" ? keyword : `${keyword}, {${params}}`);
  };
}

/**
 * Rewrites of ajv's code, on masked text. ajv keeps `errors` equal to the length of `vErrors` (it
 * resets both together), so a push can set one from the other.
 */
function rewrite(text: string, literals: string[]): string {
  let out = text
    // The template reads an error's instancePath, keyword and params, never its schemaPath.
    .replace(/,schemaPath:`\d+`/g, "")
    .replace(
      /const (err\d+) = (\{(?:[^{};]|\{[^{};]*\})*\});if\(vErrors === null\)\{vErrors = \[\1\];\}else \{vErrors\.push\(\1\);\}errors\+\+;/g,
      "errors = (vErrors ??= []).push($2);",
    )
    .replace(ERROR_PUSH, errorPushCall(literals))
    .replace(
      /vErrors = vErrors === null \? ([\w$.]+)\.errors : vErrors\.concat\(\1\.errors\);errors = vErrors\.length;/g,
      "errors = (vErrors = concatErrors(vErrors, $1.errors)).length;",
    );
  // The arguments ajv passes every sub-validator for `$data` and dynamic scopes, when the code reads none of them.
  const withoutParents = out
    .replace(/,parentData(?::[\w$]+)?,parentDataProperty(?::(?:`\d+`|[\w$]+))?,rootData\}/g, "}")
    .replace(/\{instancePath=(`\d+`), parentData, parentDataProperty, rootData=data\}=\{\}/g, "{instancePath=$1}={}");
  if (!/\b(?:parentData|parentDataProperty|rootData)\b/.test(withoutParents)) out = withoutParents;
  // Then instancePath, the one argument left, passed as itself rather than in an object.
  const positional = out
    .replace(/\{instancePath=(`\d+`)\}=\{\}/g, "instancePath=$1")
    .replace(new RegExp(String.raw`\{instancePath(?::(${PATH}))?\}`, "g"), (_, path: string | undefined) => path ?? "instancePath");
  if (!/\{instancePath[=:}]/.test(positional.replace(/\{instancePath(?::[^{}]*)?,keyword:/g, ""))) out = positional;
  // An enum's loop over its values (`loopEnum`), as one call.
  out = out.replace(
    /let (valid\d+);\1 = false;for\(const (v\d+) of ([\w$]+(?:\.[\w$]+|\[\d+\]|\[`\d+`\])*)\)\{if\(func\d+\(([\w$]+(?:\.[\w$]+)*), \2\)\)\{\1 = true;break;\}\}if\(!\1\)/g,
    "if(!enumHas($3, $4))",
  );
  // ajv's alias of deepEqual, when the enum loops above were its only users.
  out = out.replace(/const (func\d+) = deepEqual;/g, (declaration, name: string) => (new RegExp(String.raw`\b${name}\b`).test(out.replace(declaration, "")) ? declaration : ""));
  // Two type tests ajv writes out at every use.
  const literal = (index: string, value: string) => literals[Number(index)] === JSON.stringify(value);
  return out
    .replace(/(?<![\w$.])([\w$]+(?:\.[\w$]+)*) && typeof \1 == `(\d+)` && !Array\.isArray\(\1\)/g, (match, value: string, type: string) => (literal(type, "object") ? `isObject(${value})` : match))
    .replace(/\(typeof ([\w$]+(?:\.[\w$]+)*) == `(\d+)`\) && \(!\(\1 % 1\) && !isNaN\(\1\)\)/g, (match, value: string, type: string) => (literal(type, "number") ? `isInteger(${value})` : match));
}

/**
 * `vErrors` as an array from the start, never null: a push, a merge and a reset each get shorter.
 * Only when every place that tests it for null is one of these shapes.
 */
function alwaysArrays(text: string): string {
  const out = text
    .replace(/let vErrors = null;/g, "let vErrors = [];")
    .replace(/errors = \(vErrors \?\?= \[\]\)\.push\(/g, "errors = vErrors.push(")
    .replace(/\(vErrors \?\?= \[\], /g, "(vErrors, ")
    .replace(/errors = \(vErrors = concatErrors\(vErrors, ([\w$.]+)\.errors\)\)\.length;/g, "errors = (vErrors = vErrors.concat($1.errors)).length;")
    .replace(/if\(vErrors !== null\)\{if\((_errs\d+)\)\{vErrors\.length = \1;\}else \{vErrors = null;\}\}/g, "vErrors.length = $1;");
  return /vErrors [!=]== null|vErrors = null|vErrors \?\?=|concatErrors\(/.test(out) ? text : out;
}

/** ajv's exports, `export const validator0 = validate1;`: what the compacted code returns. */
const EXPORT = /export const ([\w$]+) = ([\w$]+);/g;

const RESULT = "contractgenValidators";

/** ajv's module with its literals set aside and its exports taken out (name -> local function). */
function withoutExports(module: string): { masked: Masked; exported: Map<string, string> } {
  const masked = maskLiterals(module);
  if (!masked) throw new Error("validators: ajv printed a literal the compaction does not know");
  const exported = new Map<string, string>();
  const text = masked.text.replace(EXPORT, (_, name: string, local: string) => {
    exported.set(name, local);
    return "";
  });
  return { masked: { text, literals: masked.literals }, exported };
}

/** ajv's module's statements (its exports taken out), and its exported validators by name -> local function. */
export interface ValidatorSource {
  code: string;
  exported: Map<string, string>;
}

/** ajv's standalone module as it is, its exports taken out (to compare it with the compacted code). */
export function uncompactedValidatorSource(module: string): ValidatorSource {
  const { masked, exported } = withoutExports(module);
  return { code: unmaskLiterals(masked), exported };
}

/** ajv's standalone module rewritten into shorter equivalents, with the helpers the rewritten code calls; not minified. */
export function compactValidatorSource(module: string): ValidatorSource {
  const { masked, exported } = withoutExports(module);
  const text = alwaysArrays(withoutForwarders(rewrite(masked.text, masked.literals), exported));
  let code = unmaskLiterals({ text: hoistSchemaValues({ text, literals: masked.literals }), literals: masked.literals });
  for (const [name, helper] of Object.entries(HELPERS)) if (code.includes(`${name}(`)) code = `${helper}\n${code}`;
  return { code, exported };
}

/**
 * ajv's standalone module, compacted, as one minified expression: a function's body, run once, that
 * returns its exported validators by name. Minified names stay inside that function, so they never
 * meet the names of the code around it.
 */
export function compactValidatorCode(module: string): string {
  const { code, exported } = compactValidatorSource(module);
  return minifyToExpression(code, `{ ${[...exported].map(([name, local]) => `${name}: ${local}`).join(", ")} }`);
}

/**
 * `code`, then `return (result)`, minified by esbuild as a module (which drops what `result` does not
 * reach) and given as an expression: a function's body, run once. `code` may be TypeScript.
 */
export function minifyToExpression(code: string, result: string): string {
  // Assigned to a free name, which esbuild keeps (a side effect), then turned into the function's result.
  const source = `${code}\n${RESULT} = ${result};\n`;
  const minified = transformSync(source, { loader: "ts", format: "esm", minify: true, treeShaking: true, target: "es2022", legalComments: "none" }).code.trimEnd();
  const at = minified.lastIndexOf(`${RESULT}=`);
  // Its own statement, the last: nothing was joined to it with a comma.
  if (at < 0 || !/^$|[;}]$/.test(minified.slice(at - 1, at)) || !minified.endsWith(";")) throw new Error("validators: esbuild printed the validators in an unexpected shape");
  return `(()=>{${minified.slice(0, at)}return ${minified.slice(at + RESULT.length + 1, -1)}})()`;
}

/** A validator that only calls another on the same data (each exported entry's `allOf: [{ $ref }]`), after `rewrite`. */
const FORWARDER =
  /function (validate\d+)\(data, instancePath=`\d+`\)\{let vErrors = null;let errors = 0;if\(!\(([\w$]+)\(data, instancePath\)\)\)\{errors = \(vErrors = concatErrors\(vErrors, \2\.errors\)\)\.length;\}\1\.errors = vErrors;return errors === 0;\}/g;

/** Exports the validator a forwarder calls in its place, and drops the forwarder when nothing else calls it. */
function withoutForwarders(text: string, exported: Map<string, string>): string {
  const targets = new Map<string, string>();
  for (const match of text.matchAll(FORWARDER)) targets.set(match[1]!, match[2]!);
  const final = (local: string): string => {
    for (let hops = 0; targets.has(local) && hops < targets.size; hops++) local = targets.get(local)!;
    return local;
  };
  for (const [name, local] of exported) exported.set(name, final(local));
  return text.replace(FORWARDER, (definition, local: string) => {
    const uses = text.match(new RegExp(String.raw`\b${local}\b`, "g"))!.length;
    return uses === 2 ? "" : definition; // its name and its `.errors`: no call, no other export
  });
}

const SCHEMA_CONSTANT = /const (schema\d+) = /g;
/** A use of a schema constant: its name, then the path read from it (`.properties.kind.enum`, `[0]`, `[`3`]`). */
const SCHEMA_USE = /\b(schema\d+)((?:\.[A-Za-z_$][\w$]*|\[\d+\]|\[`\d+`\])*)/g;

/**
 * ajv's code quotes a schema's values (an `enum` for its error) by reading them from a copy of the
 * whole schema. Each value read is written out once instead, as its own constant, and the copies go.
 * A schema whose uses cannot all be resolved is left as it is.
 */
function hoistSchemaValues(masked: Masked): string {
  const definitions = new Map<string, { start: number; end: number; value: unknown }>();
  for (const match of masked.text.matchAll(SCHEMA_CONSTANT)) {
    const start = match.index;
    const valueStart = start + match[0].length;
    const end = literalEnd(masked.text, valueStart);
    if (end === undefined || masked.text[end] !== ";") continue;
    try {
      definitions.set(match[1]!, { start, end: end + 1, value: JSON.parse(unmaskLiterals({ text: masked.text.slice(valueStart, end), literals: masked.literals })) });
    } catch {
      // Not JSON (ajv printed something else): keep it.
    }
  }
  if (definitions.size === 0) return masked.text;
  const hoisted = new Map<string, string>(); // JSON of the value -> its constant's name
  const replacements: { start: number; end: number; text: string }[] = [];
  const declarations = new Map<string, string[]>(); // schema constant -> the constants replacing it
  const kept = new Set<string>();
  const uses: { start: number; end: number; schema: string; value: unknown }[] = [];
  for (const match of masked.text.matchAll(SCHEMA_USE)) {
    const definition = definitions.get(match[1]!);
    if (!definition || (match.index >= definition.start && match.index < definition.end)) continue;
    const value = valueAt(definition.value, match[2]!, masked.literals);
    if (value === undefined) kept.add(match[1]!);
    else uses.push({ start: match.index, end: match.index + match[0].length, schema: match[1]!, value });
  }
  for (const use of uses) {
    if (kept.has(use.schema)) continue;
    const json = JSON.stringify(use.value);
    let name = hoisted.get(json);
    if (name === undefined) {
      name = `${use.schema}_${hoisted.size}`;
      hoisted.set(json, name);
      const literal = masked.literals.push(json) - 1;
      declarations.set(use.schema, [...(declarations.get(use.schema) ?? []), `const ${name} = \`${literal}\`;`]);
    }
    replacements.push({ start: use.start, end: use.end, text: name });
  }
  for (const [schema, { start, end }] of definitions) {
    if (!kept.has(schema)) replacements.push({ start, end, text: (declarations.get(schema) ?? []).join("") });
  }
  replacements.sort((a, b) => a.start - b.start);
  let text = "";
  let at = 0;
  for (const { start, end, text: replacement } of replacements) {
    text += masked.text.slice(at, start) + replacement;
    at = end;
  }
  return text + masked.text.slice(at);
}

/** Where a JSON value that starts at `start` in masked text ends (literals masked, so brackets balance). */
function literalEnd(text: string, start: number): number | undefined {
  const scalar = /^(?:`\d+`|true|false|null|-?[\d.eE+-]+)/.exec(text.slice(start, start + 40));
  if (scalar) return start + scalar[0].length;
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return i + 1;
    } else if (c === ";" && depth === 0) return undefined;
  }
  return undefined;
}

/** The value at a path of property reads, as ajv prints them (`.name`, `[0]`, a masked `["name"]`). */
function valueAt(root: unknown, path: string, literals: string[]): unknown {
  let node = root;
  for (const [, name, index, literal] of path.matchAll(/\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[`(\d+)`\]/g)) {
    const key = name ?? index ?? (JSON.parse(literals[Number(literal)]!) as string);
    if (node === null || typeof node !== "object" || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
