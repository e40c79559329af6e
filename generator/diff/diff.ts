/**
 * `diffSpecs`: compare two loaded specs and return every change, each named by a rule of the
 * registry, sorted by operation, location and id. Inputs are never modified; nothing depends on time.
 */
import { dirname, relative } from "node:path";
import { parseSourceFile, type LoadedSpec } from "../load.ts";
import { compareText } from "../order.ts";
import { diffParameters } from "./checks/parameters.ts";
import { diffPaths } from "./checks/paths.ts";
import { diffRequestBody } from "./checks/request-bodies.ts";
import { diffResponses } from "./checks/responses.ts";
import { diffSecurity } from "./checks/security.ts";
import type { DiffContext } from "./context.ts";
import { ruleById } from "./registry.ts";
import { SchemaDiffer } from "./schema.ts";
import type { Args, DiffOptions, DiffResult, Finding, Where } from "./types.ts";

/** `/paths/...` when the node is in the root file, else `other.yaml#/pointer` (relative to the root file). */
export function renderLocation(spec: LoadedSpec, where: Where): string {
  if (where.file === spec.rootPath) return where.pointer;
  return `${relative(dirname(spec.rootPath), where.file).split("\\").join("/")}#${where.pointer}`;
}

export function compareFindings(a: Finding, b: Finding): number {
  return compareText(a.api ?? "", b.api ?? "") || compareText(a.operation, b.operation) || compareText(a.location, b.location) || compareText(a.id, b.id);
}

export function diffSpecs(base: LoadedSpec, head: LoadedSpec, options: DiffOptions = {}): DiffResult {
  const findings = new Map<string, Finding>();
  const ctx: DiffContext = {
    base,
    head,
    schemas: new SchemaDiffer(base, head),
    report(operation: string, id: string, where: Where, args: Args = {}) {
      const rule = ruleById(id);
      const location = renderLocation(where.side === "base" ? base : head, where);
      const key = `${operation}\0${location}\0${id}`;
      if (findings.has(key)) return;
      findings.set(key, {
        id,
        level: rule.level,
        operation,
        location,
        message: rule.message(args),
        where,
        ...(options.api !== undefined ? { api: options.api } : {}),
      });
    },
  };
  diffPaths(ctx, (op) => {
    diffParameters(op);
    diffRequestBody(op);
    diffResponses(op);
    diffSecurity(op);
  });
  const sorted = [...findings.values()].sort(compareFindings);
  return { breaking: sorted.some((f) => f.level === "ERR"), findings: sorted };
}

/** A spec with nothing in it: the base side of an API that does not exist yet ("all added"). */
export function emptySpec(path: string): LoadedSpec {
  const root = parseSourceFile(path, "{}\n");
  return { rootPath: path, root, files: new Map([[path, root]]), hash: "" };
}
