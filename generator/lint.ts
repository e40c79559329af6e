/**
 * The spec gate (`contractgen lint`): @redocly/openapi-core's recommended rules, example validation,
 * and our own rules for the project's specs. Stricter than `generate`, which accepts any spec it can
 * turn into code (see validate.ts).
 */
import { createRequire } from "node:module";
import { UserError } from "./errors.ts";
import { locate, type LoadedSpec } from "./load.ts";
import { sortedEntries } from "./order.ts";
import { child, deref, type Located } from "./refs.ts";
import { HTTP_METHODS } from "./validate.ts";

export interface LintProblem {
  rule: string;
  severity: "error" | "warn";
  error: UserError;
}

const REDOCLY_RULES = {
  "no-invalid-media-type-examples": { severity: "error", allowAdditionalProperties: false },
  "no-invalid-schema-examples": { severity: "error", allowAdditionalProperties: false },
  "no-invalid-parameter-examples": { severity: "error", allowAdditionalProperties: false },
  "info-license": "off",
} as const;

export async function lintSpec(spec: LoadedSpec): Promise<LintProblem[]> {
  // Loaded here, not at start-up: every other command would pay for it (about 0.2 s).
  const { createConfig, lintFromString } = createRequire(import.meta.url)("@redocly/openapi-core") as typeof import("@redocly/openapi-core");
  const problems: LintProblem[] = [...ownRules(spec)];
  const config = await createConfig({ rules: REDOCLY_RULES as never }, { extends: ["recommended"] });
  const results = await lintFromString({ source: spec.root.text, absoluteRef: spec.rootPath, config });
  for (const result of results) {
    const where = result.location[0];
    const file = spec.files.get(where?.source.absoluteRef ?? spec.rootPath) ?? spec.root;
    const pointer = (where?.pointer ?? "#").replace(/^#/, "");
    problems.push({
      rule: result.ruleId,
      severity: result.severity === "error" ? "error" : "warn",
      error: new UserError({
        kind: "spec",
        message: `${result.message} [${result.ruleId}]`,
        position: locate(file, decodeURI(pointer)),
        pointer: decodeURI(pointer),
        ...(result.suggest.length > 0 ? { hint: `did you mean ${result.suggest.join(", ")}?` } : {}),
      }),
    });
  }
  return problems.sort((a, b) => {
    const pa = a.error.position!;
    const pb = b.error.position!;
    return pa.file.localeCompare(pb.file) || pa.line - pb.line || pa.col - pb.col || a.rule.localeCompare(b.rule);
  });
}

/**
 * contractgen's own rules: every operation has an operationId, a summary, a security requirement
 * with its scopes (or `x-scopes-undocumented: true`), and every error response the spec declares
 * standard (`x-standard-error-responses` at the root).
 */
export function ownRules(spec: LoadedSpec): LintProblem[] {
  const problems: LintProblem[] = [];
  const root: Located = { value: spec.root.data, file: spec.rootPath, pointer: "" };
  const standard = child(root, "x-standard-error-responses").value;
  const standardStatuses = Array.isArray(standard) ? standard.map(String) : [];
  const rootSecurity = child(root, "security").value;
  const report = (rule: string, at: Located, message: string, hint?: string) =>
    problems.push({
      rule,
      severity: "error",
      error: new UserError({ kind: "spec", message: `${message} [${rule}]`, position: locate(spec.files.get(at.file)!, at.pointer), pointer: at.pointer, hint }),
    });

  for (const [path] of sortedEntries(child(root, "paths").value as Record<string, unknown>)) {
    const pathItem = deref(spec, child(child(root, "paths"), path));
    for (const method of HTTP_METHODS) {
      if (child(pathItem, method).value === undefined) continue;
      const op = deref<Record<string, unknown>>(spec, child(pathItem, method));
      const label = `${method.toUpperCase()} ${path}`;
      if (typeof op.value.operationId !== "string") report("contractgen/operation-id", op, `${label} has no operationId`);
      if (typeof op.value.summary !== "string" || op.value.summary.trim() === "") {
        report("contractgen/operation-summary", op, `${label} has no summary`, "use the link text or heading of the documentation");
      }
      const security = op.value.security ?? rootSecurity;
      if (!Array.isArray(security) || security.length === 0 || security.some((r) => r === null || typeof r !== "object" || Object.keys(r).length === 0)) {
        report("contractgen/operation-security", op, `${label} has no security requirement`, "every operation states how it is authorized");
      } else if (op.value["x-scopes-undocumented"] !== true) {
        const scopes = security.flatMap((r) => Object.values(r as Record<string, unknown>)).flat();
        if (scopes.length === 0) {
          report("contractgen/operation-scopes", op, `${label} names no required scope`, "list the scope in the security requirement, or set `x-scopes-undocumented: true` when the documents give none");
        }
      }
      const responses = (op.value.responses ?? {}) as Record<string, unknown>;
      for (const status of standardStatuses) {
        if (!(status in responses)) {
          report("contractgen/standard-error-responses", child(op, "responses"), `${label} does not document the standard ${status} response`);
        }
      }
    }
  }
  return problems;
}
