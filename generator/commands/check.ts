/** `contractgen check`: generates in memory and fails, showing the first changed lines, where the disk differs. */
import { compareOutput, describeChange } from "./compare.ts";
import { generateOutputs } from "./generation.ts";
import { printNotices, type Command } from "./io.ts";
import { configFrom, specOptions } from "./spec-options.ts";

export const checkCommand: Command = {
  summary: "fail if the generated folders are not what the specs generate (for CI)",
  usage: `contractgen check [-c FILE]
contractgen check --spec FILE --out DIR [--name NAME]

Generates in memory and compares with the output folders on disk. Per stale file, prints the first
changed lines as a unified diff excerpt (- on disk, + generated); --verbose lists the files that match.

Options:
      --spec FILE    check one spec ad hoc, without a config (with --out, --name as for generate)

Exit codes: 0 up to date, 1 stale output or a spec problem, 2 usage or config error.`,
  options: { ...specOptions },
  async run(values, io) {
    const config = await configFrom(values, io);
    const run = await generateOutputs(config, undefined, io.progress);
    printNotices(run.generated, io);
    let stale = 0;
    for (const output of run.outputs) {
      for (const change of compareOutput(output)) {
        if (change.kind === "unchanged") {
          io.verbose(describeChange(output, change, io));
          continue;
        }
        stale++;
        io.err(describeChange(output, change, io));
      }
    }
    if (stale > 0) {
      io.err(`${stale} generated file(s) out of date: run \`${io.hint("generate")}\` and commit the result`);
      return 1;
    }
    io.out(`generated output is up to date (${run.generated.map((g) => g.api.name).join(", ")})`);
    return 0;
  },
};
