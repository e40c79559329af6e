/**
 * The folder that holds the spec Prism serves. It names its owners (contractgen and Prism); a folder
 * whose owners are both gone (say contractgen was killed before Prism could remove it) is removed by
 * the next `contractgen mock`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PREFIX = "contractgen-mock-";
const OWNERS = "owners.json";

export function createMockFolder(): string {
  return mkdtempSync(join(tmpdir(), PREFIX));
}

/** Record who uses `folder`: the folder lives while either process does. */
export function recordOwners(folder: string, pids: number[]): void {
  writeFileSync(join(folder, OWNERS), JSON.stringify(pids));
}

/** Remove the mock folders in `dir` whose owners are all gone; the folders removed. */
export function removeOrphanFolders(dir = tmpdir()): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(PREFIX)) continue;
    const folder = join(dir, name);
    const owners = ownersOf(folder);
    if (owners === undefined || owners.some(isAlive)) continue;
    rmSync(folder, { recursive: true, force: true });
    removed.push(folder);
  }
  return removed;
}

/** The owners' pids, or undefined when the folder names none (being created, or not ours to judge). */
function ownersOf(folder: string): number[] | undefined {
  try {
    const pids = JSON.parse(readFileSync(join(folder, OWNERS), "utf8")) as unknown;
    return Array.isArray(pids) && pids.every((p) => Number.isInteger(p) && p > 0) ? (pids as number[]) : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists, under another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
