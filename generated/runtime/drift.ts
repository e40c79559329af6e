/**
 * The contractgen 0.1.0 runtime, shared by every generated API folder beside it.
 * Do not edit: it is copied from contractgen's templates/runtime/ by `contractgen generate`.
 * It is type-checked where it is written, in contractgen (strict, with and without Node types),
 * so an application's tsc skips it; every export's type is written out, so none is inferred here.
 */
// @ts-nocheck

/**
 * Contract drift: a response that differs from the spec is reported to the application's
 * `onContractDrift` hook, redacted, and never allowed to break the call.
 */
import type { DriftReport } from "./errors.js";
import { redactDeep, type Redact } from "./policy.js";
import type { CallMeta } from "./types.js";

export type DriftHook = (report: DriftReport) => void;

/** `redact` is the redactor of the call being decoded (undefined: no secret known). */
export function reportDrift(
  hook: DriftHook,
  redact: Redact | undefined,
  operation: CallMeta,
  response: Response,
  found: Pick<DriftReport, "reason" | "undocumentedCode" | "item" | "mismatches">,
): void {
  const clean = redact ?? ((text: string) => text);
  const report: DriftReport = {
    operationId: operation.operationId,
    method: operation.method.toUpperCase(),
    path: operation.path,
    status: response.status,
    contentType: response.headers.get("Content-Type") ?? undefined,
    ...(found.reason !== undefined ? { reason: found.reason } : {}),
    ...(found.undocumentedCode !== undefined ? { undocumentedCode: clean(found.undocumentedCode) } : {}),
    // An item's event name and id are the server's text, and may echo a secret.
    ...(found.item ? { item: redact ? redactDeep(found.item, redact) : found.item } : {}),
    mismatches: found.mismatches.map((m) => ({
      pointer: clean(m.pointer),
      expected: m.expected,
      actual: clean(m.actual),
    })),
  };
  try {
    const returned: unknown = hook(report);
    // An async hook's rejection must not become an unhandled rejection.
    if (returned instanceof Promise) returned.catch(() => undefined);
  } catch {
    // A failing hook must not turn a response into a failure.
  }
}
