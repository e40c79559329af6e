/**
 * Stage 5, format: prettier over what our templates rendered (openapi-typescript's output is kept as
 * it comes). Runs in a worker thread so that it overlaps the emit stage on a second core.
 */
import { Worker } from "node:worker_threads";

export const PRETTIER_OPTIONS = { parser: "typescript", printWidth: 120, trailingComma: "all" } as const;

export interface Formatter {
  /**
   * Start the worker and have prettier parse a snippet, so that its start-up and the TypeScript
   * parser's first (slow) run overlap the load stage instead of delaying the format stage. Idempotent.
   */
  warmUp(): void;
  /** Format every file; resolves when all are done. Order of the map is kept. */
  format(files: Map<string, string>): Promise<Map<string, string>>;
  close(): Promise<void>;
}

export function createFormatter(): Formatter {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve: (text: string) => void; reject: (err: Error) => void }>();

  const start = (): Worker => {
    const w = new Worker(new URL("./format-worker.mjs", import.meta.url));
    w.on("message", ({ id, formatted, error }: { id: number; formatted?: string; error?: string }) => {
      const job = pending.get(id);
      pending.delete(id);
      if (error !== undefined) job?.reject(new Error(`prettier: ${error}`));
      else job?.resolve(formatted!);
    });
    w.on("error", (err) => {
      for (const job of pending.values()) job.reject(err);
      pending.clear();
      worker = undefined;
    });
    return w;
  };

  const formatOne = (name: string, source: string) =>
    new Promise<string>((resolve, reject) => {
      worker ??= start();
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, name, source, options: PRETTIER_OPTIONS });
    });

  let warm: Promise<unknown> | undefined;
  return {
    warmUp() {
      warm ??= formatOne("warm-up.ts", "export const warm = { up: [1, 2, 3] } as const;\n").catch(() => undefined);
    },
    async format(files) {
      const names = [...files.keys()];
      const formatted = await Promise.all(names.map((name) => formatOne(name, files.get(name)!)));
      return new Map(names.map((name, i) => [name, formatted[i]!]));
    },
    async close() {
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}
