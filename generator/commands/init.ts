/**
 * `contractgen init --spec FILE`: write a contractgen.config.json for one spec, or add the spec to
 * the config that is there, so that the next command is a plain `contractgen generate`. Never
 * overwrites: an existing config gets one more entry, the rest of its text as it was.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import type { Command } from "./io.ts";
import { API_NAME, CONFIG_FILES, DEFAULTS, loadConfig, type ResolvedConfig } from "../config/index.ts";
import { UserError } from "../errors.ts";
import { PACKAGE_ROOT } from "../package-root.ts";
import { specApiName } from "../pipeline/naming.ts";
import { loadSpec } from "../spec/load.ts";
import { parseSourceFile } from "../spec/parse.ts";

export const initCommand: Command = {
  summary: "write a contractgen.config.json for a spec, or add the spec to the one there is",
  usage: `contractgen init --spec FILE [--out DIR] [--name NAME] [-c FILE]

Writes contractgen.config.json in the current folder (or the file -c names), with one API: the spec,
its output folder and its name. When that config exists, adds the API to its list instead, leaving
the rest of the file as it was; an API of the same name or spec is refused. A contractgen.config.mjs
is never edited: init prints the entry to add.

Options:
      --spec FILE    the OpenAPI document (YAML or JSON)
      --out DIR      output folder (default: generated/NAME, or beside the configured APIs' folders)
      --name NAME    API name: the folder and create<Name>Client (default: from the spec's title or file name)`,
  options: { spec: { type: "string" }, out: { type: "string" }, name: { type: "string" } },
  async run(values, io) {
    if (typeof values.spec !== "string") throw new UserError({ kind: "usage", message: "init needs --spec FILE", hint: "contractgen init --spec openapi.yaml" });
    const file = resolve(io.cwd, typeof values.config === "string" ? values.config : CONFIG_FILES[0]!);
    if (!file.endsWith(".json")) throw new UserError({ kind: "usage", message: `init writes a JSON config; ${basename(file)} is not a .json file` });
    const root = dirname(file);
    const existing = [file, ...CONFIG_FILES.map((name) => resolve(root, name))].find((path) => existsSync(path));
    const specPath = resolve(io.cwd, values.spec);
    if (!existsSync(specPath)) throw new UserError({ kind: "usage", message: `spec file not found: ${specPath}` });
    // Read it now: a spec that does not parse is better reported here than by the first generate.
    const name = typeof values.name === "string" ? values.name : specApiName(loadSpec(specPath).root.data, specPath);
    if (!API_NAME.test(name)) throw new UserError({ kind: "usage", message: `invalid API name ${JSON.stringify(name)}`, hint: "pass --name with lower-case letters, digits and dashes, starting with a letter" });
    const config = existing ? await loadConfig(existing, io.cwd) : undefined;
    const output = typeof values.out === "string" ? resolve(io.cwd, values.out) : join(config ? outputsParent(config) : join(root, "generated"), name);
    const entry = { name, spec: portable(relative(root, specPath)), output: portable(relative(root, output)), errorEnvelope: DEFAULTS.adHocErrorEnvelope };
    const shown = relative(io.cwd, existing ?? file) || (existing ?? file);
    if (config) {
      refuseClash(config, { name, spec: specPath, output }, shown);
      if (!existing!.endsWith(".json")) {
        throw new UserError({ kind: "usage", message: `${shown} is a module; init does not edit it`, hint: `add this entry to its apis: ${JSON.stringify(entry)}` });
      }
      writeFileSync(existing!, withApi(readFileSync(existing!, "utf8"), existing!, entry));
      io.out(`added ${name} to ${shown}: from ${entry.spec} into ${entry.output}/`);
    } else {
      mkdirSync(root, { recursive: true });
      const schema = schemaReference(root);
      writeFileSync(file, `${JSON.stringify({ ...(schema ? { $schema: schema } : {}), apis: [entry] }, null, 2)}\n`, { flag: "wx" });
      io.out(`wrote ${shown}: ${name} from ${entry.spec} into ${entry.output}/`);
    }
    io.out(`next: \`${io.hint("generate", "config")}\``);
    return 0;
  },
};

/** An API the config already has under this name, for this spec or into this folder. */
function refuseClash(config: ResolvedConfig, api: { name: string; spec: string; output: string }, shown: string): void {
  const same = (what: string, other: string, hint: string) => {
    throw new UserError({ kind: "usage", message: `${shown} already has ${what} (API "${other}"); not adding it again`, hint });
  };
  for (const other of config.apis) {
    if (other.name === api.name) same(`an API named "${api.name}"`, other.name, "pass --name to add the spec under another name");
    if (other.spec === api.spec) same(`the spec ${relative(config.root, api.spec) || api.spec}`, other.name, "edit its entry instead");
    if (other.output === api.output) same(`an API generated into ${relative(config.root, api.output) || api.output}/`, other.name, "pass --out to choose another folder");
  }
}

/** Where the configured APIs' folders are, when they share one; else generated/ beside the config. */
function outputsParent(config: ResolvedConfig): string {
  const parents = new Set(config.apis.map((api) => dirname(api.output)));
  return parents.size === 1 ? [...parents][0]! : join(config.root, "generated");
}

/**
 * The config's text with `entry` after the last item of its `apis` list, in the indentation that
 * item has (or on its line, when the list is written on one line): nothing else of the text changes.
 */
export function withApi(text: string, path: string, entry: object): string {
  const apis = parseSourceFile(path, text).document.get("apis", true) as { items: { range?: [number, number, number] }[] };
  const last = apis.items.at(-1)?.range;
  if (!last) throw new UserError({ kind: "usage", message: `${basename(path)} has no API to add to`, position: { file: path, line: 1, col: 1 } });
  const lineStart = text.lastIndexOf("\n", last[0] - 1) + 1;
  const indent = text.slice(lineStart, last[0]);
  const inserted = /^[ \t]*$/.test(indent) ? `,\n${indent}${JSON.stringify(entry, null, 2).replaceAll("\n", `\n${indent}`)}` : `, ${JSON.stringify(entry)}`;
  return text.slice(0, last[1]) + inserted + text.slice(last[1]);
}

/** The shipped schema, relative to the config, when contractgen is installed in the project (editors then complete the config). */
function schemaReference(root: string): string | undefined {
  const path = relative(root, join(PACKAGE_ROOT, "generator/config/schema.json"));
  return path.split(/[\\/]/)[0] === "node_modules" ? `./${portable(path)}` : undefined;
}

/** Config paths use `/` on every platform, and say `./` for the config's own folder. */
function portable(path: string): string {
  return path === "" ? "." : path.split("\\").join("/");
}
