/** The shape of a CLI command, shared by cli.ts and commands that live in their own folder (diff/). */
import type { ParseArgsConfig } from "node:util";

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  cwd: string;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface Command {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  /** Resolves to the exit code; throws UserError for anything the user can fix. */
  run(values: OptionValues, io: Io): Promise<number>;
}
