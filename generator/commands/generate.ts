/** `contractgen generate`: every configured API (or one `--spec`) and the shared runtime, written or, with --dry-run, compared. */
import { relative } from "node:path";
import { compareOutput, describeChange, type FileChange } from "./compare.ts";
import { generateOutputs, signalsHandled, writeGenerated } from "./generation.ts";
import { ms, printNotices, type Command, type CommandIo } from "./io.ts";
import { configFrom, specOptions } from "./spec-options.ts";
import type { GeneratedApi, Output } from "../pipeline/run.ts";
import { describePagination } from "../pipeline/pagination.ts";

export const generateCommand: Command = {
  summary: "generate the typed clients into their output folders",
  usage: `contractgen generate [-c FILE] [--dry-run]
contractgen generate --spec FILE --out DIR [--name NAME] [--dry-run]

Writes each API's folder and the shared runtime folder, each in one swap: a failure or Ctrl-C
leaves the previous output as it was. Prints the pipeline's warnings and each folder written.

Options:
      --spec FILE    generate one spec ad hoc, without a config
      --out DIR      output folder for --spec (the runtime goes in DIR/runtime)
      --name NAME    API name for --spec (default: from the spec's title or file name)
      --dry-run      print what would change, write nothing

Exit codes: 0 generated, 1 a spec problem or a failed write, 2 usage or config error (or an output
folder that holds files contractgen did not write).`,
  options: { ...specOptions, "dry-run": { type: "boolean" } },
  async run(values, io) {
    const config = await configFrom(values, io);
    const start = performance.now();
    const run = await generateOutputs(config, undefined, io.progress);
    printNotices(run.generated, io);
    for (const g of run.generated) for (const line of pagingLines(g)) io.verbose(`  ${g.api.name}: ${line}`);
    if (values["dry-run"]) {
      const changes = run.outputs.map((o) => ({ output: o, changes: compareOutput(o) }));
      for (const { output, changes: c } of changes) io.out(dryRunLine(output, c, io.cwd));
      for (const { output, changes: c } of changes) for (const change of c.filter((c) => c.kind !== "unchanged")) io.verbose(describeChange(output, change, io, "dry-run"));
      io.out(`dry run: nothing written (${ms(performance.now() - start)})`);
      return 0;
    }
    await signalsHandled();
    const results = writeGenerated(run);
    const changed = new Map(results.map((r) => [r.dir, r.changed]));
    for (const g of run.generated) {
      io.out(summaryLine(g, changed.get(g.api.output) ?? false, io));
      io.verbose(`  ${g.api.name}: ${stageTimings(g)}`);
    }
    for (const output of run.outputs.filter((o) => !run.generated.some((g) => g.api.output === o.dir))) {
      io.out(`runtime: ${wroteOrUnchanged(changed.get(output.dir) ?? false, io)} ${relative(io.cwd, output.dir) || "."}/ (${output.files.size} files)`);
    }
    io.out(`done in ${ms(performance.now() - start)}`);
    return 0;
  },
};

/** How each operation pages, or why one that looks paged was left out (`generate --verbose`). */
function pagingLines(g: GeneratedApi): string[] {
  return g.model.operations.flatMap((o) => (o.pagination ? [describePagination(o.operationId, o.pagination)] : []));
}

function summaryLine(g: GeneratedApi, changed: boolean, io: CommandIo): string {
  const t = g.timings;
  const total = t.load + t.validate + t.model + t.render + Math.max(t.emit, t.format);
  return `${g.api.name}: ${wroteOrUnchanged(changed, io)} ${relative(io.cwd, g.api.output) || "."}/ (${g.files.size} files) in ${ms(total)}`;
}

function wroteOrUnchanged(changed: boolean, io: CommandIo): string {
  return changed ? io.paint.out.green("wrote") : io.paint.out.dim("unchanged");
}

function stageTimings(g: GeneratedApi): string {
  const t = g.timings;
  return `load ${ms(t.load)}, validate ${ms(t.validate)}, model ${ms(t.model)}, render ${ms(t.render)}, emit ${ms(t.emit)} | format ${ms(t.format)} in parallel`;
}


function dryRunLine(output: Output, changes: FileChange[], cwd: string): string {
  const of = (kind: FileChange["kind"]) => changes.filter((c) => c.kind === kind).map((c) => c.name);
  const parts = (["added", "changed", "removed"] as const).filter((k) => of(k).length > 0).map((k) => `${k === "added" ? "add" : k === "changed" ? "change" : "remove"} ${of(k).join(", ")}`);
  const where = relative(cwd, output.dir) || ".";
  return parts.length === 0 ? `${where}: unchanged (${of("unchanged").length} files)` : `${where}: would ${parts.join("; ")}`;
}
