/** Byte-for-byte snapshots of a folder tree, and scratch copies of fixture folders, for the CLI and write tests. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

/** Every file under `dir` (relative path -> contents as base64) and every folder (-> "<dir>"), sorted by path. */
export function snapshotTree(dir: string): Record<string, string> {
  const entries: [string, string][] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      const rel = relative(dir, path);
      if (entry.isDirectory()) {
        entries.push([rel + "/", "<dir>"]);
        walk(path);
      } else {
        entries.push([rel, readFileSync(path).toString("base64")]);
      }
    }
  };
  walk(dir);
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A fresh scratch folder (real path, so that messages relative to it match), optionally a copy of `from`. */
export function scratchCopy(prefix: string, from?: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), `${prefix}-`)));
  if (from) cpSync(from, dir, { recursive: true });
  return dir;
}

/** Names of leftover temporary folders of the writer anywhere under `dir`. */
export function leftoverTemporaryFolders(dir: string): string[] {
  return Object.keys(snapshotTree(dir)).filter((path) => /(^|\/)\.[^/]+\.contractgen-(tmp|old)\//.test(path));
}
