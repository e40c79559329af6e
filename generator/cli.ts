/**
 * `contractgen <command>`: parses arguments, runs one command from the table below, prints, and
 * decides the exit code in one place (0 ok, 1 spec error or stale output, 2 usage error, 70 a bug).
 */
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { colourEnabled, paint, paintDiagnostic } from "./findings/colour.ts";
import { generateOutputs, invocationFor, ms, printNotices, signalsHandled, writeGenerated, type Command, type CommandIo, type Env, type Invocation, type Io, type OptionValues } from "./commands/io.ts";
import { adHocConfig, loadConfig, type ResolvedConfig } from "./config/index.ts";
import { formatUserFailure, isUserFailure, UserError } from "./errors.ts";
import { readSourceFile } from "./spec/load.ts";
import { defaultApiName } from "./pipeline/naming.ts";
import { contractgenVersion } from "./package-root.ts";
import type { GeneratedApi, Output } from "./pipeline/run.ts";
import { isRecord } from "./spec/walk.ts";
import { cleanupTemporaryFolders, readFolder } from "./pipeline/write.ts";

/** Options every command takes, listed once under each command's help. */
const GLOBAL_OPTIONS = {
  config: { type: "string", short: "c" },
  quiet: { type: "boolean", short: "q" },
  verbose: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const GLOBAL_USAGE = `Options of every command:
  -c, --config FILE  config file (default: the nearest contractgen.config.json or .mjs,
                     looking in the current folder and then each folder above it)
  -q, --quiet        print errors only
      --verbose      print detail: stage timings, each file compared
  -h, --help         print this help`;

const specOptions = { spec: { type: "string" }, out: { type: "string" }, name: { type: "string" } } as const;

const generateCommand: Command = {
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

const checkCommand: Command = {
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

const watchCommand: Command = {
  summary: "regenerate whenever a spec, a file it references, a template or the config changes",
  usage: `contractgen watch [-c FILE] [--debounce MS]
contractgen watch --spec FILE --out DIR [--name NAME]

Regenerates on every save, only the APIs the saved file belongs to (all of them for a template or
the config). An invalid save prints the error and keeps the last good output. Ctrl-C stops.

Options:
      --debounce MS  wait this long after a save before regenerating (default 50)
      --spec FILE    watch one spec ad hoc, without a config (with --out, --name as for generate)`,
  options: { ...specOptions, debounce: { type: "string" } },
  interruptible: true,
  async run(values, io) {
    const debounceMs = values.debounce !== undefined ? Number(values.debounce) : 50;
    if (!Number.isFinite(debounceMs) || debounceMs < 0) throw new UserError({ kind: "usage", message: "--debounce takes milliseconds" });
    const config = await configFrom(values, io);
    const { watchAndRegenerate } = await import("./commands/watch.ts");
    await watchAndRegenerate({ config, io, debounceMs, signal: io.signal });
    io.out("stopped watching");
    return 0;
  },
};

/**
 * Every command; adding one is one line here. Modules load on use, so that a command pays only for
 * its own dependencies (diff's, lint's redocly) and a broken module breaks only its command.
 */
const commands: Record<string, () => Promise<Command>> = {
  init: async () => (await import("./commands/init.ts")).initCommand,
  generate: async () => generateCommand,
  check: async () => checkCommand,
  watch: async () => watchCommand,
  lint: async () => (await import("./lint/index.ts")).lintCommand,
  diff: async () => (await import("./diff/command.ts")).diffCommand,
  drift: async () => (await import("./drift/index.ts")).driftCommand,
  mock: async () => (await import("./mock/index.ts")).mockCommand,
  webhook: async () => (await import("./commands/webhook.ts")).webhookCommand,
};

async function mainUsage(): Promise<string> {
  const lines = await Promise.all(
    Object.entries(commands).map(async ([name, load]) => `  ${name.padEnd(9)} ${await load().then((c) => c.summary, (err: Error) => `(cannot load: ${err.message.split("\n")[0]})`)}`),
  );
  return `contractgen: OpenAPI to typed TypeScript clients with exhaustive error unions

Usage: contractgen <command> [options]

Commands:
${lines.join("\n")}

  -V, --version  print the version
  -h, --help     print this help

Run \`contractgen <command> --help\` (or \`contractgen help <command>\`) for a command's options.
Every command takes -c FILE, -q and --verbose. The config is the nearest contractgen.config.json
(or .mjs), looking up from the current folder.

Exit codes: 0 ok, 1 a spec problem, stale output or findings, 2 usage or config error, 70 a bug.`;
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const controller = new AbortController();
  let command: Command | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    // A long-running command ends itself on the first Ctrl-C; a second one (or any other command) exits now.
    if (command?.interruptible && !controller.signal.aborted) return controller.abort();
    cleanupTemporaryFolders();
    io.err(`interrupted (${signal}); output folders left as they were`);
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const errPaint = paint(colourEnabled({ isTTY: io.tty?.err }, io.env ?? {}));
  try {
    // `contractgen help generate` is `contractgen generate --help`
    const [name, ...rest] = argv[0] === "help" && argv[1] !== undefined ? [argv[1], "--help"] : argv;
    if (name === "--version" || name === "-V") {
      io.out(contractgenVersion());
      return 0;
    }
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      (name === undefined ? io.err : io.out)(await mainUsage());
      return name === undefined ? 2 : 0;
    }
    command = Object.hasOwn(commands, name) ? await commands[name]!() : undefined;
    if (!command) throw new UserError({ kind: "usage", message: `unknown command "${name}"`, hint: `commands: ${Object.keys(commands).join(", ")}` });
    let values: OptionValues;
    try {
      const parsed = parseArgs({ args: rest, options: { ...GLOBAL_OPTIONS, ...command.options }, strict: true, allowPositionals: command.positionals === true });
      values = command.positionals ? { ...parsed.values, positionals: parsed.positionals } : parsed.values;
    } catch (err) {
      throw new UserError({ kind: "usage", message: (err as Error).message, hint: `see \`contractgen ${name} --help\`` });
    }
    if (values.help) {
      io.out(commandHelp(command));
      return 0;
    }
    if (values.quiet && values.verbose) throw new UserError({ kind: "usage", message: "--quiet and --verbose cannot be combined" });
    return await command.run(values, commandIo(io, values, controller.signal));
  } catch (err) {
    if (isUserFailure(err)) {
      io.err(paintDiagnostic(spellCommands(formatUserFailure(err, io.cwd), { env: io.env ?? {}, cwd: io.cwd, script: io.script, carried: [] }), errPaint));
      return err.exitCode;
    }
    io.err(`internal error (please report): ${(err as Error)?.stack ?? String(err)}`);
    return 70;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/** A command's summary, its synopsis lines aligned under "Usage: ", its text, and the options every command takes. */
function commandHelp(command: Command): string {
  const lines = command.usage.split("\n");
  const synopsis = lines.findIndex((line) => !line.startsWith("contractgen "));
  const end = synopsis === -1 ? lines.length : synopsis;
  const usage = [`Usage: ${lines[0]}`, ...lines.slice(1, end).map((line) => `       ${line}`), ...lines.slice(end)].join("\n");
  return `${command.summary}\n\n${usage}\n\n${GLOBAL_USAGE}`;
}

function processIo(): Io {
  return {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    cwd: process.cwd(),
    env: process.env,
    tty: { out: process.stdout.isTTY === true, err: process.stderr.isTTY === true },
    script: process.argv[1],
  };
}

/** The caller's Io with -q / --verbose applied, colour decided per stream, and hints spelled as this run was. */
function commandIo(io: Io, values: OptionValues, signal: AbortSignal): CommandIo {
  const env: Env = io.env ?? {};
  const quiet = values.quiet === true;
  const verbose = values.verbose === true;
  const silent = () => {};
  const carried = (keys: readonly string[]) => keys.flatMap((key) => (typeof values[key] === "string" ? [key === "config" ? "-c" : `--${key}`, shellWord(values[key])] : []));
  return {
    ...io,
    env,
    out: quiet ? silent : io.out,
    warn: quiet ? silent : io.err,
    verbose: verbose ? io.err : silent,
    progress: !quiet && (verbose || io.tty?.err === true) ? io.err : silent,
    paint: { out: paint(colourEnabled({ isTTY: io.tty?.out }, env)), err: paint(colourEnabled({ isTTY: io.tty?.err }, env)) },
    signal,
    hint: (name, only) => invocationFor(name, { env, cwd: io.cwd, script: io.script, carried: carried(only ? ["config"] : ["config", "spec", "out", "name"]) }),
  };
}

/**
 * The commands a message names (`contractgen init --spec FILE`, in any module's hint), spelled the
 * way this run was started. An npm script takes no extra arguments without `--`: those stay npx.
 */
function spellCommands(text: string, how: Invocation): string {
  return text.replace(/`contractgen ([a-z]+)([^`]*)`/g, (_m, command: string, args: string) => {
    const spelled = invocationFor(command, how);
    return spelled.startsWith("npm run") && args.trim() !== "" ? `\`npx contractgen ${command}${args}\`` : `\`${spelled}${args}\``;
  });
}

function shellWord(text: string): string {
  return /^[\w./@:=+-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

async function configFrom(values: OptionValues, io: CommandIo): Promise<ResolvedConfig> {
  if (values.spec !== undefined || values.out !== undefined) {
    if (values.config !== undefined) throw new UserError({ kind: "usage", message: "--config cannot be combined with --spec/--out" });
    if (typeof values.spec !== "string" || typeof values.out !== "string") {
      throw new UserError({ kind: "usage", message: "--spec and --out go together", hint: "contractgen generate --spec FILE --out DIR" });
    }
    const name = typeof values.name === "string" ? values.name : undefined;
    return adHocConfig(values.spec, values.out, name, io.cwd, name ? undefined : nameFromSpec(resolve(io.cwd, values.spec)));
  }
  if (values.name !== undefined) throw new UserError({ kind: "usage", message: "--name goes with --spec and --out" });
  const config = await loadConfig(values.config as string | undefined, io.cwd);
  if (config.file) io.verbose(`config: ${relative(io.cwd, config.file) || config.file}`);
  return config;
}

/** The default API name of a `--spec` run, from the spec's `info.title` (or its file name); undefined when it cannot be read (the run then says why). */
function nameFromSpec(path: string): string | undefined {
  try {
    const data = readSourceFile(path).data;
    return defaultApiName(isRecord(data) && isRecord(data.info) && typeof data.info.title === "string" ? data.info.title : undefined, path);
  } catch {
    return undefined;
  }
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

export interface FileChange {
  name: string;
  kind: "added" | "changed" | "removed" | "unchanged";
  have?: string;
  want?: string;
}

/** Each file of an output folder against the disk, including files on disk the run no longer generates. */
export function compareOutput(output: Output): FileChange[] {
  const onDisk = readFolder(output.dir);
  const names = [...new Set([...output.files.keys(), ...onDisk.keys()])].sort();
  return names.map((name): FileChange => {
    const want = output.files.get(name);
    const have = onDisk.get(name);
    if (have === undefined) return { name, kind: "added", want };
    if (want === undefined) return { name, kind: "removed", have };
    return { name, kind: have === want ? "unchanged" : "changed", have, want };
  });
}

/** One changed file, as check reports it ("stale: ...") or as --dry-run --verbose does ("would ..."). */
function describeChange(output: Output, change: FileChange, io: CommandIo, as: "check" | "dry-run" = "check"): string {
  const path = relative(io.cwd, join(output.dir, change.name));
  const p = io.paint.err;
  const WORDING = {
    check: { added: `${path} is missing`, removed: `${path} is not generated any more`, changed: path, unchanged: `${path} is up to date` },
    "dry-run": { added: `would add ${path}`, removed: `would remove ${path}`, changed: `would change ${path}`, unchanged: `${path} is up to date` },
  } as const;
  const line = as === "check" && change.kind !== "unchanged" ? `${p.yellow("stale:")} ${WORDING.check[change.kind]}` : WORDING[as][change.kind];
  if (change.kind !== "changed") return line;
  const excerpt = diffExcerpt(change.have!, change.want!)
    .split("\n")
    .map((l) => `  ${l.startsWith("-") ? p.red(l) : l.startsWith("+") ? p.green(l) : l.startsWith("@@") ? p.cyan(l) : l}`);
  return [line, ...excerpt].join("\n");
}

function dryRunLine(output: Output, changes: FileChange[], cwd: string): string {
  const of = (kind: FileChange["kind"]) => changes.filter((c) => c.kind === kind).map((c) => c.name);
  const parts = (["added", "changed", "removed"] as const).filter((k) => of(k).length > 0).map((k) => `${k === "added" ? "add" : k === "changed" ? "change" : "remove"} ${of(k).join(", ")}`);
  const where = relative(cwd, output.dir) || ".";
  return parts.length === 0 ? `${where}: unchanged (${of("unchanged").length} files)` : `${where}: would ${parts.join("; ")}`;
}

/**
 * The first hunk of a unified diff between two texts (`-` on disk, `+` generated), with a little
 * context and at most `maxLines` changed lines: enough to see what changed, not a full diff.
 */
export function diffExcerpt(have: string, want: string, { context = 2, maxLines = 10, window = 200 } = {}): string {
  const a = have.split("\n");
  const b = want.split("\n");
  let first = 0;
  while (first < a.length && first < b.length && a[first] === b[first]) first++;
  // Where the two texts agree again: the fewest lines skipped on both sides before 3 equal lines (or both ends).
  const agrees = (i: number, j: number) => (i >= a.length && j >= b.length) || [0, 1, 2].every((k) => (i + k >= a.length && j + k >= b.length) || (a[i + k] !== undefined && a[i + k] === b[j + k]));
  let end: [number, number] = [a.length, b.length];
  search: for (let skipped = 1; skipped <= window; skipped++) {
    for (let da = 0; da <= skipped; da++) {
      const i = first + da;
      const j = first + skipped - da;
      if (i > a.length || j > b.length) continue;
      if (agrees(i, j)) {
        end = [i, j];
        break search;
      }
    }
  }
  const from = Math.max(0, first - context);
  const after = Math.min(context, a.length - end[0]);
  const removed = a.slice(first, end[0]);
  const added = b.slice(first, end[1]);
  const lines = [`@@ -${from + 1},${end[0] - from + after} +${from + 1},${end[1] - from + after} @@`];
  for (const line of a.slice(from, first)) lines.push(` ${line}`);
  const changed = [...removed.map((l) => `-${l}`), ...added.map((l) => `+${l}`)];
  lines.push(...changed.slice(0, maxLines));
  if (changed.length > maxLines) lines.push(`... ${changed.length - maxLines} more changed line(s)`);
  else for (const line of a.slice(end[0], end[0] + after)) lines.push(` ${line}`);
  return lines.join("\n");
}
