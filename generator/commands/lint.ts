/**
 * `contractgen lint`: every configured spec (or each --spec) through the spec gate (lint/), at the
 * severities and preset the config gives its API.
 */
import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { ms, printSpecWarnings, type Command, type OptionValues } from "./io.ts";
import { findConfigFile, loadConfig, type ApiConfig, type LintPreset } from "../config/index.ts";
import { annotationRoot } from "../diff/git.ts";
import { formatUserFailure, isUserFailure, userDiagnostic, UserError, UserErrors } from "../errors.ts";
import { paintDiagnostic } from "../findings/colour.ts";
import { formatDiagnostic } from "../findings/diagnostic.ts";
import { terminalLine } from "../findings/escape.ts";
import { untrusted, type Finding } from "../findings/finding.ts";
import { LIST_FORMATS, renderFindings, type ListFormat } from "../findings/render.ts";
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
      --format F     text (default: diagnostics on stderr, a count per spec on stdout); json, github
                     (workflow annotations, paths from the repository root) or markdown, on stdout;
                     a spec that generate refuses is reported under the rule ${"`"}contractgen/generation${"`"}

contractgen's rules, with their default severity:
${LINT_RULES.map((r) => `  ${r.id} (${r.severity})\n      ${r.description}`).join("\n")}

Exit codes: 0 no error-level problem (warnings pass), 1 an error, 2 usage or config error.`,
  options: { spec: { type: "string", multiple: true }, preset: { type: "string" }, format: { type: "string" } },
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
    const format = lintFormat(values);
    const text = format === "text";
    const listed: Finding[] = [];
    let errors = 0;
    for (const { spec: file, api } of targets) {
      const start = performance.now();
      io.progress(`linting ${relative(io.cwd, file)}...`);
      if (!existsSync(file)) throw new UserError({ kind: "usage", message: `spec file not found: ${file}` });
      let problems: LintProblem[];
      try {
        const spec = validSpec(file, api);
        for (const notice of spec.notices ?? []) {
          const note = { level: "note", message: untrusted(notice) } as const;
          if (text) io.warn(paintDiagnostic(formatDiagnostic(note, io.cwd), io.paint.err));
          else listed.push({ ...note, rule: "notice" });
        }
        problems = await lintSpec(spec, { severities: api?.lint ?? {}, preset: preset ?? api?.lintPreset, redoclyConfig });
        if (text) printSpecWarnings(spec, io);
      } catch (err) {
        // A spec that cannot even be generated fails the gate; the others are still linted.
        if (!isUserFailure(err) || err.exitCode === 2) throw err;
        errors++;
        if (!text) {
          listed.push(...(err instanceof UserErrors ? err.errors : [err]).map((e) => ({ ...userDiagnostic(e), rule: GENERATION_RULE })));
          continue;
        }
        io.err(paintDiagnostic(formatUserFailure(err, io.cwd), io.paint.err));
        io.out(terminalLine(`${relative(io.cwd, file)}: cannot be generated`));
        continue;
      }
      errors += problems.filter((p) => p.severity === "error").length;
      if (!text) {
        listed.push(...problems.map(lintFinding));
        continue;
      }
      for (const p of problems) {
        const line = paintDiagnostic(formatDiagnostic(lintFinding(p), io.cwd), io.paint.err);
        if (p.severity === "error") io.err(line);
        else io.warn(line);
      }
      const count = (severity: LintProblem["severity"]) => problems.filter((p) => p.severity === severity).length;
      io.out(terminalLine(`${relative(io.cwd, file)}: ${count("error")} error(s), ${count("warn")} warning(s) in ${ms(performance.now() - start)}`));
    }
    if (!text) io.out(renderFindings(format, listed, { cwd: io.cwd, root: format === "github" ? annotationRoot(io.cwd, io.env) : io.cwd }));
    return errors > 0 ? 1 : 0;
  },
};

/** The rule a spec that cannot be generated is reported under, outside the text format. */
const GENERATION_RULE = "contractgen/generation";

/**
 * A problem as a finding: its message is of unknown make-up (redocly's, or one naming spec keys), so
 * wholly quoted; the rule the message ends with becomes the finding's own.
 */
function lintFinding(p: LintProblem): Finding {
  const suffix = ` [${p.rule}]`;
  const message = p.error.message.endsWith(suffix) ? p.error.message.slice(0, -suffix.length) : p.error.message;
  return { ...userDiagnostic(p.error, p.severity === "error" ? "error" : "warning"), message: untrusted(message), rule: p.rule };
}

function lintFormat(values: OptionValues): ListFormat {
  const format = values.format ?? "text";
  if (typeof format !== "string" || !(LIST_FORMATS as readonly string[]).includes(format)) {
    throw new UserError({ kind: "usage", message: `--format must be one of ${LIST_FORMATS.join(", ")}`, hint: "see `contractgen lint --help`" });
  }
  return format as ListFormat;
}

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
