/**
 * CLI conventions: --version, --help on every command, -c/-q/--verbose on every command,
 * config discovery walking up, colour only on a terminal (NO_COLOR, FORCE_COLOR), and hints that name
 * the command the way the user ran it. Pure parts are tested directly; the rest through `main` or as
 * a real `node generator/bin.mjs` process.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../generator/cli.ts";
import { colourEnabled, NO_PAINT, paint, paintDiagnostic } from "../generator/findings/colour.ts";
import { invocationFor } from "../generator/commands/hints.ts";
import { runMain } from "./support/cli.ts";
import { scratchCopy } from "./support/tree.ts";

const exec = promisify(execFile);
const repo = join(import.meta.dirname, "..");
const bin = join(repo, "generator/bin.mjs");
const version = (JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string }).version;

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function scratch(): string {
  const dir = scratchCopy("contractgen-cli");
  dirs.push(dir);
  return dir;
}

const run = (args: string[], cwd = repo) => runMain(args, cwd);

/** A real process; `env` is added to a copy of this one's without the colour variables. */
async function spawnCli(args: string[], cwd: string, env: Record<string, string> = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !["NO_COLOR", "FORCE_COLOR"].includes(k) && !k.startsWith("npm_")));
  return exec(process.execPath, [bin, ...args], { cwd, env: { ...base, ...env }, timeout: 60_000 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" }),
  );
}

const COMMANDS = ["init", "generate", "check", "watch", "lint", "diff", "drift", "mock", "webhook"];

describe("--version and --help", () => {
  it("--version and -V print the package's version", async () => {
    expect(await run(["--version"])).toEqual({ code: 0, out: version, err: "" });
    expect((await run(["-V"])).out).toBe(version);
  });

  it("the main help lists every command and the version flag", async () => {
    const { code, out } = await run(["--help"]);
    expect(code).toBe(0);
    for (const name of COMMANDS) expect(out).toMatch(new RegExp(`^  ${name} +\\S`, "m"));
    expect(out).toContain("-V, --version");
    expect(out).not.toContain("cannot load");
  });

  it.each(COMMANDS)("%s --help prints its usage and the options every command takes", async (name) => {
    const { code, out, err } = await run([name, "--help"]);
    expect({ code, err }).toEqual({ code: 0, err: "" });
    expect(out).toContain(`contractgen ${name}`);
    for (const flag of ["-c, --config FILE", "-q, --quiet", "--verbose", "-h, --help"]) expect(out).toContain(flag);
  });

  it.each(COMMANDS)("%s accepts -q and --verbose (and refuses both at once)", async (name) => {
    const both = await run([name, "-q", "--verbose"], scratch());
    expect(both.code).toBe(2);
    expect(both.err).toBe("error: --quiet and --verbose cannot be combined");
  });

  it("drift and mock are registered; a command that takes no files refuses them", async () => {
    const dir = scratch();
    expect(await run(["drift", "--api", "pets", "--har", "traffic.har"], dir)).toMatchObject({ code: 2, err: expect.stringMatching(/^error: no config file/) });
    expect(await run(["mock", "--api", "pets"], dir)).toMatchObject({ code: 2, err: expect.stringMatching(/^error: no config file/) });
    expect(await run(["generate", "spec.yaml"], dir)).toMatchObject({ code: 2, err: expect.stringMatching(/^error: Unexpected argument 'spec\.yaml'/) });
  });

  it("no command: the usage on stderr, exit 2; an unknown one names the commands", async () => {
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.err).toContain("Usage: contractgen <command>");
    const unknown = await run(["generat"]);
    expect(unknown).toEqual({ code: 2, out: "", err: `error: unknown command "generat"\n  hint: commands: ${COMMANDS.join(", ")}` });
  });
});

describe("colour", () => {
  it.each([
    [{ isTTY: true }, {}, true],
    [{ isTTY: false }, {}, false],
    [{ isTTY: true }, { NO_COLOR: "1" }, false],
    [{ isTTY: true }, { NO_COLOR: "" }, true],
    [{ isTTY: false }, { FORCE_COLOR: "1" }, true],
    [{ isTTY: true }, { FORCE_COLOR: "0" }, false],
    [{ isTTY: false }, { FORCE_COLOR: "1", NO_COLOR: "1" }, false],
    [{ isTTY: true }, { TERM: "dumb" }, false],
  ])("%j with %j: %s", (stream, env, want) => {
    expect(colourEnabled(stream, env)).toBe(want);
  });

  it("paints only the severity word and the hint label", () => {
    const text = "spec.yaml:3:1: error: no paths (at #/paths)\n  hint: add one";
    expect(paintDiagnostic(text, NO_PAINT)).toBe(text);
    expect(paintDiagnostic(text, paint(true))).toBe("spec.yaml:3:1: \u001b[1m\u001b[31merror\u001b[39m\u001b[22m: no paths (at #/paths)\n\u001b[2m  hint: \u001b[22madd one");
    expect(paintDiagnostic("x.yaml:1:1: warning: w", paint(true))).toContain("\u001b[33mwarning\u001b[39m");
  });

  it("a real process colours its errors with FORCE_COLOR and never with NO_COLOR or a pipe", async () => {
    const dir = scratch();
    const forced = await spawnCli(["generate"], dir, { FORCE_COLOR: "1" });
    expect(forced.code).toBe(2);
    expect(forced.stderr).toMatch(/^\u001b\[1m\u001b\[31merror\u001b\[39m\u001b\[22m: no config file/);
    const piped = await spawnCli(["generate"], dir);
    expect(piped.stderr).toMatch(/^error: no config file/);
    const refused = await spawnCli(["generate"], dir, { FORCE_COLOR: "1", NO_COLOR: "1" });
    expect(refused.stderr).not.toContain("\u001b[");
  });
});

describe("hints name the command as it was run", () => {
  const at = (script: string, env: Record<string, string> = {}, carried: string[] = []) => invocationFor("generate", { env, cwd: "/p", script, carried });

  it("node path/to/bin.mjs: the same script, relative to the current folder", () => {
    expect(at("/p/generator/bin.mjs")).toBe("node generator/bin.mjs generate");
    expect(at("/tools/contractgen/generator/bin.mjs", {}, ["-c", "api/contractgen.config.json"])).toBe("node ../tools/contractgen/generator/bin.mjs generate -c api/contractgen.config.json");
  });

  it("npx, or the bin link in node_modules: npx contractgen", () => {
    expect(at("/p/node_modules/.bin/contractgen", { npm_command: "exec", npm_lifecycle_event: "npx" })).toBe("npx contractgen generate");
    expect(at("/p/node_modules/contractgen/generator/bin.mjs")).toBe("npx contractgen generate");
    expect(at("/usr/local/bin/contractgen")).toBe("contractgen generate");
  });

  it("an npm script: the script that runs generate, when the package has one; else npx", () => {
    const dir = scratch();
    const pkg = join(dir, "package.json");
    writeFileSync(pkg, JSON.stringify({ scripts: { "api:check": "contractgen check", "api:gen": "contractgen generate -q" } }));
    expect(at("/p/node_modules/.bin/contractgen", { npm_lifecycle_event: "api:check", npm_package_json: pkg })).toBe("npm run api:gen");
    writeFileSync(pkg, JSON.stringify({ scripts: { check: "contractgen check" } }));
    expect(at("/p/node_modules/.bin/contractgen", { npm_lifecycle_event: "check", npm_package_json: pkg })).toBe("npx contractgen generate");
  });

  it("every module's hints are spelled that way too (the config's, the argument parser's)", async () => {
    const dir = scratch();
    const err: string[] = [];
    const io = { out: () => {}, err: (l: string) => err.push(l), cwd: dir, script: join(dir, "tools/generator/bin.mjs") };
    expect(await main(["generate"], io)).toBe(2);
    expect(err.join("\n")).toContain("hint: run `node tools/generator/bin.mjs init --spec FILE` to write one, or `node tools/generator/bin.mjs generate --spec FILE --out DIR`");
    err.length = 0;
    expect(await main(["check", "--fast"], io)).toBe(2);
    expect(err.join("\n")).toContain("hint: see `node tools/generator/bin.mjs check --help`");
  });

  it("check's stale hint, from a real process run as node generator/bin.mjs with -c", async () => {
    const dir = scratch();
    mkdirSync(join(dir, "conf"));
    writeFileSync(join(dir, "spec.yaml"), "openapi: 3.1.0\ninfo: { title: T, version: '1' }\npaths: {}\ncomponents: { schemas: { A: { type: string } } }\n");
    writeFileSync(join(dir, "conf/cg.json"), JSON.stringify({ apis: [{ name: "t", spec: "../spec.yaml", output: "../out/t" }] }));
    const result = await spawnCli(["check", "-c", "conf/cg.json"], dir);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(`run \`node ${relative(dir, bin)} generate -c conf/cg.json\` and commit the result`);
    expect(result.stderr).not.toContain("npm run");
  });
});

describe("config discovery and -c", () => {
  it("finds the config in a parent folder, and -c names one elsewhere", async () => {
    const dir = scratch();
    mkdirSync(join(dir, ".git"));
    mkdirSync(join(dir, "src/deep"), { recursive: true });
    writeFileSync(join(dir, "spec.yaml"), "openapi: 3.1.0\ninfo: { title: T, version: '1' }\npaths: {}\n");
    writeFileSync(join(dir, "contractgen.config.json"), JSON.stringify({ apis: [{ name: "t", spec: "spec.yaml", output: "generated/t", lint: { "no-empty-servers": "warn" } }] }));
    const found = await run(["lint", "--verbose"], join(dir, "src/deep"));
    expect(found.code, found.err).toBe(0);
    expect(found.err.split("\n")).toEqual(["config: ../../contractgen.config.json", "linting ../../spec.yaml...", "../../spec.yaml:1:1: warning: Servers must be present. [no-empty-servers] (at #/openapi)"]);
    expect(found.out).toMatch(/^\.\.\/\.\.\/spec\.yaml: 0 error\(s\)/m);
    const elsewhere = scratch();
    const named = await run(["lint", "-c", join(dir, "contractgen.config.json")], elsewhere);
    expect(named.code, named.err).toBe(0);
    const missing = await run(["lint"], elsewhere);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^error: no config file/);
  });
});

describe("each command loads what it needs", () => {
  /** The generator's heavy libraries a process resolved while running `args` (as ESM imports) in the repository. */
  async function librariesLoaded(args: string[]): Promise<string[]> {
    const dir = scratch();
    writeFileSync(
      join(dir, "hook.mjs"),
      `export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  const library = /node_modules\\/(ajv|handlebars|openapi-typescript|prettier)\\//.exec(result.url);
  if (library) process.stderr.write("LOADED " + library[1] + "\\n");
  return result;
}\n`,
    );
    writeFileSync(join(dir, "register.mjs"), `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(join(dir, "hook.mjs")).href)});\n`);
    const { stderr } = await exec(process.execPath, ["--import", pathToFileURL(join(dir, "register.mjs")).href, bin, ...args], { cwd: repo, timeout: 60_000 }).catch((e: { stderr: string }) => e);
    return [...new Set([...stderr.matchAll(/^LOADED (\S+)$/gm)].map((m) => m[1]!))].sort();
  }

  it("diff reads the config (checked against its schema) without ajv, handlebars or openapi-typescript; check loads them", async () => {
    expect(await librariesLoaded(["diff", "--base", "spec/hostup.yaml", "--head", "spec/hostup.yaml", "-q"])).toEqual([]);
    expect(await librariesLoaded(["check", "-q"])).toEqual(expect.arrayContaining(["ajv", "handlebars"]));
  }, 60_000);
});
