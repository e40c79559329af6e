/**
 * `contractgen`: generate | check | watch | lint. Parses arguments, runs the pipeline, prints, and
 * decides the exit code in one place (0 ok, 1 spec error or stale output, 2 usage error).
 */
import { watch as watchFile, type FSWatcher } from "node:fs";
import { dirname, join, relative } from "node:path";
import { parseArgs } from "node:util";
import type { Command, Io } from "./command.ts";
import { diffCommand } from "./diff/command.ts";
import { adHocConfig, loadConfig, type ResolvedConfig } from "./config.ts";
import { formatUserFailure, isUserFailure, UserError } from "./errors.ts";
import { createFormatter } from "./format.ts";
import { lintSpec } from "./lint.ts";
import { loadSpec } from "./load.ts";
import { createRunContext, generateAll, type GeneratedApi } from "./pipeline.ts";
import { validateSpec } from "./validate.ts";
import { cleanupTemporaryFolders, readFolder, writeOutputs } from "./write.ts";

/** Set by a long-running command (watch) to stop itself cleanly on Ctrl-C instead of exiting. */
let interruptHandler: (() => void) | undefined;

const configOption = { config: { type: "string", short: "c" } } as const;
const helpOption = { help: { type: "boolean", short: "h" } } as const;

const commands: Record<string, Command> = {
  generate: {
    summary: "generate the typed clients into their output folders",
    usage: `contractgen generate [--config FILE]
contractgen generate --spec FILE --out DIR [--name NAME]

Options:
  -c, --config FILE  config file (default: contractgen.config.json in the current folder)
      --spec FILE    generate one spec ad hoc, without a config
      --out DIR      output folder for --spec
      --name NAME    API name for --spec (default: the spec's file name)
  -q, --quiet        print nothing on success`,
    options: { ...configOption, spec: { type: "string" }, out: { type: "string" }, name: { type: "string" }, quiet: { type: "boolean", short: "q" } },
    async run(values, io) {
      const config = await configFrom(values, io);
      const start = performance.now();
      const generated = await generateAll(config);
      await signalsHandled();
      const results = writeOutputs(generated.map((g) => ({ dir: g.api.output, files: g.files })));
      if (!values.quiet) {
        generated.forEach((g, i) => io.out(summaryLine(g, results[i]!.changed, io.cwd)));
        io.out(`done in ${ms(performance.now() - start)}`);
      }
      return 0;
    },
  },
  check: {
    summary: "fail if the generated folders are not what the specs generate (for CI)",
    usage: `contractgen check [--config FILE]

Generates in memory and compares with the output folders on disk. Exit 1 and a short diff per stale file.`,
    options: { ...configOption },
    async run(values, io) {
      const config = await configFrom(values, io);
      const generated = await generateAll(config);
      let stale = 0;
      for (const g of generated) {
        const onDisk = readFolder(g.api.output);
        const names = [...new Set([...onDisk.keys(), ...g.files.keys()])].sort();
        for (const name of names) {
          const want = g.files.get(name);
          const have = onDisk.get(name);
          if (want === have) continue;
          stale++;
          const path = relative(io.cwd, `${g.api.output}/${name}`);
          if (have === undefined) io.err(`stale: ${path} is missing`);
          else if (want === undefined) io.err(`stale: ${path} is not generated any more`);
          else io.err(`stale: ${path}\n${shortDiff(have, want)}`);
        }
      }
      if (stale > 0) {
        io.err(`${stale} generated file(s) out of date: run \`npm run generate\` and commit the result`);
        return 1;
      }
      io.out(`generated output is up to date (${generated.map((g) => g.api.name).join(", ")})`);
      return 0;
    },
  },
  lint: {
    summary: "check the specs against the spec gate (redocly rules, examples, contractgen rules)",
    usage: `contractgen lint [--config FILE] [--spec FILE]

Exit 1 when any spec has an error-level problem; warnings are printed but pass.`,
    options: { ...configOption, spec: { type: "string", multiple: true } },
    async run(values, io) {
      const specs = Array.isArray(values.spec) && values.spec.length > 0 ? (values.spec as string[]) : (await configFrom({ config: values.config }, io)).apis.map((a) => a.spec);
      let errors = 0;
      for (const file of specs) {
        const spec = loadSpec(file);
        validateSpec(spec);
        const problems = await lintSpec(spec);
        for (const p of problems) {
          const text = formatUserFailure(p.error, io.cwd);
          if (p.severity === "error") {
            errors++;
            io.err(text);
          } else io.err(text.replace(": error: ", ": warning: "));
        }
        io.out(`${relative(io.cwd, spec.rootPath)}: ${problems.filter((p) => p.severity === "error").length} error(s), ${problems.filter((p) => p.severity === "warn").length} warning(s)`);
      }
      return errors > 0 ? 1 : 0;
    },
  },
  diff: diffCommand,
  watch: {
    summary: "regenerate whenever a spec, a file it references, a template or the config changes",
    usage: `contractgen watch [--config FILE]

Regenerates on every save (debounced). An invalid save prints the error and keeps the last good output. Ctrl-C exits.`,
    options: { ...configOption, debounce: { type: "string" } },
    async run(values, io) {
      return watchLoop(values, io);
    },
  },
};

const MAIN_USAGE = `contractgen: OpenAPI to typed TypeScript clients with Problem Details error unions

Usage: contractgen <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`)
  .join("\n")}

Run \`contractgen <command> --help\` for a command's options.`;

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  const onSignal = (signal: NodeJS.Signals) => {
    if (interruptHandler) return interruptHandler();
    cleanupTemporaryFolders();
    io.err(`interrupted (${signal}); output folders left as they were`);
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      (name === undefined ? io.err : io.out)(MAIN_USAGE);
      return name === undefined ? 2 : 0;
    }
    const command = commands[name];
    if (!command) throw new UserError({ kind: "usage", message: `unknown command "${name}"`, hint: `commands: ${Object.keys(commands).join(", ")}` });
    let values: Record<string, string | boolean | string[] | undefined>;
    try {
      ({ values } = parseArgs({ args: rest, options: { ...command.options, ...helpOption }, strict: true, allowPositionals: false }));
    } catch (err) {
      throw new UserError({ kind: "usage", message: (err as Error).message, hint: `see \`contractgen ${name} --help\`` });
    }
    if (values.help) {
      io.out(`${command.summary}\n\nUsage: ${command.usage}`);
      return 0;
    }
    return await command.run(values, io);
  } catch (err) {
    if (isUserFailure(err)) {
      io.err(formatUserFailure(err, io.cwd));
      return err.exitCode;
    }
    io.err(`internal error (please report): ${(err as Error)?.stack ?? String(err)}`);
    return 70;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/**
 * One turn of the event loop, so that a SIGINT/SIGTERM that arrived while the pipeline ran (its
 * handler exits without writing) is handled before the synchronous write starts, not after it.
 */
function signalsHandled(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function defaultIo(): Io {
  return { out: (line) => console.log(line), err: (line) => console.error(line), cwd: process.cwd() };
}

async function configFrom(values: Record<string, unknown>, io: Io): Promise<ResolvedConfig> {
  if (values.spec !== undefined || values.out !== undefined) {
    if (values.config !== undefined) throw new UserError({ kind: "usage", message: "--config cannot be combined with --spec/--out" });
    if (typeof values.spec !== "string" || typeof values.out !== "string") {
      throw new UserError({ kind: "usage", message: "--spec and --out go together", hint: "contractgen generate --spec FILE --out DIR" });
    }
    return adHocConfig(values.spec, values.out, values.name as string | undefined, io.cwd);
  }
  if (values.name !== undefined) throw new UserError({ kind: "usage", message: "--name goes with --spec and --out" });
  return loadConfig(values.config as string | undefined, io.cwd);
}

function summaryLine(g: GeneratedApi, changed: boolean, cwd: string): string {
  const t = g.timings;
  const total = t.load + t.validate + t.model + t.render + Math.max(t.emit, t.format);
  const files = [...g.files.keys()].join(", ");
  return `${g.api.name}: ${changed ? "wrote" : "unchanged"} ${relative(cwd, g.api.output) || "."}/{${files}} in ${ms(total)} (load ${ms(t.load)}, validate ${ms(t.validate)}, model ${ms(t.model)}, render ${ms(t.render)}, emit ${ms(t.emit)} | format ${ms(t.format)} in parallel)`;
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

/** The first few differing lines, `-` on disk, `+` generated. */
export function shortDiff(have: string, want: string, maxLines = 6): string {
  const a = have.split("\n");
  const b = want.split("\n");
  let first = 0;
  while (first < a.length && first < b.length && a[first] === b[first]) first++;
  const lines: string[] = [`  @@ line ${first + 1}`];
  for (let i = first; i < Math.min(a.length, first + maxLines / 2); i++) lines.push(`  - ${a[i]}`);
  for (let i = first; i < Math.min(b.length, first + maxLines / 2); i++) lines.push(`  + ${b[i]}`);
  return lines.join("\n");
}

async function watchLoop(values: Record<string, unknown>, io: Io): Promise<number> {
  let config = await configFrom(values, io);
  const debounceMs = values.debounce !== undefined ? Number(values.debounce) : 50;
  if (!Number.isFinite(debounceMs) || debounceMs < 0) throw new UserError({ kind: "usage", message: "--debounce takes milliseconds" });
  // Folders are watched, not files: an editor that saves by writing a new file and renaming it over
  // the old one would otherwise end a file watcher after the first save.
  const watchers = new Map<string, FSWatcher>();
  let files = new Set<string>();
  const formatter = createFormatter();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let stopped = false;
  let pending = new Set<string>();

  /** The files each API read on its last load (its spec and every file it `$ref`s). */
  const apiFiles = new Map<string, Set<string>>();
  const isTemplate = (path: string) => dirname(path) === config.templatesDir || dirname(path) === join(config.templatesDir, "partials");
  const watchedFiles = (): Set<string> => {
    const wanted = new Set<string>();
    if (config.file) wanted.add(config.file);
    for (const api of config.apis) {
      wanted.add(api.spec);
      if (!apiFiles.has(api.name)) {
        try {
          apiFiles.set(api.name, new Set(loadSpec(api.spec).files.keys()));
        } catch {
          // an invalid spec still gets its root watched; its refs are picked up once it loads again
        }
      }
      for (const f of apiFiles.get(api.name) ?? []) wanted.add(f);
    }
    return wanted;
  };
  /** Only the APIs a change touches; all of them when a template or the config changed. */
  const affected = (current: ResolvedConfig, changed: string[], initial: boolean): ResolvedConfig => {
    if (initial || changed.some((f) => isTemplate(f) || f === current.file)) return current;
    const apis = current.apis.filter((api) => changed.includes(api.spec) || changed.some((f) => apiFiles.get(api.name)?.has(f)));
    return { ...current, apis: apis.length > 0 ? apis : current.apis };
  };
  const rewatch = () => {
    files = watchedFiles();
    const folders = new Set([config.templatesDir, join(config.templatesDir, "partials"), ...[...files].map((f) => dirname(f))]);
    for (const [folder, w] of watchers) if (!folders.has(folder)) (w.close(), watchers.delete(folder));
    for (const folder of [...folders].sort()) {
      if (watchers.has(folder)) continue;
      try {
        watchers.set(
          folder,
          watchFile(folder, (_event, name) => {
            if (!name) return;
            const path = join(folder, name.toString());
            if (files.has(path) || (isTemplate(path) && path.endsWith(".hbs"))) schedule(path);
          }),
        );
      } catch {
        // a folder that does not exist yet: the next successful run will pick it up
      }
    }
  };
  const regenerate = async (changed: string[], initial = false) => {
    running = true;
    const start = performance.now();
    const what = initial ? "initial generation" : `${changed.map((f) => relative(io.cwd, f)).join(", ")} changed`;
    try {
      const current = config.file && changed.includes(config.file) ? await loadConfig(config.file, io.cwd) : config;
      if (current !== config) apiFiles.clear();
      // Templates are read again on every run; the formatter worker stays warm across runs.
      const generated = await generateAll(affected(current, changed, initial), createRunContext(current, formatter));
      await signalsHandled();
      if (stopped) return;
      const results = writeOutputs(generated.map((g) => ({ dir: g.api.output, files: g.files })));
      config = current;
      for (const g of generated) apiFiles.set(g.api.name, new Set(g.spec.files.keys()));
      const wrote = results.filter((r) => r.changed).map((r) => relative(io.cwd, r.dir));
      io.out(`${what}: ${wrote.length > 0 ? `wrote ${wrote.join(", ")}` : "output unchanged"} in ${ms(performance.now() - start)}`);
    } catch (err) {
      if (stopped) return;
      // the next run reloads what the failed one could not
      for (const api of config.apis) if (changed.includes(api.spec) || changed.some((f) => apiFiles.get(api.name)?.has(f))) apiFiles.delete(api.name);
      io.err(`${what}: failed after ${ms(performance.now() - start)}`);
      io.err(isUserFailure(err) ? formatUserFailure(err, io.cwd) : `internal error (please report): ${(err as Error)?.stack ?? String(err)}`);
      io.err("kept the last good output; watching for the next save");
    } finally {
      running = false;
      if (!stopped) {
        rewatch();
        if (pending.size > 0) schedule();
      }
    }
  };
  function schedule(path?: string) {
    if (stopped) return;
    if (path) pending.add(path);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      if (running) return; // picked up when the running regeneration ends
      const changed = [...pending].sort();
      pending = new Set();
      void regenerate(changed);
    }, debounceMs);
  }

  rewatch();
  await regenerate([], true);
  io.out(`watching ${files.size} file(s) and the templates; Ctrl-C to stop`);
  return new Promise<number>((resolve) => {
    interruptHandler = () => {
      interruptHandler = undefined;
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      void formatter.close();
      io.out("stopped watching");
      resolve(0);
    };
  });
}
