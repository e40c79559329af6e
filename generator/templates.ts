/**
 * Handlebars, set up once per run: strict (a missing field is an error, not an empty string), no
 * HTML escaping (we emit TypeScript), and only the helpers registered here.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";

export type RenderTemplate = (name: string, view: object) => string;

const helpers: Record<string, Handlebars.HelperDelegate> = {
  /** A JSON literal: strings, numbers, arrays and objects as TypeScript accepts them. */
  json: (value: unknown) => JSON.stringify(value ?? null),
  upper: (value: string) => value.toUpperCase(),
  join: (values: string[], separator: string) => values.join(separator),
  /** Text made safe for one line of a JSDoc comment. */
  doc: (value: string) => escapeDoc(value).replace(/\s*\n\s*/g, " "),
};

export function escapeDoc(text: string): string {
  return text.replace(/\*\//g, "*\\/");
}

export function loadTemplates(templatesDir: string): RenderTemplate {
  const hbs = Handlebars.create();
  for (const [name, helper] of Object.entries(helpers)) hbs.registerHelper(name, helper);
  const partialsDir = join(templatesDir, "partials");
  for (const file of readdirSync(partialsDir).sort()) {
    if (file.endsWith(".hbs")) hbs.registerPartial(file.slice(0, -4), readFileSync(join(partialsDir, file), "utf8"));
  }
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  for (const file of readdirSync(templatesDir).sort()) {
    if (!file.endsWith(".hbs")) continue;
    compiled.set(file.slice(0, -4), hbs.compile(readFileSync(join(templatesDir, file), "utf8"), { noEscape: true, strict: true }));
  }
  return (name, view) => {
    const template = compiled.get(name);
    if (!template) throw new Error(`no template ${name}.hbs in ${templatesDir}`);
    return template(view);
  };
}
