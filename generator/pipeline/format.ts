/**
 * Stage 5, format: prettier over what our templates rendered (openapi-typescript's output is kept as
 * it comes), except the files the templates already lay out as prettier would. Runs in a worker
 * thread so that it overlaps the emit stage on a second core.
 */
import { Worker } from "node:worker_threads";
import { FORMAT_WORKER } from "../package-root.ts";

export const PRETTIER_OPTIONS = { parser: "typescript", printWidth: 120, trailingComma: "all" } as const;

const NON_ASCII = /[^\x00-\x7f]/;
const COMMENT_LINE = /^\s*(?:\/\*\*|\*)/;
const STRING = String.raw`"(?:[^"\\]|\\.)*"`;
/** An indexed-access type into the schema, or a string. */
const UNBREAKABLE_VALUE = String.raw`(?:(?:operations|paths)(?:\[${STRING}\])+|${STRING})`;
/**
 * A code line that no layout could shorten: a lone string or indexed-access type, with its `|`, `;`
 * or `,`, or after a key shorter than the ones prettier moves a long value away from (`path:`); or
 * a type member (it ends in `;`), whose type prettier never moves off its key's line, whatever the key.
 */
const UNBREAKABLE_LINE = new RegExp(
  String.raw`^\s*(?:(?:\| )?(?:[A-Za-z]{1,4}: )?${UNBREAKABLE_VALUE}[;,]?|(?:[A-Za-z_$][\w$]*|${STRING}): ${UNBREAKABLE_VALUE};)$`,
);

/**
 * Whether a laid-out file can skip prettier. Comment lines are kept as they are (prettier only trims
 * their ends, so one ending in whitespace is left to it). Code lines: the layout measured widths as
 * string lengths (true for ASCII only), printed string literals with double quotes (prettier may
 * pick single quotes for one holding an escaped `"`), and left to prettier any line over printWidth
 * that it could break.
 */
export function isLaidOutForPrettier(text: string): boolean {
  for (const line of text.split("\n")) {
    if (COMMENT_LINE.test(line)) {
      if (/\s$/.test(line)) return false;
    } else if (NON_ASCII.test(line) || line.includes('\\"')) {
      return false;
    } else if (line.length > PRETTIER_OPTIONS.printWidth && !UNBREAKABLE_LINE.test(line)) {
      return false;
    }
  }
  return true;
}

/**
 * The worker starts on the first file that needs prettier, not before: the laid-out templates rarely
 * leave one, and warming it on every run would spend a core and the worker's memory for nothing.
 */
export interface Formatter {
  /**
   * Format every file; resolves when all are done. Order of the map is kept. `laidOut` names the
   * files a template laid out as prettier prints them (outputs.ts); test/preformatted.test.ts
   * holds them to `prettier.format(text) === text`.
   */
  format(files: Map<string, string>, laidOut?: ReadonlySet<string>): Promise<Map<string, string>>;
  close(): Promise<void>;
}

export function createFormatter(): Formatter {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve: (text: string) => void; reject: (err: Error) => void }>();

  const start = (): Worker => {
    const w = new Worker(FORMAT_WORKER);
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

  return {
    async format(files, laidOut = new Set()) {
      const names = [...files.keys()];
      const formatted = await Promise.all(
        names.map((name) => {
          const source = files.get(name)!;
          return laidOut.has(name) && isLaidOutForPrettier(source) ? source : formatOne(name, source);
        }),
      );
      return new Map(names.map((name, i) => [name, formatted[i]!]));
    },
    async close() {
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}
