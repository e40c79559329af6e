/**
 * Stage 6, write: the only stage that touches the disk. Each output folder is written in full to a
 * temporary folder beside it and renamed into place, so a failure or a signal mid-run leaves the
 * previous output byte for byte as it was.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, type Dirent } from "node:fs";
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
    try {
      if (statSync(path).isFile()) files.set(name, readFileSync(path, "utf8"));
    } catch {
      // a dangling symlink or an unreadable entry: it is not output we could compare with
    }
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
 * one rename swap per changed folder, rolled back together if any swap fails. Unchanged folders are
 * not touched at all. The swaps are synchronous: a signal is only handled before or after all of them.
 */
export function writeOutputs(outputs: OutputFolder[]): WriteResult[] {
  const staged: { dir: string; tmp: string }[] = [];
  const results: WriteResult[] = [];
  let current = "";
  try {
    for (const output of outputs) {
      current = output.dir;
      assertReplaceable(output.dir);
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
    const swapped: { dir: string; old: string; moved: boolean }[] = [];
    try {
      for (const { dir, tmp } of staged) {
        current = dir;
        swapped.push(swapIn(dir, tmp));
      }
    } catch (err) {
      for (const swap of swapped.reverse()) swapBack(swap);
      throw err;
    }
    for (const { old } of swapped) {
      rmSync(old, { recursive: true, force: true });
      temporary.delete(old);
    }
  } catch (err) {
    throw asWriteError(err, current);
  } finally {
    for (const { tmp } of staged) rmSync(tmp, { recursive: true, force: true });
    for (const { tmp } of staged) temporary.delete(tmp);
  }
  return results;
}

/** The output folder is replaced as a whole: refuse a target that is a file or holds folders we did not write. */
function assertReplaceable(dir: string): void {
  let entries: Dirent[];
  try {
    if (!statSync(dir).isDirectory()) {
      throw new UserError({ kind: "io", message: `output folder ${dir} is not a folder`, hint: "point the output at a folder (it is created when missing)" });
    }
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    if (err instanceof UserError) throw err;
    return; // missing (created later) or unreadable (reported by the write itself)
  }
  const folder = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort()[0];
  if (folder !== undefined) {
    throw new UserError({
      kind: "io",
      message: `output folder ${dir} contains a folder (${folder}) that contractgen did not write; refusing to replace it`,
      hint: "the output folder is replaced as a whole: give each API a folder of its own",
    });
  }
}

/** Move `dir` aside (if it exists) and `tmp` into its place; the old folder is removed by the caller. */
function swapIn(dir: string, tmp: string): { dir: string; old: string; moved: boolean } {
  const old = join(dirname(dir), `.contractgen-old-${basename(dir)}-${process.pid}`);
  temporary.add(old);
  rmSync(old, { recursive: true, force: true });
  let moved = false;
  try {
    renameSync(dir, old);
    moved = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  try {
    renameSync(tmp, dir);
  } catch (err) {
    if (moved) renameSync(old, dir); // put the previous output back
    temporary.delete(old);
    throw err;
  }
  return { dir, old, moved };
}

/** Undo one successful swap: the new folder goes away, the previous one (if any) comes back. */
function swapBack({ dir, old, moved }: { dir: string; old: string; moved: boolean }): void {
  rmSync(dir, { recursive: true, force: true });
  if (moved) renameSync(old, dir);
  temporary.delete(old);
}

const WRITE_ERRORS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOTDIR: "a parent of the output folder is a file, not a folder",
  ENOSPC: "no space left on the device",
  EEXIST: "a file is in the way",
  EISDIR: "a folder is in the way",
  ENAMETOOLONG: "the path is too long",
};

function asWriteError(err: unknown, dir: string): unknown {
  if (err instanceof UserError) return err;
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === "string" && e.code in WRITE_ERRORS) {
    return new UserError({
      kind: "io",
      message: `cannot write output folder ${dir}: ${WRITE_ERRORS[e.code]} (${e.code})`,
      hint: "check that the output folder and its parent are writable folders; the previous output was left as it was",
    });
  }
  return err;
}
