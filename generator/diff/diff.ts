/**
 * `diffSpecs`: compare two loaded specs and return every change, each named by a rule of the
 * registry, sorted by operation, location and id. The checks run in the registry's order. Inputs are
 * never modified; the day is injected.
 */
import { dirname, relative } from "node:path";
import type { LoadedSpec } from "../spec/load.ts";
import { parseSourceFile } from "../spec/parse.ts";
import { compareText } from "../spec/order.ts";
import type { ApiModel } from "../pipeline/model.ts";
import type { Settings } from "./core/context.ts";
import { SchemaDiffer } from "./core/schema.ts";
import { label, matchOperations } from "./core/operations.ts";
import type { Args, DiffResult, Finding, Level, Where } from "./core/types.ts";
import type { Element } from "./rule.ts";
import { CHECKS, ruleById, type DiffContext, type OperationContext, type RuleId } from "./registry.ts";

export interface DiffOptions extends Partial<Settings> {
  /** Label for the changes of this pair in multi-API output. */
  api?: string;
  /** Level overrides by id (oasdiff's --severity-levels); "NONE" drops the id. */
  levels?: ReadonlyMap<string, Level | "NONE">;
  /** Annotations whose changes are not reported (oasdiff's --exclude-elements). */
  excludeElements?: readonly Element[];
  /** The model of each side (surface.ts `modelOf`): error-code changes are read from them, when given. */
  models?: { base?: ApiModel; head?: ApiModel };
}

export const DEFAULT_SETTINGS: Omit<Settings, "now"> = { deprecationDaysBeta: 0, deprecationDaysStable: 0 };

/** `/paths/...` when the node is in the root file, else `other.yaml#/pointer` (relative to the root file). */
export function renderLocation(spec: LoadedSpec, where: Where): string {
  if (where.file === spec.rootPath) return where.pointer;
  return `${relative(dirname(spec.rootPath), where.file).split("\\").join("/")}#${where.pointer}`;
}

export function compareFindings(a: Finding, b: Finding): number {
  return compareText(a.api ?? "", b.api ?? "") || compareText(a.operation, b.operation) || compareText(a.location, b.location) || compareText(a.id, b.id);
}

/** `#/components/schemas/Card` when the node is inside a shared component: the edit reaches every operation using it. */
export function componentOf(location: string): string | undefined {
  const m = /^(?:([^#]*)#)?\/components\/([^/]+)\/([^/]+)/.exec(location);
  return m ? `${m[1] ?? ""}#/components/${m[2]}/${m[3]}` : undefined;
}

export function diffSpecs(base: LoadedSpec, head: LoadedSpec, options: DiffOptions = {}): DiffResult {
  const findings = new Map<string, Finding>();
  const settings: Settings = { ...DEFAULT_SETTINGS, now: new Date(), ...Object.fromEntries(Object.entries(options).filter(([k, v]) => v !== undefined && k in { now: 1, deprecationDaysBeta: 1, deprecationDaysStable: 1 })) };
  const ctx: DiffContext = {
    base,
    head,
    schemas: new SchemaDiffer(base, head),
    settings,
    ...(options.models?.base && options.models.head ? { models: { base: options.models.base, head: options.models.head } } : {}),
    report(operation: string, id: RuleId, where: Where, args: Args = {}) {
      const rule = ruleById(id);
      const level = options.levels?.get(id) ?? rule.level;
      if (level === "NONE" || (rule.element !== undefined && options.excludeElements?.includes(rule.element))) return;
      const location = renderLocation(where.side === "base" ? base : head, where);
      const key = `${operation}\0${location}\0${id}`;
      if (findings.has(key)) return;
      const component = componentOf(location);
      findings.set(key, {
        id,
        level,
        operation,
        location,
        message: rule.message(args),
        args,
        where,
        ...(options.api !== undefined ? { api: options.api } : {}),
        ...(component !== undefined ? { component } : {}),
      });
    },
  };
  for (const check of CHECKS) if ("spec" in check) check.spec(ctx);
  for (const op of operations(ctx)) for (const check of CHECKS) if ("operation" in check) check.operation(op);
  const breaking = [...findings.values()].some((f) => f.level === "ERR");
  for (const check of CHECKS) if ("after" in check) check.after(ctx, breaking);
  const sorted = [...findings.values()].sort(compareFindings);
  return { breaking: sorted.some((f) => f.level === "ERR"), findings: sorted };
}

/** The operations present on both sides: the paths', then the webhooks' (`POST webhook:cardCreated`). */
function operations(ctx: DiffContext): OperationContext[] {
  const out: OperationContext[] = [];
  for (const section of ["paths", "webhooks"] as const) {
    for (const [b, h] of matchOperations(ctx.base, ctx.head, section).both) {
      const webhook = section === "webhooks" ? h.path : undefined;
      out.push({
        ...ctx,
        operation: label(h.method, webhook === undefined ? h.path : `webhook:${webhook}`),
        baseOp: b.op,
        headOp: h.op,
        basePathItem: b.pathItem,
        headPathItem: h.pathItem,
        basePath: b.path,
        headPath: h.path,
        ...(webhook === undefined ? {} : { webhook }),
      });
    }
  }
  return out;
}

/** A spec with nothing in it: the base side of an API that does not exist yet ("all added"). */
export function emptySpec(path: string): LoadedSpec {
  const root = parseSourceFile(path, "{}\n");
  return { rootPath: path, root, files: new Map([[path, root]]), refRoot: dirname(path), notices: [] };
}
