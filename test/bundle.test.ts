/**
 * The CLI bundle (generator/bundle.mjs), built from a copy of the package: commands run from it give
 * what the sources give, bin.mjs takes it only while no source is newer, and a failed build leaves
 * the previous bundle as it was.
 */
import { execFile } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBundle, currentBundle } from "../generator/bundle.mjs";
import { runMain } from "./support/cli.ts";
import { scratchCopy, snapshotTree } from "./support/tree.ts";

const exec = promisify(execFile);
const repo = join(import.meta.dirname, "..");
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function scratch(prefix: string): string {
  const dir = scratchCopy(prefix);
  dirs.push(dir);
  return dir;
}

/** The package as npm would lay it out: generator/ copied (no bundle yet), templates and node_modules linked. */
function packageCopy(): string {
  const dir = scratch("contractgen-bundle");
  cpSync(join(repo, "generator"), join(dir, "generator"), { recursive: true, filter: (src) => !src.startsWith(join(repo, "generator/dist")) });
  copyFileSync(join(repo, "package.json"), join(dir, "package.json"));
  cpSync(join(repo, "templates"), join(dir, "templates"), { recursive: true });
  symlinkSync(join(repo, "node_modules"), join(dir, "node_modules"));
  return dir;
}

async function cli(bin: string, args: string[], cwd: string) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "FORCE_COLOR" && !k.startsWith("npm_")));
  try {
    const { stdout, stderr } = await exec(process.execPath, [bin, ...args], { cwd, env: { ...env, NO_COLOR: "1" } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const inProcess = runMain;

describe("the CLI bundle", () => {
  let pkg: string;
  let generator: string;
  beforeAll(async () => {
    pkg = packageCopy();
    generator = join(pkg, "generator");
    expect(currentBundle(generator)).toBeUndefined();
    await buildBundle(generator);
  }, 60_000);

  it("is current once built, and bin.mjs runs it", () => {
    expect(currentBundle(generator)).toBe(`file://${join(generator, "dist/cli.mjs")}`);
    expect(readdirSync(generator).filter((name) => name.startsWith("."))).toEqual([]);
  });

  it("generates exactly what the sources generate (templates, the prettier worker and the version found from the package root)", async () => {
    const project = scratch("contractgen-bundle-project");
    cpSync(join(repo, "test/fixtures/generate/minimal"), project, { recursive: true });
    const spec = readdirSync(project).find((name) => /\.(ya?ml|json)$/.test(name))!;
    const fromBundle = await cli(join(generator, "bin.mjs"), ["generate", "--spec", spec, "--out", "bundled", "--name", "minimal"], project);
    expect(fromBundle.stderr).toBe("");
    expect(fromBundle.code).toBe(0);
    const fromSources = await inProcess(["generate", "--spec", spec, "--out", "sources", "--name", "minimal"], project);
    expect(fromSources.code).toBe(0);
    expect(snapshotTree(join(project, "bundled"))).toEqual(snapshotTree(join(project, "sources")));
    const version = (JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string }).version;
    expect((await cli(join(generator, "bin.mjs"), ["--version"], project)).stdout.trim()).toBe(version);
  }, 60_000);

  it("diffs exactly as the sources do (the lazily loaded diff chunk, JSON data bundled)", async () => {
    const fixture = join(repo, "test/fixtures/diff/api-path-removed-without-deprecation");
    const args = ["diff", "--base", join(fixture, "base.yaml"), "--head", join(fixture, "head.yaml"), "--format", "json", "--fail-on", "never"];
    const fromBundle = await cli(join(generator, "bin.mjs"), args, pkg);
    const fromSources = await inProcess(args, pkg);
    expect(fromBundle.code).toBe(fromSources.code);
    expect(fromBundle.stdout.trimEnd()).toBe(fromSources.out.trimEnd());
    expect(JSON.parse(fromBundle.stdout)).toBeTruthy();
  }, 60_000);

  it("is stale once any source under generator/ changes, and bin.mjs then runs the sources", async () => {
    const entry = join(generator, "dist/cli.mjs");
    const source = join(generator, "diff/core/same.ts");
    const saved = { bundle: readFileSync(entry), source: readFileSync(source, "utf8") };
    writeFileSync(source, `${saved.source}// an edit\n`);
    // A bundle that cannot answer: --version still works only if bin.mjs took the sources.
    writeFileSync(entry, 'throw new Error("the stale bundle ran");\n');
    try {
      expect(currentBundle(generator)).toBeUndefined();
      const version = await cli(join(generator, "bin.mjs"), ["--version"], pkg);
      expect(version.stderr).toBe("");
      expect(version.code).toBe(0);
    } finally {
      writeFileSync(entry, saved.bundle);
      writeFileSync(source, saved.source);
    }
    expect(currentBundle(generator)).toBeDefined();
  }, 60_000);

  it("is stale once a runtime module the CLI bundles changes (templates/runtime/)", () => {
    const source = join(pkg, "templates/runtime/webhooks.ts");
    const saved = readFileSync(source, "utf8");
    writeFileSync(source, `${saved}// an edit\n`);
    try {
      expect(currentBundle(generator)).toBeUndefined();
    } finally {
      writeFileSync(source, saved);
    }
    expect(currentBundle(generator)).toBeDefined();
  });

  it("is still current when only mtimes change, as they do when npm unpacks a package", () => {
    const later = new Date(Date.now() + 60_000);
    for (const file of ["cli.ts", "diff/core/same.ts"]) utimesSync(join(generator, file), later, later);
    expect(currentBundle(generator)).toBeDefined();
  });

  it("a failed build leaves the previous bundle, and no half-written folder", async () => {
    const before = snapshotTree(join(generator, "dist"));
    const cliSource = join(generator, "cli.ts");
    const text = readFileSync(cliSource, "utf8");
    writeFileSync(cliSource, `${text}\nexport const broken = ;\n`);
    try {
      await expect(buildBundle(generator)).rejects.toThrow();
    } finally {
      writeFileSync(cliSource, text);
    }
    expect(snapshotTree(join(generator, "dist"))).toEqual(before);
    expect(readdirSync(generator).filter((name) => name.startsWith("."))).toEqual([]);
  }, 60_000);

  it("two builds at once (two installs) both succeed and leave one whole, current bundle", async () => {
    await Promise.all([buildBundle(generator), buildBundle(generator), buildBundle(generator)]);
    expect(currentBundle(generator)).toBeDefined();
    expect(readdirSync(generator).filter((name) => name.startsWith("."))).toEqual([]);
    const version = await cli(join(generator, "bin.mjs"), ["--version"], pkg);
    expect(version.code).toBe(0);
  }, 60_000);

  it("is missing until built: a package without generator/dist runs the sources", () => {
    const bare = join(scratch("contractgen-bundle-bare"), "generator");
    mkdirSync(bare);
    writeFileSync(join(bare, "cli.ts"), "export {};\n");
    expect(currentBundle(bare)).toBeUndefined();
  });
});
