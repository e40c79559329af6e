/**
 * Generated output against the disk: which files were added, changed or removed, and each change as
 * check prints it (a unified diff excerpt) or as generate --dry-run --verbose does.
 */
import { join, relative } from "node:path";
import type { CommandIo } from "./io.ts";
import type { Output } from "../pipeline/run.ts";
import { readFolder } from "../pipeline/write.ts";
import { terminalLine } from "../findings/escape.ts";

export interface FileChange {
  name: string;
  kind: "added" | "changed" | "removed" | "unchanged";
  have?: string;
  want?: string;
}

/** Each file of an output folder against the disk, including files on disk the run no longer generates. */
export function compareOutput(output: Output): FileChange[] {
  const onDisk = readFolder(output.dir);
  const names = [...new Set([...output.files.keys(), ...onDisk.keys()])].sort();
  return names.map((name): FileChange => {
    const want = output.files.get(name);
    const have = onDisk.get(name);
    if (have === undefined) return { name, kind: "added", want };
    if (want === undefined) return { name, kind: "removed", have };
    return { name, kind: have === want ? "unchanged" : "changed", have, want };
  });
}


/** One changed file, as check reports it ("stale: ...") or as --dry-run --verbose does ("would ..."). */
export function describeChange(output: Output, change: FileChange, io: CommandIo, as: "check" | "dry-run" = "check"): string {
  const path = relative(io.cwd, join(output.dir, change.name));
  const p = io.paint.err;
  const WORDING = {
    check: { added: `${path} is missing`, removed: `${path} is not generated any more`, changed: path, unchanged: `${path} is up to date` },
    "dry-run": { added: `would add ${path}`, removed: `would remove ${path}`, changed: `would change ${path}`, unchanged: `${path} is up to date` },
  } as const;
  const line = as === "check" && change.kind !== "unchanged" ? `${p.yellow("stale:")} ${WORDING.check[change.kind]}` : WORDING[as][change.kind];
  if (change.kind !== "changed") return line;
  const excerpt = diffExcerpt(change.have!, change.want!)
    .split("\n")
    .map(terminalLine)
    .map((l) => `  ${l.startsWith("-") ? p.red(l) : l.startsWith("+") ? p.green(l) : l.startsWith("@@") ? p.cyan(l) : l}`);
  return [line, ...excerpt].join("\n");
}


/**
 * The first hunk of a unified diff between two texts (`-` on disk, `+` generated), with a little
 * context and at most `maxLines` changed lines: enough to see what changed, not a full diff.
 */
export function diffExcerpt(have: string, want: string, { context = 2, maxLines = 10, window = 200 } = {}): string {
  const a = have.split("\n");
  const b = want.split("\n");
  let first = 0;
  while (first < a.length && first < b.length && a[first] === b[first]) first++;
  // Where the two texts agree again: the fewest lines skipped on both sides before 3 equal lines (or both ends).
  const agrees = (i: number, j: number) => (i >= a.length && j >= b.length) || [0, 1, 2].every((k) => (i + k >= a.length && j + k >= b.length) || (a[i + k] !== undefined && a[i + k] === b[j + k]));
  let end: [number, number] = [a.length, b.length];
  search: for (let skipped = 1; skipped <= window; skipped++) {
    for (let da = 0; da <= skipped; da++) {
      const i = first + da;
      const j = first + skipped - da;
      if (i > a.length || j > b.length) continue;
      if (agrees(i, j)) {
        end = [i, j];
        break search;
      }
    }
  }
  const from = Math.max(0, first - context);
  const after = Math.min(context, a.length - end[0]);
  const removed = a.slice(first, end[0]);
  const added = b.slice(first, end[1]);
  const lines = [`@@ -${from + 1},${end[0] - from + after} +${from + 1},${end[1] - from + after} @@`];
  for (const line of a.slice(from, first)) lines.push(` ${line}`);
  const changed = [...removed.map((l) => `-${l}`), ...added.map((l) => `+${l}`)];
  lines.push(...changed.slice(0, maxLines));
  if (changed.length > maxLines) lines.push(`... ${changed.length - maxLines} more changed line(s)`);
  else for (const line of a.slice(end[0], end[0] + after)) lines.push(` ${line}`);
  return lines.join("\n");
}
