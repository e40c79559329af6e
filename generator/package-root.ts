/**
 * This package's own files, found from its root (the nearest package.json above this module), so
 * that every path holds wherever the module runs from: generator/ through tsx, or the bundle in
 * generator/dist/ (see bundle.mjs).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function packageRootAbove(dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, "package.json"))) return at;
    if (dirname(at) === at) throw new Error(`contractgen: no package.json above ${dir}`);
  }
}

export const PACKAGE_ROOT: string = packageRootAbove(dirname(fileURLToPath(import.meta.url)));

/** The templates every emitted file is rendered from. */
export const TEMPLATES_DIR: string = join(PACKAGE_ROOT, "templates");

/** The prettier worker (plain JS, never bundled: a worker needs a file of its own). */
export const FORMAT_WORKER: string = join(PACKAGE_ROOT, "generator/pipeline/format-worker.mjs");

let version: string | undefined;
/** The version in the package's package.json: `--version` and the runtime's header. */
export function contractgenVersion(): string {
  version ??= (JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
  return version;
}
