/**
 * The spec gate (`contractgen lint`): @redocly/openapi-core's rules (its recommended set and example
 * validation, or the project's own `redocly.yaml`), and contractgen's rules from the registry below.
 * Every rule has a severity (off, warn, error) that the config sets per API. Stricter than
 * `generate`, which accepts any spec it can turn into code (see validate.ts).
 */
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import type { LintPreset, LintSeverity } from "../config/index.ts";
import { UserError } from "../errors.ts";
import { locate, type LoadedSpec } from "../spec/load.ts";
import { operationNames } from "../pipeline/naming.ts";
import { usePrototypeFreeTypes } from "./prototype-free-types.ts";
import { child, type Located } from "../spec/refs.ts";
import { withLinearPatterns } from "./patterns.ts";
import { forEachOperation, isRecord } from "../spec/walk.ts";

export interface LintProblem {
  rule: string;
  severity: "error" | "warn";
  error: UserError;
}

export interface LintRule {
  id: string;
  /** The severity when the config says nothing. House rules (this repo's conventions) are off. */
  severity: LintSeverity;
  description: string;
}

/** contractgen's own rules. Everything redocly already checks (summary, operationId, path parameters...) is redocly's. */
export const LINT_RULES: readonly LintRule[] = [
  {
    id: "contractgen/operation-security",
    severity: "off",
    description: "every operation requires a credential (no missing, empty or `{}` anonymous security)",
  },
  {
    id: "contractgen/operation-scopes",
    severity: "off",
    description: "every secured operation names the scopes it needs, or says `x-scopes-undocumented: true`",
  },
  {
    id: "contractgen/standard-error-responses",
    severity: "off",
    description: "every operation documents each status listed in the root's `x-standard-error-responses`",
  },
  {
    id: "contractgen/method-name-collision",
    severity: "warn",
    description: "no two operationIds give the same client method (generation adds a numeric suffix)",
  },
];

const OWN_PREFIX = "contractgen/";

/**
 * Redocly's rules as this gate runs them when the project has no redocly.yaml: `recommended`, with
 * strict examples. (`extends` goes inside the raw config: createConfig ignores it as an option.)
 */
const REDOCLY_RULES = {
  "no-invalid-media-type-examples": { severity: "error", allowAdditionalProperties: false },
  "no-invalid-schema-examples": { severity: "error", allowAdditionalProperties: false },
  "no-invalid-parameter-examples": { severity: "error", allowAdditionalProperties: false },
  "info-license": "off",
} as const;

export const LINT_PRESETS = ["recommended", "foreign"] as const satisfies readonly LintPreset[];

/**
 * The "foreign" preset, for a spec you do not own: redocly's rules whose findings break generation or
 * the client (a URL built wrong, auth that cannot be sent, a parameter the types lose), at these
 * severities; every other redocly rule (examples, summaries, descriptions, licences, naming) is off.
 * contractgen's own rules keep their defaults: the house rules are off already.
 */
const FOREIGN_RULES: Record<string, LintSeverity> = {
  "no-unresolved-refs": "error",
  "path-parameters-defined": "error",
  "path-declaration-must-exist": "error",
  "path-not-include-query": "error",
  "operation-parameters-unique": "error",
  "security-defined": "error",
  "no-undefined-server-variable": "error",
  "no-server-variables-empty-enum": "error",
  "operation-operationId-unique": "warn",
  "no-identical-paths": "warn",
  "no-enum-type-mismatch": "warn",
};

export interface LintOptions {
  /** Severities by rule id, as the config sets them (`ApiConfig.lint`): contractgen's and redocly's rules. */
  severities?: Record<string, LintSeverity>;
  /** The rule set the severities apply over (default "recommended"). */
  preset?: LintPreset;
  /** A redocly.yaml to use instead of the built-in redocly rules. */
  redoclyConfig?: string;
}

export async function lintSpec(spec: LoadedSpec, options: LintOptions = {}): Promise<LintProblem[]> {
  const severities = options.severities ?? {};
  const unknown = Object.keys(severities).filter((id) => id.startsWith(OWN_PREFIX) && !LINT_RULES.some((r) => r.id === id));
  if (unknown.length > 0) throw unknownRules(unknown);
  const problems = [...ownRules(spec, severities), ...(await redoclyProblems(spec, severities, options.preset ?? "recommended", options.redoclyConfig))];
  return problems.sort((a, b) => {
    const pa = a.error.position!;
    const pb = b.error.position!;
    return pa.file.localeCompare(pb.file) || pa.line - pb.line || pa.col - pb.col || a.rule.localeCompare(b.rule);
  });
}

function unknownRules(ids: string[]): UserError {
  return new UserError({
    kind: "usage",
    message: `unknown lint rule ${ids.map((id) => JSON.stringify(id)).join(", ")}`,
    hint: `the config's "lint" takes redocly's rule ids (https://redocly.com/docs/cli/rules) and contractgen's: ${LINT_RULES.map((r) => r.id).join(", ")}`,
  });
}

/** The severity of one of contractgen's rules: the config's, else the rule's default. */
export function severityOf(id: string, severities: Record<string, LintSeverity>): LintSeverity {
  return severities[id] ?? LINT_RULES.find((r) => r.id === id)?.severity ?? "off";
}

async function redoclyProblems(spec: LoadedSpec, severities: Record<string, LintSeverity>, preset: LintPreset, redoclyFile: string | undefined): Promise<LintProblem[]> {
  // Loaded here, not at start-up: every other command would pay for it (about 0.2 s).
  const redocly = createRequire(import.meta.url)("@redocly/openapi-core") as typeof import("@redocly/openapi-core");
  usePrototypeFreeTypes();
  const config = redoclyFile ? await projectRedoclyConfig(redocly, redoclyFile, spec.rootPath) : await redocly.createConfig({ extends: ["recommended"], rules: REDOCLY_RULES as never });
  const overrides = Object.entries(severities).filter(([id]) => !id.startsWith(OWN_PREFIX));
  if (preset === "foreign") keepOnly(config.styleguide, FOREIGN_RULES);
  overrideSeverities(config.styleguide, overrides);
  const results = await withLinearPatterns(spec, () => redocly.lintFromString({ source: spec.root.text, absoluteRef: spec.rootPath, config }));
  // A misspelt id would otherwise switch nothing on or off, silently.
  const unused = new Set(config.styleguide.getUnusedRules().rules);
  const unknown = overrides.map(([id]) => id).filter((id) => unused.has(id));
  if (unknown.length > 0) throw unknownRules(unknown);
  return results.flatMap((result): LintProblem[] => {
    if (result.severity === "off" as string) return [];
    const where = result.location[0];
    const file = spec.files.get(where?.source.absoluteRef ?? spec.rootPath) ?? spec.root;
    const pointer = decodeURI((where?.pointer ?? "#").replace(/^#/, ""));
    return [
      {
        rule: result.ruleId,
        severity: result.severity === "error" ? "error" : "warn",
        error: new UserError({
          kind: "spec",
          message: `${result.message} [${result.ruleId}]`,
          position: locate(file, pointer),
          pointer,
          ...(result.suggest.length > 0 ? { hint: `did you mean ${result.suggest.join(", ")}?` } : {}),
        }),
      },
    ];
  });
}

/**
 * The project's redocly.yaml, read by redocly's own loader; when it lists this spec under `apis:`,
 * that API's rules (as `redocly lint <alias>` would use them).
 */
async function projectRedoclyConfig(redocly: typeof import("@redocly/openapi-core"), file: string, specPath: string) {
  let config: Awaited<ReturnType<typeof redocly.loadConfig>>;
  try {
    config = await redocly.loadConfig({ configPath: file });
  } catch (err) {
    throw new UserError({ kind: "usage", message: `cannot read ${file}: ${String((err as Error)?.message ?? err).split("\n")[0]}`, position: { file, line: 1, col: 1 } });
  }
  const alias = Object.entries(config.apis).find(([, api]) => resolve(dirname(file), api.root) === specPath)?.[0];
  return alias ? redocly.getMergedConfig(config, alias) : config;
}

/** Set the config's severities on redocly's rules, keeping each rule's other settings. */
function overrideSeverities(styleguide: import("@redocly/openapi-core").StyleguideConfig, overrides: [string, LintSeverity][]): void {
  for (const rules of Object.values(styleguide.rules) as Record<string, unknown>[]) {
    for (const [id, severity] of overrides) {
      const current = rules[id];
      rules[id] = isRecord(current) ? { ...current, severity } : severity;
    }
  }
}

/** Switch every rule off but those listed, which get the listed severity (keeping each rule's other settings). */
function keepOnly(styleguide: import("@redocly/openapi-core").StyleguideConfig, kept: Record<string, LintSeverity>): void {
  for (const rules of Object.values(styleguide.rules) as Record<string, unknown>[]) {
    for (const id of Object.keys(rules)) {
      const current = rules[id];
      const severity = kept[id] ?? "off";
      rules[id] = isRecord(current) ? { ...current, severity } : severity;
    }
  }
}

/** contractgen's own rules, each at its configured severity (rules that are off are not run). */
export function ownRules(spec: LoadedSpec, severities: Record<string, LintSeverity> = {}): LintProblem[] {
  const problems: LintProblem[] = [];
  const root: Located = { value: spec.root.data, file: spec.rootPath, pointer: "" };
  const on = (rule: string) => severityOf(rule, severities) !== "off";
  const report = (rule: string, at: Located, message: string, hint?: string) => {
    const severity = severityOf(rule, severities);
    if (severity === "off") return;
    const file = spec.files.get(at.file) ?? spec.root;
    problems.push({ rule, severity, error: new UserError({ kind: "spec", message: `${message} [${rule}]`, position: locate(file, at.pointer), pointer: at.pointer, hint }) });
  };
  const standard = child(root, "x-standard-error-responses").value;
  const standardStatuses = Array.isArray(standard) ? standard.map(String) : [];
  const rootSecurity = child(root, "security").value;
  const methods = new Map<string, { label: string; operationId: string }>();

  forEachOperation(
    spec,
    ({ path, method, operation }) => {
      if (!isRecord(operation.value)) return;
      const op = operation.value;
      const label = `${method.toUpperCase()} ${path}`;
      const security = op.security ?? rootSecurity;
      if (on("contractgen/operation-security") && (!Array.isArray(security) || security.length === 0 || security.some((r) => !isRecord(r) || Object.keys(r).length === 0))) {
        report("contractgen/operation-security", operation, `${label} has no security requirement`, "every operation states how it is authorized");
      } else if (Array.isArray(security) && security.length > 0 && op["x-scopes-undocumented"] !== true) {
        const scopes = security.flatMap((r) => (isRecord(r) ? Object.values(r) : [])).flat();
        if (scopes.length === 0) {
          report("contractgen/operation-scopes", operation, `${label} names no required scope`, "list the scope in the security requirement, or set `x-scopes-undocumented: true` when the documents give none");
        }
      }
      const responses = isRecord(op.responses) ? op.responses : {};
      for (const status of standardStatuses) {
        if (!(status in responses)) report("contractgen/standard-error-responses", child(operation, "responses"), `${label} does not document the standard ${status} response`);
      }
      const methodName = typeof op.operationId === "string" ? operationNames(op.operationId)?.methodName : undefined;
      if (methodName === undefined) return;
      const first = methods.get(methodName);
      if (!first) methods.set(methodName, { label, operationId: op.operationId as string });
      else {
        report(
          "contractgen/method-name-collision",
          child(operation, "operationId"),
          `operationId "${op.operationId as string}" of ${label} gives the client method ${methodName}, as "${first.operationId}" of ${first.label} does`,
          "rename one of them; until then the second gets a numeric suffix",
        );
      }
    },
    { onError: () => undefined }, // a broken $ref is validate.ts's to report
  );
  return problems;
}
