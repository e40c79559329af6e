/** What every family's checks get: both specs, the schema differ, and one way to report a finding. */
import type { LoadedSpec } from "../load.ts";
import { deref, type Located } from "../refs.ts";
import { enumRuleId, ENUM_KINDS } from "./checks/enums.ts";
import { SUBJECTS, type Subject } from "./checks/schemas.ts";
import { enumChanges } from "./checks/enums.ts";
import { ownChanges } from "./checks/schemas.ts";
import type { FindingSet, SchemaDiffer } from "./schema.ts";
import type { Args, Where } from "./types.ts";
import { viewOf } from "./view.ts";

export interface DiffContext {
  base: LoadedSpec;
  head: LoadedSpec;
  schemas: SchemaDiffer;
  report(operation: string, id: string, where: Where, args?: Args): void;
}

/** One operation present on both sides. */
export interface OperationContext extends DiffContext {
  /** `POST /api/v2/billing/cards` (head's path). */
  operation: string;
  baseOp: Located;
  headOp: Located;
  basePathItem: Located;
  headPathItem: Located;
}

export function at(side: "base" | "head", node: Located): Where {
  return { side, file: node.file, pointer: node.pointer };
}

/** The rule id of an own schema change once its subject is known. */
export function schemaRuleId(subject: Subject, kind: string): string {
  return ENUM_KINDS.has(kind) ? enumRuleId(subject, kind) : `${subject}-${kind}`;
}

/**
 * Report the findings of a schema comparison. Own changes at the top schema get the top subject
 * (`request-body-type-changed`); deeper ones are about properties (`request-property-type-changed`).
 */
export function reportSchema(ctx: OperationContext, set: FindingSet, top: { subject: Subject; head: Located; context: string; name?: string }): void {
  const node = ctx.schemas.headNode(top.head);
  const direction = SUBJECTS[top.subject].direction;
  for (const f of set.values()) {
    if (!f.own) {
      ctx.report(ctx.operation, f.kind, f.where, { ...f.args, context: top.context });
      continue;
    }
    const isTop = f.where.side === "head" && f.where.file === node.file && f.where.pointer === node.pointer;
    const subject: Subject = isTop ? top.subject : direction === "request" ? "request-property" : "response-property";
    const args: Args = isTop ? { ...f.args, name: top.name ?? "", context: top.context } : { ...f.args, context: top.context };
    ctx.report(ctx.operation, schemaRuleId(subject, f.kind), f.where, args);
  }
}

/** Own keywords only (no children): parameters and headers. */
export function reportShallow(ctx: OperationContext, base: Located, head: Located, top: { subject: Subject; where: Located; context: string; name: string }): void {
  const bv = viewOf(ctx.base, base);
  const hv = viewOf(ctx.head, head);
  for (const change of [...ownChanges(bv, hv, SUBJECTS[top.subject].direction), ...enumChanges(bv, hv)]) {
    ctx.report(ctx.operation, schemaRuleId(top.subject, change.kind), at("head", top.where), { ...change.args, name: top.name, context: top.context });
  }
}

export function record(node: Located): Record<string, unknown> {
  return node.value !== null && typeof node.value === "object" && !Array.isArray(node.value) ? (node.value as Record<string, unknown>) : {};
}

export function derefIn(spec: LoadedSpec, node: Located): Located {
  return deref(spec, node);
}
