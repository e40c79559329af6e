/**
 * Stage 6, write: the only stage that touches the disk. Each output folder is written in full to a
 * temporary folder beside it and renamed into place, so a failure or a signal mid-run leaves the
 * previous output byte for byte as it was.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { UserError } from "./errors.ts";

export interface OutputFolder {
  dir: string;
  files: Map<string, string>;
}

export interface WriteResult {
  dir: string;
  changed: boolean;
}

/** Temporary folders of this process, removed on a signal (see cleanupTemporaryFolders). */
const temporary = new Set<string>();

export function cleanupTemporaryFolders(): void {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  temporary.clear();
}

/** Read a folder's files (one level: generated output has no sub-folders). Missing folder: empty map. */
export function readFolder(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return files;
  }
  for (const name of names.sort()) {
    const path = join(dir, name);
    if (statSync(path).isFile()) files.set(name, readFileSync(path, "utf8"));
  }
  return files;
}

export function sameFiles(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [name, content] of a) if (b.get(name) !== content) return false;
  return true;
}

/**
 * Write every folder: first all temporary folders (any failure leaves every target untouched), then
 * one rename swap per changed folder. Unchanged folders are not touched at all.
 */
export function writeOutputs(outputs: OutputFolder[]): WriteResult[] {
  const staged: { dir: string; tmp: string }[] = [];
  const results: WriteResult[] = [];
  try {
    for (const output of outputs) {
      if (sameFiles(readFolder(output.dir), output.files)) {
        results.push({ dir: output.dir, changed: false });
        continue;
      }
      const tmp = join(dirname(output.dir), `.contractgen-tmp-${basename(output.dir)}-${process.pid}`);
      temporary.add(tmp);
      rmSync(tmp, { recursive: true, force: true });
      mkdirSync(tmp, { recursive: true });
      for (const [name, content] of [...output.files].sort(([a], [b]) => (a < b ? -1 : 1))) writeFileSync(join(tmp, name), content);
      staged.push({ dir: output.dir, tmp });
      results.push({ dir: output.dir, changed: true });
    }
    for (const { dir, tmp } of staged) swapIn(dir, tmp);
  } catch (err) {
    throw asWriteError(err);
  } finally {
    for (const { tmp } of staged) rmSync(tmp, { recursive: true, force: true });
    for (const { tmp } of staged) temporary.delete(tmp);
  }
  return results;
}

function swapIn(dir: string, tmp: string): void {
  const old = join(dirname(dir), `.contractgen-old-${basename(dir)}-${process.pid}`);
  temporary.add(old);
  let moved = false;
  try {
    try {
      renameSync(dir, old);
      moved = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    renameSync(tmp, dir);
  } catch (err) {
    if (moved) renameSync(old, dir); // put the previous output back
    throw err;
  }
  rmSync(old, { recursive: true, force: true });
  temporary.delete(old);
}

function asWriteError(err: unknown): unknown {
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === "string" && ["EACCES", "EPERM", "EROFS", "ENOTDIR", "ENOSPC", "EEXIST"].includes(e.code)) {
    return new UserError({
      kind: "io",
      message: `cannot write output: ${e.code} ${e.path ?? ""}`.trim(),
      hint: "check that the output folder and its parent are writable; the previous output was left as it was",
    });
  }
  return err;
}
