/** `contractgen diff`: placeholder until the contract diff lands (issue 6). */
import type { Command } from "../command.ts";
import { UserError } from "../errors.ts";

export const diffCommand: Command = {
  summary: "report contract changes between two versions of a spec (not implemented yet)",
  usage: "contractgen diff --base <file | ref:path> --head <file | ref:path>",
  options: { base: { type: "string" }, head: { type: "string" } },
  async run() {
    throw new UserError({ kind: "usage", message: "contractgen diff is not implemented yet" });
  },
};
