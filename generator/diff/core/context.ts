/**
 * What every check gets: both specs, the schema differ, the settings, and one way to report a finding.
 * Generic in the id type so that the core knows nothing of the rule files; the registry fixes it to
 * `RuleId`, which makes an unknown id a compile error.
 */
import type { ApiModel } from "../../pipeline/model.ts";
import type { LoadedSpec } from "../../spec/load.ts";
import type { Located } from "../../spec/refs.ts";
import { isRecord } from "../../spec/walk.ts";
import type { SchemaDiffer } from "./schema.ts";
import type { Args, Where } from "./types.ts";

/** Inputs to the checks that are not in the specs: the day it is, and the deprecation policy. */
export interface Settings {
  /** Today (injected, so results never depend on the clock). */
  now: Date;
  /** Days a deprecated beta operation must stay before its sunset (oasdiff's --deprecation-days-beta). */
  deprecationDaysBeta: number;
  /** Days a deprecated stable operation must stay (oasdiff's --deprecation-days-stable). */
  deprecationDaysStable: number;
}

export interface DiffContext<Id extends string = string> {
  base: LoadedSpec;
  head: LoadedSpec;
  schemas: SchemaDiffer;
  settings: Settings;
  /** The model of each side, when given: error-code changes are read from them. */
  models?: { base: ApiModel; head: ApiModel };
  report(operation: string, id: Id, where: Where, args?: Args): void;
}

/** One operation present on both sides. */
export interface OperationContext<Id extends string = string> extends DiffContext<Id> {
  /** `POST /api/v2/billing/cards` (head's path). */
  operation: string;
  baseOp: Located;
  headOp: Located;
  basePathItem: Located;
  headPathItem: Located;
  basePath: string;
  headPath: string;
  /** The webhook's name when the operation is a webhook: the API calls the receiver, who reads the request body. */
  webhook?: string;
}

export function at(side: "base" | "head", node: Located): Where {
  return { side, file: node.file, pointer: node.pointer };
}

export function record(node: Located): Record<string, unknown> {
  return isRecord(node.value) ? node.value : {};
}

export function rootOf(spec: LoadedSpec): Located {
  return { value: spec.root.data, file: spec.rootPath, pointer: "" };
}
