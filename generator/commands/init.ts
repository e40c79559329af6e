/**
 * `contractgen init --spec FILE`: write a contractgen.config.json for one spec, so that the next
 * command is a plain `contractgen generate`. Never overwrites a config.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, relative, resolve } from "node:path";
import type { Command } from "./io.ts";
import { CONFIG_FILES, DEFAULTS } from "../config/index.ts";
import { UserError } from "../errors.ts";
import { loadSpec } from "../spec/load.ts";
import { defaultApiName } from "../pipeline/naming.ts";
import { isRecord } from "../spec/walk.ts";

const NAME = /^[a-z][a-z0-9-]*$/;

export const initCommand: Command = {
  summary: "write a contractgen.config.json for a spec",
  usage: `contractgen init --spec FILE [--out DIR] [--name NAME] [-c FILE]

Writes contractgen.config.json in the current folder (or the file -c names), with one API: the spec,
its output folder and its name. Refuses to overwrite an existing config.

Options:
      --spec FILE    the OpenAPI document (YAML or JSON)
      --out DIR      output folder (default: generated/NAME)
      --name NAME    API name: the folder and create<Name>Client (default: from the spec's title or file name)`,
  options: { spec: { type: "string" }, out: { type: "string" }, name: { type: "string" } },
  async run(values, io) {
    if (typeof values.spec !== "string") throw new UserError({ kind: "usage", message: "init needs --spec FILE", hint: "contractgen init --spec openapi.yaml" });
    const file = resolve(io.cwd, typeof values.config === "string" ? values.config : CONFIG_FILES[0]!);
    if (!file.endsWith(".json")) throw new UserError({ kind: "usage", message: `init writes a JSON config; ${basename(file)} is not a .json file` });
    const root = dirname(file);
    const existing = [file, ...CONFIG_FILES.map((name) => resolve(root, name))].find((path) => existsSync(path));
    if (existing) {
      throw new UserError({ kind: "usage", message: `${relative(io.cwd, existing) || existing} already exists; not overwriting it`, hint: "edit it, or remove it and run init again" });
    }
    const specPath = resolve(io.cwd, values.spec);
    if (!existsSync(specPath)) throw new UserError({ kind: "usage", message: `spec file not found: ${specPath}` });
    // Read it now: a spec that does not parse is better reported here than by the first generate.
    const data = loadSpec(specPath).root.data;
    const title = isRecord(data) && isRecord(data.info) && typeof data.info.title === "string" ? data.info.title : undefined;
    const name = typeof values.name === "string" ? values.name : defaultApiName(title, specPath);
    if (!NAME.test(name)) throw new UserError({ kind: "usage", message: `invalid API name ${JSON.stringify(name)}`, hint: "pass --name with lower-case letters, digits and dashes, starting with a letter" });
    const output = typeof values.out === "string" ? resolve(io.cwd, values.out) : resolve(root, "generated", name);
    const config = {
      apis: [{ name, spec: portable(relative(root, specPath)), output: portable(relative(root, output)), errorEnvelope: DEFAULTS.adHocErrorEnvelope }],
    };
    mkdirSync(root, { recursive: true });
    writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { flag: "wx" });
    io.out(`wrote ${relative(io.cwd, file) || file}: ${name} from ${config.apis[0]!.spec} into ${config.apis[0]!.output}/`);
    io.out(`next: \`${io.hint("generate", "config")}\``);
    return 0;
  },
};

/** Config paths use `/` on every platform, and say `./` for the config's own folder. */
function portable(path: string): string {
  return path === "" ? "." : path.split("\\").join("/");
}
