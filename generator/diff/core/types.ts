/** Types shared by the contract diff: levels, locations, findings and the public change record. */

/** ERR breaks existing callers, WARN may break them, INFO is safe. */
export type Level = "ERR" | "WARN" | "INFO";

export const LEVELS: readonly Level[] = ["ERR", "WARN", "INFO"];

/** Which way data flows: a change that is safe in a response can break in a request, and the other way round. */
export type Direction = "request" | "response";

/** Message arguments, by name. Every value is already a display string. */
export type Args = Readonly<Record<string, string>>;

/** Where a finding points: a node of the base spec (for removals) or of the head spec. */
export interface Where {
  side: "base" | "head";
  /** Absolute path of the file holding the node. */
  file: string;
  pointer: string;
}

/** A change as printed: the public record of the JSON format. */
export interface Change {
  id: string;
  level: Level;
  /** `POST /api/v2/billing/cards`. */
  operation: string;
  /** JSON pointer into head (or base, for removals); `file#pointer` when the node is not in the root file. */
  location: string;
  message: string;
}

/** A change plus what the formats need to position and group it. */
export interface Finding extends Change {
  where: Where;
  /** Set when the spec is one of several (config mode). */
  api?: string;
  /** The shared component the change is in (`#/components/schemas/Card`), when it is in one: grouped reports. */
  component?: string;
  /** The message's arguments, for renderers that quote each spec string in their own way. */
  args?: Args;
}

export interface DiffResult {
  breaking: boolean;
  findings: Finding[];
}
