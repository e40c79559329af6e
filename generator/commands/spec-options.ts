/**
 * What generate, check and watch share: the options of an ad hoc run (`--spec FILE --out DIR
 * [--name N]`, no config) and the config they resolve to, from those or from the config file.
 */
import { relative, resolve } from "node:path";
import { adHocConfig, loadConfig, type ResolvedConfig } from "../config/index.ts";
import { UserError } from "../errors.ts";
import { specApiName } from "../pipeline/naming.ts";
import { readSourceFile } from "../spec/load.ts";
import type { CommandIo, OptionValues } from "./io.ts";

export const specOptions = { spec: { type: "string" }, out: { type: "string" }, name: { type: "string" } } as const;

export async function configFrom(values: OptionValues, io: CommandIo): Promise<ResolvedConfig> {
  if (values.spec !== undefined || values.out !== undefined) {
    if (values.config !== undefined) throw new UserError({ kind: "usage", message: "--config cannot be combined with --spec/--out" });
    if (typeof values.spec !== "string" || typeof values.out !== "string") {
      throw new UserError({ kind: "usage", message: "--spec and --out go together", hint: "contractgen generate --spec FILE --out DIR" });
    }
    const name = typeof values.name === "string" ? values.name : undefined;
    return adHocConfig(values.spec, values.out, name, io.cwd, name ? undefined : nameFromSpec(resolve(io.cwd, values.spec)));
  }
  if (values.name !== undefined) throw new UserError({ kind: "usage", message: "--name goes with --spec and --out" });
  const config = await loadConfig(values.config as string | undefined, io.cwd);
  if (config.file) io.verbose(`config: ${relative(io.cwd, config.file) || config.file}`);
  return config;
}


/** The default API name of a `--spec` run; undefined when the spec cannot be read (the run then says why). */
function nameFromSpec(path: string): string | undefined {
  try {
    return specApiName(readSourceFile(path).data, path);
  } catch {
    return undefined;
  }
}
