/** What a rule is: an id, a default level, the direction data flows, its family and its message. */
import type { Args, Direction, Level } from "./core/types.ts";

export type Family =
  | "paths"
  | "parameters"
  | "request-bodies"
  | "responses"
  | "headers"
  | "media-types"
  | "security"
  | "schemas"
  | "properties"
  | "webhooks"
  | "components"
  | "error-codes"
  | "versions";

/**
 * oasdiff's `--exclude-elements` values contractgen takes. Only annotation changes are excluded; the
 * diff compares no titles, summaries or examples (they change no caller), so only rules that name an
 * element (`element: "description"`) are ever dropped.
 */
export const ELEMENTS = ["description", "examples", "title", "summary"] as const;
export type Element = (typeof ELEMENTS)[number];

/** One named check: what it is called, how bad it is, and how it reads. */
export interface Rule {
  id: string;
  level: Level;
  direction?: Direction;
  family: Family;
  /** The annotation the rule is about, when it is about one: `--exclude-elements` drops it. */
  element?: Element;
  /** One of oasdiff's optional checks: INFO unless `--include-checks` names it (then ERR). */
  optional?: true;
  message: (args: Args) => string;
}

/** ` (response 200, application/json)` when the finding has a context. */
export function context(a: Args): string {
  return a.context ? ` (${a.context})` : "";
}

export function code(text: string | undefined): string {
  return `\`${text ?? ""}\``;
}
