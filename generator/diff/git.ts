/**
 * Git sides: `ref:path` (`origin/main:spec/hostup.yaml`, `HEAD~1:spec/x.yaml`) is read with
 * `git show`, so no checkout is touched. Files it `$ref`s are read from the same ref. The loader gets
 * the files under their repository paths, so positions name the file as the working tree does.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { UserError, type SourcePosition } from "../errors.ts";
import { loadSpec, type LoadedSpec } from "../spec/load.ts";
import { parseSourceFile } from "../spec/parse.ts";

export type Side = { kind: "file"; path: string } | { kind: "git"; ref: string; path: string };

/** A file that exists is a file; otherwise `ref:path` is a git side. */
export function parseSide(arg: string, cwd: string): Side {
  if (existsSync(resolve(cwd, arg))) return { kind: "file", path: resolve(cwd, arg) };
  const colon = arg.indexOf(":");
  if (colon > 0 && !/^[a-z]:[\\/]/i.test(arg)) return { kind: "git", ref: arg.slice(0, colon), path: arg.slice(colon + 1) };
  return { kind: "file", path: resolve(cwd, arg) };
}

function git(cwd: string, args: string[]): { ok: true; out: string } | { ok: false; err: string } {
  try {
    return { ok: true, out: execFileSync("git", args, { cwd, encoding: "utf8", maxBuffer: 1 << 28, stdio: ["ignore", "pipe", "pipe"] }) };
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    return { ok: false, err: (e.stderr || e.message).trim() };
  }
}

export function repoRoot(cwd: string): string {
  const r = git(cwd, ["rev-parse", "--show-toplevel"]);
  if (!r.ok) throw new UserError({ kind: "usage", message: `not in a git repository (${cwd})`, hint: "a `ref:path` side needs git; pass files instead" });
  return r.out.trim();
}

/**
 * The folder GitHub annotation paths are relative to: $GITHUB_WORKSPACE in a workflow, else the
 * repository root, else (outside git) the current folder.
 */
export function annotationRoot(cwd: string, env: Readonly<Record<string, string | undefined>> = {}): string {
  if (env.GITHUB_WORKSPACE) return env.GITHUB_WORKSPACE;
  const r = git(cwd, ["rev-parse", "--show-toplevel"]);
  return r.ok ? r.out.trim() : cwd;
}

export function refExists(root: string, ref: string): boolean {
  return git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).ok;
}

/** The text of `path` (relative to the repository root) at `ref`, or undefined when the file is not there. */
export function gitShow(root: string, ref: string, path: string): string | undefined {
  const r = git(root, ["show", `${ref}:${path}`]);
  return r.ok ? r.out : undefined;
}

/** Repository-relative path of a side's path: `./x` and `../x` are relative to cwd, as with `git show`. */
export function repoPath(root: string, cwd: string, path: string): string {
  const absolute = path.startsWith("./") || path.startsWith("../") ? resolve(cwd, path) : isAbsolute(path) ? path : join(root, path);
  return relative(root, absolute).split("\\").join("/");
}

/** Load `ref:path` through the same loader as `generate`. */
export function loadGitSpec(root: string, ref: string, path: string): LoadedSpec {
  if (!refExists(root, ref)) throw new UserError({ kind: "usage", message: `unknown git ref "${ref}"`, hint: "fetch it first (for example `git fetch origin main`) or pass a file" });
  return loadSpec(join(root, path), (file: string, from?: SourcePosition & { pointer: string }) => {
    const rel = relative(root, file).split("\\").join("/");
    const text = rel.startsWith("..") ? undefined : gitShow(root, ref, rel);
    if (text === undefined) {
      throw new UserError({
        kind: "spec",
        message: `${from ? "referenced file" : "spec file"} not found at ${ref}: ${rel}`,
        position: from,
        pointer: from?.pointer,
        hint: from ? "check the file part of the $ref" : "check the path after the colon (relative to the repository root)",
      });
    }
    return parseSourceFile(file, text);
  });
}
