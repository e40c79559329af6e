/**
 * Error codes, beyond oasdiff: read from the `ApiModel` of each side (the error-union members the
 * generated client declares), so they follow the API's envelope (Problem Details `code`, or any
 * configured one). A code added to a documented error response breaks callers' exhaustive `switch`es
 * on `error.code` (WARN); a documented error status added does the same for `error.status`.
 * Removals narrow the union: nothing a caller handles stops compiling (INFO).
 */
import type { ApiModel, ErrorMemberModel, OperationModel } from "../../pipeline/model.ts";
import { compareText } from "../../spec/order.ts";
import { toPointer } from "../../spec/pointer.ts";
import { label } from "../core/operations.ts";
import type { DiffContext } from "../registry.ts";
import type { Rule } from "../rule.ts";

export const errorCodeRules = [
  {
    id: "response-error-code-added",
    level: "WARN",
    direction: "response",
    family: "error-codes",
    message: (a) => `error code(s) ${a.values} added to the ${a.status} response: \`${a.name}\` gains them, so an exhaustive \`switch\` on \`error.code\` in callers no longer covers every case`,
  },
  { id: "response-error-code-removed", level: "INFO", direction: "response", family: "error-codes", message: (a) => `error code(s) ${a.values} no longer documented for the ${a.status} response (\`${a.name}\`)` },
  {
    id: "response-error-status-added",
    level: "WARN",
    direction: "response",
    family: "error-codes",
    message: (a) => `documented error response ${a.status} added: \`${a.name}\` gains the member ${a.member}, so an exhaustive \`switch\` on \`error.status\` in callers no longer covers every case`,
  },
  { id: "response-error-status-removed", level: "INFO", direction: "response", family: "error-codes", message: (a) => `documented error response ${a.status} removed: \`${a.name}\` loses the member ${a.member}` },
] as const satisfies readonly Rule[];

/** The generated type of one error response: `DocumentedError<409, "conflict" | "gone", ...>`. */
export function unionMember(error: ErrorMemberModel): string {
  const status = error.statusNumber ?? "number";
  const code = error.codeKind === "pinned" ? (error.codes ?? []).map((c) => JSON.stringify(c)).join(" | ") : error.codeKind === "open" ? "string" : "undefined";
  return `\`DocumentedError<${status}, ${code}, ...>\``;
}

/** Operations matched by method and path, path parameter names aside (as the rules match them). */
function operationKey(op: OperationModel): string {
  return `${op.method} ${op.path.replace(/\{[^}]*\}/g, "{}")}`;
}

const quoted = (codes: string[]) => codes.map((c) => `\`${c}\``).join(", ");

function responsePointer(op: OperationModel, status: string): string {
  return toPointer(["paths", op.path, op.method, "responses", status]);
}

function diffOperationErrors(ctx: DiffContext, b: OperationModel, h: OperationModel): void {
  const operation = label(h.method, h.path);
  const was = new Map(b.errors.map((e) => [e.status, e]));
  const now = new Map(h.errors.map((e) => [e.status, e]));
  const statuses = [...new Set([...was.keys(), ...now.keys()])].sort(compareText);
  for (const status of statuses) {
    const be = was.get(status);
    const he = now.get(status);
    const head = { side: "head" as const, file: ctx.head.rootPath, pointer: responsePointer(h, status) };
    if (!be) {
      ctx.report(operation, "response-error-status-added", head, { status, name: `${h.typeName}Error`, member: unionMember(he!) });
      continue;
    }
    if (!he) {
      ctx.report(operation, "response-error-status-removed", { side: "base", file: ctx.base.rootPath, pointer: responsePointer(b, status) }, { status, name: `${b.typeName}Error`, member: unionMember(be) });
      continue;
    }
    if (be.codeKind !== "pinned" || he.codeKind !== "pinned") continue;
    const added = (he.codes ?? []).filter((c) => !(be.codes ?? []).includes(c));
    const removed = (be.codes ?? []).filter((c) => !(he.codes ?? []).includes(c));
    const args = { status, name: `${h.typeName}Error` };
    if (added.length > 0) ctx.report(operation, "response-error-code-added", head, { ...args, values: quoted(added) });
    if (removed.length > 0) ctx.report(operation, "response-error-code-removed", head, { ...args, values: quoted(removed) });
  }
}

/** Error-union changes of every operation present on both sides (added and removed operations are reported as such). */
export function diffErrorCodes(ctx: DiffContext): void {
  if (!ctx.models) return;
  const { base, head } = ctx.models;
  const baseOps = new Map(base.operations.map((op) => [operationKey(op), op]));
  for (const h of head.operations) {
    const b = baseOps.get(operationKey(h));
    if (b) diffOperationErrors(ctx, b, h);
  }
}
