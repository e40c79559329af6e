/**
 * `contractgen lint`: every configured spec (or each --spec) through the spec gate (lint/), at the
 * severities and preset the config gives its API.
 */
import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { ms, type Command } from "./io.ts";
import { findConfigFile, loadConfig, type ApiConfig, type LintPreset } from "../config/index.ts";
import { formatUserError, formatUserFailure, isUserFailure, relativePaths, UserError } from "../errors.ts";
import { paintDiagnostic } from "../findings/colour.ts";
import { LINT_PRESETS, LINT_RULES, lintSpec, type LintProblem } from "../lint/index.ts";
import { validateSpec } from "../pipeline/validate.ts";
import { loadSpec, type LoadedSpec } from "../spec/load.ts";

export const lintCommand: Command = {
  summary: "check the specs against the spec gate (redocly's rules, example validation, contractgen's rules)",
  usage: `contractgen lint [-c FILE] [--spec FILE...] [--preset recommended|foreign]

Lints every configured spec (or each --spec) with redocly's recommended rules, strict example
validation and contractgen's rules, at the severities the config gives the API:
"lint": { "<rule-id>": "off" | "warn" | "error" }, top level or per API, for redocly's rule ids and
contractgen's. A redocly.yaml next to the config file (or in the current folder without a config)
replaces the built-in redocly rules; the config's severities still apply on top.

For a spec you do not own, the "foreign" preset keeps only the rules whose findings break
generation or the client (unresolved $refs, path parameters, undefined security schemes or server
variables, duplicate parameters and operationIds...) and switches the rest off: set
"lint": { "preset": "foreign" } for the API (or at the top level), or pass --preset foreign.

Options:
      --spec FILE    lint this spec (repeatable); a configured spec keeps its API's severities
      --preset NAME  the rule set: ${LINT_PRESETS.join(" or ")} (default: the config's, else recommended)

contractgen's rules, with their default severity:
${LINT_RULES.map((r) => `  ${r.id} (${r.severity})\n      ${r.description}`).join("\n")}

Exit codes: 0 no error-level problem (warnings pass), 1 an error, 2 usage or config error.`,
  options: { spec: { type: "string", multiple: true }, preset: { type: "string" } },
  async run(values, io) {
    const preset = values.preset as LintPreset | undefined;
    if (preset !== undefined && !LINT_PRESETS.includes(preset)) {
      throw new UserError({ kind: "usage", message: `--preset must be ${LINT_PRESETS.join(" or ")}, got ${JSON.stringify(preset)}` });
    }
    const configFile = typeof values.config === "string" ? resolve(io.cwd, values.config) : findConfigFile(io.cwd);
    const config = configFile ? await loadConfig(configFile, io.cwd) : undefined;
    if (config?.file) io.verbose(`config: ${relative(io.cwd, config.file)}`);
    const given = Array.isArray(values.spec) ? (values.spec as string[]).map((s) => resolve(io.cwd, s)) : [];
    if (given.length === 0 && !config) await loadConfig(undefined, io.cwd); // throws the "no config file" error
    const targets = given.length > 0 ? given.map((spec) => ({ spec, api: config?.apis.find((a) => a.spec === spec) })) : config!.apis.map((api) => ({ spec: api.spec, api: api as ApiConfig | undefined }));
    const redoclyConfig = redoclyConfigFor(config?.root ?? io.cwd);
    if (redoclyConfig) io.verbose(`redocly rules from ${relative(io.cwd, redoclyConfig)}`);
    let errors = 0;
    for (const { spec: file, api } of targets) {
      const start = performance.now();
      io.progress(`linting ${relative(io.cwd, file)}...`);
      if (!existsSync(file)) throw new UserError({ kind: "usage", message: `spec file not found: ${file}` });
      let problems: LintProblem[];
      try {
        const spec = validSpec(file, api);
        for (const notice of spec.notices ?? []) io.warn(`notice: ${relativePaths(io.cwd, notice)}`);
        problems = await lintSpec(spec, { severities: api?.lint ?? {}, preset: preset ?? api?.lintPreset, redoclyConfig });
      } catch (err) {
        // A spec that cannot even be generated fails the gate; the others are still linted.
        if (!isUserFailure(err) || err.exitCode === 2) throw err;
        io.err(paintDiagnostic(formatUserFailure(err, io.cwd), io.paint.err));
        io.out(`${relative(io.cwd, file)}: cannot be generated`);
        errors++;
        continue;
      }
      for (const p of problems) {
        const text = paintDiagnostic(formatUserError(p.error, io.cwd).replace(/(^|: )error: /, p.severity === "error" ? "$1error: " : "$1warning: "), io.paint.err);
        if (p.severity === "error") {
          errors++;
          io.err(text);
        } else io.warn(text);
      }
      const count = (severity: LintProblem["severity"]) => problems.filter((p) => p.severity === severity).length;
      io.out(`${relative(io.cwd, file)}: ${count("error")} error(s), ${count("warn")} warning(s) in ${ms(performance.now() - start)}`);
    }
    return errors > 0 ? 1 : 0;
  },
};

/** The spec loaded as generation loads it (same `$ref` confinement), and validated as generation validates it. */
function validSpec(file: string, api: ApiConfig | undefined): LoadedSpec {
  const spec = loadSpec(file, api ? { refRoot: api.refRoot } : {});
  validateSpec(spec);
  return spec;
}

/** The redocly.yaml (or .redocly.yaml...) in `folder`, if there is one. */
function redoclyConfigFor(folder: string): string | undefined {
  return ["redocly.yaml", "redocly.yml", ".redocly.yaml", ".redocly.yml"].map((name) => join(folder, name)).find((path) => existsSync(path));
}
