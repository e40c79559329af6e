/**
 * `contractgen watch`: regenerate whenever a spec, a file it references, a template or the config
 * changes. Everything lives in one call's closure; the caller stops it by aborting `signal`.
 */
import { watch as watchFolder, type FSWatcher } from "node:fs";
import { dirname, join, relative } from "node:path";
import { generateOutputs, signalsHandled, writeGenerated } from "./generation.ts";
import { ms, printNotices, type Command, type CommandIo } from "./io.ts";
import { configFrom, specOptions } from "./spec-options.ts";
import { loadConfig, type ResolvedConfig } from "../config/index.ts";
import { formatUserFailure, isUserFailure, UserError } from "../errors.ts";
import { paintDiagnostic } from "../findings/colour.ts";
import { terminalLines } from "../findings/escape.ts";
import { createFormatter } from "../pipeline/format.ts";
import { loadSpec } from "../spec/load.ts";

export const watchCommand: Command = {
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
    await watchAndRegenerate({ config, io, debounceMs, signal: io.signal });
    io.out("stopped watching");
    return 0;
  },
};

export interface WatchOptions {
  config: ResolvedConfig;
  io: CommandIo;
  debounceMs: number;
  /** Aborting it closes every watcher and the formatter; the returned promise then resolves. */
  signal: AbortSignal;
}

export async function watchAndRegenerate({ config: initialConfig, io, debounceMs, signal }: WatchOptions): Promise<void> {
  let config = initialConfig;
  // Folders are watched, not files: an editor that saves by writing a new file and renaming it over
  // the old one would otherwise end a file watcher after the first save.
  const watchers = new Map<string, FSWatcher>();
  let files = new Set<string>();
  const formatter = createFormatter();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let pending = new Set<string>();
  const stopped = () => signal.aborted;

  /** The files each API read on its last load (its spec and every file it `$ref`s). */
  const apiFiles = new Map<string, Set<string>>();
  const isTemplate = (path: string) => dirname(path) === config.templatesDir || dirname(path) === join(config.templatesDir, "partials");
  const touches = (apiName: string, specPath: string, changed: string[]) => changed.includes(specPath) || changed.some((f) => apiFiles.get(apiName)?.has(f));
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
    const apis = current.apis.filter((api) => touches(api.name, api.spec, changed));
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
          watchFolder(folder, (_event, name) => {
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
      const run = await generateOutputs(affected(current, changed, initial), formatter);
      await signalsHandled();
      if (stopped()) return;
      const results = writeGenerated(run);
      config = current;
      for (const g of run.generated) apiFiles.set(g.api.name, new Set(g.spec.files.keys()));
      printNotices(run.generated, io);
      const wrote = results.filter((r) => r.changed).map((r) => relative(io.cwd, r.dir));
      io.out(`${what}: ${wrote.length > 0 ? `wrote ${wrote.join(", ")}` : "output unchanged"} in ${ms(performance.now() - start)}`);
    } catch (err) {
      if (stopped()) return;
      // the next run reloads what the failed one could not
      for (const api of config.apis) if (touches(api.name, api.spec, changed)) apiFiles.delete(api.name);
      io.err(`${what}: failed after ${ms(performance.now() - start)}`);
      io.err(isUserFailure(err) ? paintDiagnostic(formatUserFailure(err, io.cwd), io.paint.err) : terminalLines(`internal error (please report): ${(err as Error)?.stack ?? String(err)}`));
      io.err("kept the last good output; watching for the next save");
    } finally {
      running = false;
      if (!stopped()) {
        rewatch();
        if (pending.size > 0) schedule();
      }
    }
  };
  function schedule(path?: string) {
    if (stopped()) return;
    if (path) pending.add(path);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      if (running) return; // picked up when the running regeneration ends
      const changed = [...pending].sort();
      pending = new Set();
      void regenerate(changed);
    }, debounceMs);
  }

  const ended = new Promise<void>((resolve) => {
    const stop = () => {
      if (timer) clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
      void formatter.close().finally(resolve);
    };
    if (signal.aborted) stop();
    else signal.addEventListener("abort", stop, { once: true });
  });
  rewatch();
  await regenerate([], true);
  if (!stopped()) io.out(`watching ${files.size} file(s) and the templates; Ctrl-C to stop`);
  await ended;
}
