/**
 * Handlebars, set up once per run: strict (a missing field is an error, not an empty string), no
 * HTML escaping (we emit TypeScript), and only the helpers registered here.
 *
 * Spec strings are data, never code. The helpers below are the only way a template may print a
 * value, one per context: `comment` (inside a JSDoc block), `str` (a string literal), `key` (a
 * property key), `ident` (an identifier the model has already sanitised), `num` (a number literal),
 * `json` (a JSON value as a literal), `module` (an import specifier) and `verbatim` (TypeScript that a
 * library printed from the spec, such as openapi-typescript's). `loadTemplates` refuses a template
 * that prints anything any other way, so forgetting an escape is an error at load time, not a hole.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";

export type RenderTemplate = (name: string, view: object) => string;

/** Line terminators as ECMAScript counts them: any of them would end a `//` comment or a JSDoc line. */
const LINE_TERMINATORS = /\r\n|[\n\r\u2028\u2029\u0085]/g;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Text for one line inside a `/** ... *\/` block: it can neither close the comment nor open a nested one, nor break the line. */
export function escapeComment(text: string): string {
  return text
    .replace(LINE_TERMINATORS, " ")
    .replace(/\*\//g, "*\\/")
    .replace(/\/\*/g, "/\\*");
}

/** A string literal; U+2028/U+2029 escaped too, so that the literal reads the same in any parser or viewer. */
export function stringLiteral(value: string): string {
  return JSON.stringify(value)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * Any JSON value as a TypeScript literal, strings escaped as `stringLiteral` does. A key "__proto__"
 * is written computed: as a plain key in an object literal it would set the prototype instead.
 */
export function jsonLiteral(value: unknown): string {
  return (JSON.stringify(value ?? null) ?? "null")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029")
    .replace(/([{,])"__proto__":/g, '$1["__proto__"]:');
}

/** A property key, always quoted; "__proto__" computed, for the reason `jsonLiteral` gives. */
export function propertyKey(value: string): string {
  return value === "__proto__" ? '["__proto__"]' : stringLiteral(value);
}

/** The lines of a text, each ready for a comment line; trailing spaces dropped. */
export function commentLines(text: string): string[] {
  return text
    .trim()
    .split(LINE_TERMINATORS)
    .map((line) => escapeComment(line).trimEnd());
}

const helpers: Record<string, Handlebars.HelperDelegate> = {
  comment: (value: unknown) => escapeComment(String(value)),
  str: (value: unknown) => {
    if (typeof value !== "string")
      throw new Error(`str: expected a string, got ${typeof value}`);
    return stringLiteral(value);
  },
  /** A property key is always quoted: no spec string is ever a bare key. */
  key: (value: unknown) => propertyKey(String(value)),
  ident: (value: unknown) => {
    if (typeof value !== "string" || !IDENTIFIER.test(value))
      throw new Error(`ident: ${JSON.stringify(value)} is not an identifier`);
    return value;
  },
  num: (value: unknown) => {
    if (typeof value !== "number" || !Number.isFinite(value))
      throw new Error(`num: ${JSON.stringify(value)} is not a finite number`);
    return String(value);
  },
  json: (value: unknown) => jsonLiteral(value),
  /** A relative import: `{{module "./errors"}}` gives `"./errors.js"` (or `.ts`, from the view's `importExtension`). */
  module: (specifier: unknown, options: Handlebars.HelperOptions) => {
    const extension =
      (options.data.root as { importExtension?: string }).importExtension ??
      ".js";
    return stringLiteral(`${String(specifier)}${extension}`);
  },
  verbatim: (value: unknown) => String(value),
  // Sub-expressions: they compute values, they never print.
  upper: (value: string) => value.toUpperCase(),
  lines: (value: unknown) =>
    typeof value === "string" ? commentLines(value) : [],
  eq: (a: unknown, b: unknown) => a === b,
};

/** Helpers that print; a mustache must start with one of these (block helpers and partials aside). */
export const PRINTING_HELPERS = new Set([
  "comment",
  "str",
  "key",
  "ident",
  "num",
  "json",
  "module",
  "verbatim",
]);

/**
 * Where a template prints a value without a printing helper: `{{title}}`, `{{{raw}}}`, `{{this}}`.
 * Empty when the template is sound. Exported for the test that scans every template.
 */
export function unescapedMustaches(source: string): string[] {
  const found: string[] = [];
  const visit = (node: hbs.AST.Node | undefined): void => {
    if (!node) return;
    switch (node.type) {
      case "Program":
        (node as hbs.AST.Program).body.forEach(visit);
        return;
      case "BlockStatement": {
        const block = node as hbs.AST.BlockStatement;
        visit(block.program);
        visit(block.inverse);
        return;
      }
      case "MustacheStatement": {
        const mustache = node as hbs.AST.MustacheStatement;
        const head =
          mustache.path.type === "PathExpression"
            ? (mustache.path as hbs.AST.PathExpression).original
            : "";
        const loc = `line ${mustache.loc.start.line}`;
        if (!PRINTING_HELPERS.has(head) || mustache.params.length === 0)
          found.push(
            `${loc}: {{${head}${mustache.params.length ? " ..." : ""}}}`,
          );
        return;
      }
      default:
        return; // content, comments, partials (checked as templates of their own)
    }
  };
  visit(Handlebars.parse(source));
  return found;
}

export function loadTemplates(templatesDir: string): RenderTemplate {
  const hbs = Handlebars.create();
  for (const [name, helper] of Object.entries(helpers))
    hbs.registerHelper(name, helper);
  const read = (path: string): string => {
    const source = readFileSync(path, "utf8");
    const unescaped = unescapedMustaches(source);
    if (unescaped.length > 0)
      throw new Error(
        `${path} prints a value without an escaping helper (${[...PRINTING_HELPERS].join(", ")}): ${unescaped.join("; ")}`,
      );
    return source;
  };
  const partialsDir = join(templatesDir, "partials");
  for (const file of readdirSync(partialsDir).sort()) {
    if (file.endsWith(".hbs"))
      hbs.registerPartial(file.slice(0, -4), read(join(partialsDir, file)));
  }
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  for (const file of readdirSync(templatesDir).sort()) {
    if (!file.endsWith(".hbs")) continue;
    compiled.set(
      file.slice(0, -4),
      hbs.compile(read(join(templatesDir, file)), {
        noEscape: true,
        strict: true,
        knownHelpersOnly: false,
      }),
    );
  }
  return (name, view) => {
    const template = compiled.get(name);
    if (!template)
      throw new Error(`no template ${name}.hbs in ${templatesDir}`);
    return template(view);
  };
}
