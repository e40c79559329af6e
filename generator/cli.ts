/**
 * `contractgen <command>`: parses arguments, runs one command from the table below, prints, and
 * decides the exit code in one place (0 ok, 1 spec error or stale output, 2 usage error, 70 a bug).
 * Each command is a module of commands/, loaded on use.
 */
import { parseArgs } from "node:util";
import { colourEnabled, paint, paintDiagnostic } from "./findings/colour.ts";
import { terminalLines } from "./findings/escape.ts";
import { invocationFor, shellWord, spellCommands } from "./commands/hints.ts";
import type { Command, CommandIo, Env, Io, OptionValues } from "./commands/io.ts";
import { formatUserFailure, isUserFailure, UserError } from "./errors.ts";
import { contractgenVersion } from "./package-root.ts";
import { cleanupTemporaryFolders } from "./pipeline/write.ts";

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

/**
 * Every command; adding one is one line here. Modules load on use, so that a command pays only for
 * its own dependencies (diff never loads the templates, handlebars, ajv or openapi-typescript; lint
 * alone loads redocly) and a broken module breaks only its command.
 */
const commands: Record<string, () => Promise<Command>> = {
  init: async () => (await import("./commands/init.ts")).initCommand,
  generate: async () => (await import("./commands/generate.ts")).generateCommand,
  check: async () => (await import("./commands/check.ts")).checkCommand,
  watch: async () => (await import("./commands/watch.ts")).watchCommand,
  lint: async () => (await import("./commands/lint.ts")).lintCommand,
  diff: async () => (await import("./commands/diff.ts")).diffCommand,
  drift: async () => (await import("./commands/drift.ts")).driftCommand,
  mock: async () => (await import("./commands/mock.ts")).mockCommand,
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
    io.err(terminalLines(`internal error (please report): ${(err as Error)?.stack ?? String(err)}`));
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

