/**
 * The generated-client change, read from the `ApiModel` of each side (the data the templates loop
 * over): operations, client methods, error-union members and exported type names. No generation, no
 * temporary folder, no TypeScript parse. No other tool shows this.
 */
import { apiConfig, type ApiConfig } from "../config/index.ts";
import { formatUserFailure, isUserFailure } from "../errors.ts";
import type { LoadedSpec } from "../spec/load.ts";
import { buildModel, type ApiModel, type ErrorMemberModel } from "../pipeline/model.ts";
import { compareText } from "../spec/order.ts";

export interface Surface {
  operations: string[];
  methods: string[];
  /** `ListSavedCardsError: 404 not_found`. */
  errors: string[];
  types: string[];
}

export interface SurfaceDelta {
  added: string[];
  removed: string[];
}

export interface SurfaceDiff {
  api: string;
  operations: SurfaceDelta;
  methods: SurfaceDelta;
  errors: SurfaceDelta;
  types: SurfaceDelta;
  /** Why a side could not be modelled, if it could not. */
  problems: string[];
}

export const EMPTY_SURFACE: Surface = { operations: [], methods: [], errors: [], types: [] };

/** `DocumentedError<404, "not_found">` members of an error union, one per pinned code (else `string` / `undefined`). */
export function errorMembers(error: ErrorMemberModel): string[] {
  const status = error.statusNumber ?? "number";
  if (error.codeKind === "pinned") return (error.codes ?? []).map((code) => `${status} ${code}`);
  return [`${status} ${error.codeKind === "open" ? "string" : "undefined"}`];
}

function componentNames(spec: LoadedSpec): string[] {
  const components = (spec.root.data as Record<string, unknown> | null)?.components;
  if (!components || typeof components !== "object") return [];
  const out: string[] = [];
  for (const [group, members] of Object.entries(components as Record<string, unknown>)) {
    if (group === "securitySchemes" || !members || typeof members !== "object") continue;
    for (const name of Object.keys(members as object)) out.push(`components["${group}"][${JSON.stringify(name)}]`);
  }
  return out;
}

/** The exported API of the client generated from `model` (and the component types of `spec`). */
export function surfaceOf(model: ApiModel, spec: LoadedSpec): Surface {
  const sorted = (list: Iterable<string>) => [...new Set(list)].sort(compareText);
  const hasClient = model.operations.length > 0;
  const types = [
    ...(hasClient ? [`${model.typeName}Client`, `${model.typeName}ClientOptions`, `${model.typeName}Credentials`, `${model.typeName}Operations`, `create${model.typeName}Client`] : []),
    ...model.operations.flatMap((op) => [`${op.typeName}Data`, `${op.typeName}Error`]),
    ...componentNames(spec),
  ];
  return {
    operations: sorted(model.operations.map((op) => op.operationId)),
    methods: sorted(model.operations.map((op) => op.methodName)),
    errors: sorted(model.operations.flatMap((op) => op.errors.flatMap((e) => errorMembers(e).map((m) => `${op.typeName}Error: ${m}`)))),
    types: sorted(types),
  };
}

function delta(base: string[], head: string[]): SurfaceDelta {
  const was = new Set(base);
  const now = new Set(head);
  return { added: head.filter((x) => !was.has(x)), removed: base.filter((x) => !now.has(x)) };
}

function errorType(member: string): string {
  return member.slice(0, member.indexOf(":"));
}

export function compareSurfaces(api: string, base: Surface, head: Surface, problems: string[] = []): SurfaceDiff {
  const baseTypes = new Set(base.errors.map(errorType));
  const headTypes = new Set(head.errors.map(errorType));
  return {
    api,
    operations: delta(base.operations, head.operations),
    methods: delta(base.methods, head.methods),
    // Members of an error type that exists on both sides; a whole type added or removed is in `types`.
    errors: delta(
      base.errors.filter((e) => headTypes.has(errorType(e))),
      head.errors.filter((e) => baseTypes.has(errorType(e))),
    ),
    types: delta(base.types, head.types),
    problems,
  };
}

/** The model of one side, or why there is none (a side that cannot be modelled is reported, not thrown). */
export function modelOf(spec: LoadedSpec, api: Pick<ApiConfig, "name" | "errorEnvelope"> & Partial<ApiConfig>): ApiModel | string {
  try {
    // Names and error unions only: paging, headers and streams are not part of what this section compares.
    return buildModel(spec, apiConfig({ output: "", ...api, spec: spec.rootPath }), spec.rootPath, { io: false });
  } catch (err) {
    if (isUserFailure(err)) return formatUserFailure(err, process.cwd()).split("\n")[0]!;
    if (err instanceof Error) return err.message;
    throw err;
  }
}

type ApiSettings = Pick<ApiConfig, "name" | "errorEnvelope"> & Partial<ApiConfig>;

/** A side's model, or why it has none; undefined for a side that does not exist. */
export type SideModel = ApiModel | string | undefined;

/** The models of both sides, built once: the error-code rules and the generated-client section share them. */
export function modelsOf(api: ApiSettings, base: LoadedSpec | undefined, head: LoadedSpec): { base: SideModel; head: SideModel } {
  return { base: base && modelOf(base, api), head: modelOf(head, api) };
}

/** The generated-client change from the models of both sides. */
export function surfaceDiff(api: string, sides: { base: SideModel; head: SideModel }, specs: { base: LoadedSpec | undefined; head: LoadedSpec }): SurfaceDiff {
  const problems: string[] = [];
  const side = (label: "base" | "head"): Surface => {
    const model = sides[label];
    const spec = specs[label];
    if (model === undefined || spec === undefined) return EMPTY_SURFACE;
    if (typeof model === "string") {
      problems.push(`${label} could not be modelled: ${model}`);
      return EMPTY_SURFACE;
    }
    return surfaceOf(model, spec);
  };
  return compareSurfaces(api, side("base"), side("head"), problems);
}

export function diffSurfaces(api: ApiSettings, base: LoadedSpec | undefined, head: LoadedSpec): SurfaceDiff {
  return surfaceDiff(api.name, modelsOf(api, base, head), { base, head });
}

/** The models as `diffSpecs` takes them: only the sides that could be modelled. */
export function modelOptions(sides: { base: SideModel; head: SideModel }): { base?: ApiModel; head?: ApiModel } {
  const ok = (m: SideModel) => (typeof m === "object" ? m : undefined);
  return { base: ok(sides.base), head: ok(sides.head) };
}

export function surfaceIsEmpty(diff: SurfaceDiff): boolean {
  return [diff.operations, diff.methods, diff.errors, diff.types].every((d) => d.added.length === 0 && d.removed.length === 0) && diff.problems.length === 0;
}
