/**
 * What lives beside the paths: shared schemas removed from `components`, and the versioning policy: a
 * breaking change whose `info.version` does not say so.
 * @see https://spec.openapis.org/oas/v3.1.0#components-object
 */
import { compareText } from "../../spec/order.ts";
import { child } from "../../spec/refs.ts";
import { at, record, rootOf } from "../core/context.ts";
import type { DiffContext } from "../registry.ts";
import type { Rule } from "../rule.ts";
import { GLOBAL } from "./security.ts";

export const componentRules = [
  { id: "api-schema-removed", level: "INFO", family: "components", optional: true, message: (a) => `removed the schema \`${a.name}\` from components` },
] as const satisfies readonly Rule[];

export const versionRules = [
  { id: "api-version-not-bumped", level: "INFO", family: "versions", message: (a) => `a breaking change was found but the version is still ${a.from}` },
  { id: "api-version-decreased", level: "INFO", family: "versions", message: (a) => `a breaking change was found and the version decreased from ${a.from} to ${a.to}` },
  { id: "api-major-version-not-bumped", level: "INFO", family: "versions", message: (a) => `a breaking change was found but the major version did not increase (${a.from} to ${a.to})` },
] as const satisfies readonly Rule[];

export function diffComponents(ctx: DiffContext): void {
  const b = child(child(rootOf(ctx.base), "components"), "schemas");
  const h = record(child(child(rootOf(ctx.head), "components"), "schemas"));
  for (const name of Object.keys(record(b)).sort(compareText)) if (!Object.hasOwn(h, name)) ctx.report(GLOBAL, "api-schema-removed", at("base", child(b, name)), { name });
}

/** Strict semver `1.2.3` (a `v` allowed): other version strings say nothing to check. */
function semver(version: string): [number, number, number] | undefined {
  const m = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** After the checks: does `info.version` own up to the breaking changes found? */
export function diffVersion(ctx: DiffContext, breaking: boolean): void {
  const from = String(record(child(rootOf(ctx.base), "info")).version ?? "");
  const to = String(record(child(rootOf(ctx.head), "info")).version ?? "");
  const a = semver(from);
  const b = semver(to);
  if (!breaking || !a || !b) return;
  const where = at("head", child(child(rootOf(ctx.head), "info"), "version"));
  const order = b[0] - a[0] || b[1] - a[1] || b[2] - a[2];
  // In 0.x a minor bump is the major one (semver).
  const major = a[0] === 0 && b[0] === 0 ? b[1] > a[1] : b[0] > a[0];
  if (from === to) ctx.report(GLOBAL, "api-version-not-bumped", where, { from });
  else if (order <= 0) ctx.report(GLOBAL, "api-version-decreased", where, { from, to });
  else if (!major) ctx.report(GLOBAL, "api-major-version-not-bumped", where, { from, to });
}
