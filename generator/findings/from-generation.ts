/**
 * What generating noticed but did not refuse, as findings: the loader's notes (a converted Swagger 2.0
 * document, patterns run on re2js), the spec's positioned warnings (a schema left unchecked, a pattern
 * RE2 cannot run) and the model's warnings (a synthesised operationId, a renamed method).
 */
import type { UserError } from "../errors.ts";
import { untrusted, type Finding } from "./finding.ts";

/** Where a spec keeps what loading and validating it noticed (spec/load.ts's LoadedSpec). */
export interface SpecNotices {
  notices?: readonly string[];
  warnings?: readonly UserError[];
}

/** A spec's warnings, then its notes. */
export function specFindings(spec: SpecNotices): Finding[] {
  return [
    ...(spec.warnings ?? []).map(warningFinding),
    ...(spec.notices ?? []).map((notice): Finding => ({ rule: "load-note", level: "note", message: untrusted(notice) })),
  ];
}

/** One generated API's findings: its spec's, then its model's. */
export function generationFindings(spec: SpecNotices, model: { warnings: readonly string[] }): Finding[] {
  return [...specFindings(spec), ...model.warnings.map((warning): Finding => ({ rule: "model-warning", level: "warning", message: untrusted(warning) }))];
}

/** A positioned warning: its message and hint may quote the spec anywhere, so wholly untrusted. */
function warningFinding(err: UserError): Finding {
  return {
    rule: "spec-warning",
    level: "warning",
    message: untrusted(err.message),
    ...(err.position ? { position: err.position } : {}),
    ...(err.pointer !== undefined ? { pointer: err.pointer } : {}),
    ...(err.hint ? { hint: untrusted(err.hint) } : {}),
  };
}
