/**
 * The two packages this repo publishes, as a user gets them: each tarball from `npm pack` installed
 * ALONE into an empty project outside the repo (no TypeScript, no generator libraries beside it).
 *
 * - `contractgen` (the CLI, root package.json): `--version`, `--help`, `generate` on a small spec,
 *   the output type-checked by the TypeScript the tarball brought, compiled and called on loopback;
 *   `init` then `generate`; `mock` without the optional Prism peer says what to install.
 * - `@contractgen/billing-clients` (generated/package.json): openapi-fetch and eventsource-parser
 *   (streamed SSE bodies) are its only dependencies;
 *   both entry points imported from ESM and from TypeScript (NodeNext and Bundler), a call on
 *   loopback, hover docs, publint and attw on the tarball, and the examples against Prism.
 *
 * End-to-end (npm run test:e2e): packing and installing takes most of a minute.
 */
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPrism, type PrismServer } from "./support/prism.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";
const repoTsc = join(root, "node_modules/typescript/bin/tsc");
const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
const clientsManifest = JSON.parse(readFileSync(join(root, "generated/package.json"), "utf8")) as { name: string };
/** What the CLI needs at run time: none of it may reach a project that only installs the clients. */
const GENERATOR_LIBRARIES = ["handlebars", "prettier", "yaml", "js-yaml", "@redocly", "openapi-typescript", "tsx", "typescript", "swagger2openapi", "ajv"];

/**
 * Child npm processes must not inherit the settings of an `npm run` that started vitest
 * (npm_config_local_prefix, workspace flags, npm_package_*): they would install into this repo.
 */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_(package|lifecycle)_|^npm_config_(local_prefix|prefix|workspaces?|include_workspace_root|global)$/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: "1", ...extra };
}

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

function exec(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Result {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: cleanEnv(env) });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const result = exec(command, args, cwd, env);
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Asynchronously: a loopback server in this process must keep answering while the child runs. */
async function runNode(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd, env: cleanEnv(env) });
  return stdout;
}

/** `npx --no`: never fetch a package of the same name from the registry when the local bin is missing. */
function contractgen(args: string[], cwd: string): Result {
  return exec(npx, ["--no", "--", "contractgen", ...args], cwd);
}

function pack(args: string[], destination: string): string {
  const output = run(npm, ["pack", ...args, "--pack-destination", destination, "--json", "--loglevel=error"], root);
  const [packed] = JSON.parse(output.slice(output.search(/^\[/m))) as { filename: string }[];
  return join(destination, packed!.filename);
}

/** An empty project with the given packages (a tarball, alone as a rule) installed into it. */
function projectWith(dir: string, ...packages: string[]): string {
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }, null, 2));
  run(npm, ["install", ...packages, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], dir);
  return dir;
}

function installedVersion(project: string, name: string): string {
  return (JSON.parse(readFileSync(join(project, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
}

function installedPackages(project: string): string[] {
  const lock = JSON.parse(readFileSync(join(project, "node_modules/.package-lock.json"), "utf8")) as { packages: Record<string, unknown> };
  return Object.keys(lock.packages).map((path) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length));
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; baseUrl: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

function writeTsconfig(dir: string, name: string, compilerOptions: Record<string, unknown>, include: string[]): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    JSON.stringify({ compilerOptions: { strict: true, target: "ES2022", types: [], skipLibCheck: false, ...compilerOptions }, include }),
  );
  return file;
}

const PETS_SPEC = `openapi: 3.1.0
info:
  title: Pets
  version: "1"
servers:
  - url: https://pets.example
security:
  - bearerAuth: []
components:
  securitySchemes:
    bearerAuth:
      type: http
      scheme: bearer
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id: { type: string }
        name: { type: string }
    Problem:
      type: object
      required: [code, title]
      properties:
        code: { type: string, enum: [not_found] }
        title: { type: string }
        detail: { type: string }
paths:
  /pets/{petId}:
    get:
      operationId: getPet
      summary: Get a pet
      parameters:
        - { name: petId, in: path, required: true, schema: { type: string } }
      responses:
        "200":
          description: The pet
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Pet" }
        "404":
          description: No such pet
          content:
            application/problem+json:
              schema: { $ref: "#/components/schemas/Problem" }
`;

/** A pet store answering /pets/rex, and Problem Details for any other pet; it records what it saw. */
function petStore(seen: { url: string; authorization: string | undefined }[]) {
  return (req: IncomingMessage, res: ServerResponse) => {
    seen.push({ url: req.url ?? "", authorization: req.headers.authorization });
    if (req.url === "/pets/rex") {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ id: "rex", name: "Rex" }));
    } else {
      res.writeHead(404, { "Content-Type": "application/problem+json" });
      res.end(JSON.stringify({ code: "not_found", title: "No such pet" }));
    }
  };
}

let work: string;
let cliTarball: string;
let clientsTarball: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "contractgen-pack-"));
  cliTarball = pack([], work);
  clientsTarball = pack(["-w", "generated"], work); // its prepack builds generated/dist
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the contractgen CLI tarball, installed alone", () => {
  let app: string;
  beforeAll(() => {
    app = projectWith(join(work, "cli-app"), cliTarball);
    writeFileSync(join(app, "pets.yaml"), PETS_SPEC);
  }, 240_000);

  it("ships the generator and templates, not the tests or the generated clients", () => {
    const installed = join(app, "node_modules/contractgen");
    expect(existsSync(join(installed, "generator/bin.mjs"))).toBe(true);
    expect(existsSync(join(installed, "templates/runtime/index.ts"))).toBe(true);
    expect(existsSync(join(installed, "generated"))).toBe(false);
    expect(existsSync(join(installed, "test"))).toBe(false);
  });

  it("runs its CLI from the bundle that npm pack built (no TypeScript compiled at run time)", async () => {
    const installed = join(app, "node_modules/contractgen");
    const { currentBundle } = (await import(pathToFileURL(join(installed, "generator/bundle.mjs")).href)) as typeof import("../generator/bundle.mjs");
    expect(currentBundle(join(installed, "generator"))).toBe(pathToFileURL(join(installed, "generator/dist/cli.mjs")).href);
  });

  it("brings a TypeScript the generator works with (5.x; TypeScript 7 breaks openapi-typescript)", () => {
    expect(installedVersion(app, "typescript")).toMatch(/^5\./);
  });

  it("keeps its own TypeScript 5 in a project that has TypeScript 7, and generates code TypeScript 7 accepts", () => {
    const project = projectWith(join(work, "cli-app-ts7"), "typescript@^7", cliTarball);
    expect(installedVersion(project, "typescript")).toMatch(/^7\./);
    writeFileSync(join(project, "pets.yaml"), PETS_SPEC);
    const generated = exec(join(project, "node_modules/.bin/contractgen"), ["generate", "--spec", "pets.yaml", "--out", "src/pets"], project);
    expect(generated.status, `${generated.stdout}\n${generated.stderr}`).toBe(0);
    writeTsconfig(project, "tsconfig.json", { module: "NodeNext", moduleResolution: "NodeNext", noEmit: true }, ["src"]);
    run(join(project, "node_modules/.bin/tsc"), ["-p", "tsconfig.json"], project);
  }, 240_000);

  it("--version prints the package version and --help the commands", () => {
    const version = contractgen(["--version"], app);
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(rootManifest.version);
    const help = contractgen(["--help"], app);
    expect(help.status, help.stderr).toBe(0);
    for (const command of ["generate", "check", "init"]) expect(help.stdout).toContain(command);
  });

  it("generates a client from a small spec that type-checks, compiles and calls a server", async () => {
    const generated = contractgen(["generate", "--spec", "pets.yaml", "--out", "src/pets"], app);
    expect(generated.status, `${generated.stdout}\n${generated.stderr}`).toBe(0);
    expect(existsSync(join(app, "src/pets/index.ts"))).toBe(true);
    expect(existsSync(join(app, "src/pets/runtime/index.ts"))).toBe(true);
    writeFileSync(
      join(app, "src/main.ts"),
      `import { createPetsClient } from "./pets/index.js";
const client = createPetsClient({ apiKey: "key-1", baseUrl: process.env.BASE_URL });
const found = await client.getPet({ params: { path: { petId: "rex" } } });
const missing = await client.getPet({ params: { path: { petId: "tom" } } });
const name: string | undefined = found.data?.name;
export function withoutPetId() {
  // @ts-expect-error the path parameter is required
  return client.getPet({ params: { path: {} } });
}
console.log(JSON.stringify({ name, code: missing.error?.code }));
`,
    );
    // No @types/node in this project: declare the one Node global the script reads.
    writeFileSync(join(app, "src/env.d.ts"), `declare const process: { env: Record<string, string | undefined> };\n`);
    writeTsconfig(app, "tsconfig.json", { module: "NodeNext", moduleResolution: "NodeNext", outDir: "dist", rootDir: "src" }, ["src"]);
    run(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json"], app);

    const seen: { url: string; authorization: string | undefined }[] = [];
    const { server, baseUrl } = await listen(petStore(seen));
    try {
      const output = await runNode(["dist/main.js"], app, { BASE_URL: baseUrl });
      expect(JSON.parse(output)).toEqual({ name: "Rex", code: "not_found" });
      expect(seen).toEqual([
        { url: "/pets/rex", authorization: "Bearer key-1" },
        { url: "/pets/tom", authorization: "Bearer key-1" },
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("init writes a config that generate then follows", () => {
    const project = join(work, "cli-app-init");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "init-app", private: true, type: "module" }));
    writeFileSync(join(project, "pets.yaml"), PETS_SPEC);
    // the installed CLI, run from a project that has a config of its own
    const bin = join(app, "node_modules/.bin/contractgen");
    const init = exec(bin, ["init", "--spec", "pets.yaml"], project);
    expect(init.status, `${init.stdout}\n${init.stderr}`).toBe(0);
    const config = JSON.parse(readFileSync(join(project, "contractgen.config.json"), "utf8")) as { apis: { output: string }[] };
    const generate = exec(bin, ["generate"], project);
    expect(generate.status, `${generate.stdout}\n${generate.stderr}`).toBe(0);
    expect(existsSync(join(project, config.apis[0]!.output, "index.ts"))).toBe(true);
  });

  it("a contractgen.config.mjs with defineConfig from contractgen/config is typed, and generate follows it", () => {
    const project = join(work, "cli-app-define");
    mkdirSync(join(project, "node_modules"), { recursive: true });
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "define-app", private: true, type: "module" }));
    writeFileSync(join(project, "pets.yaml"), PETS_SPEC);
    symlinkSync(join(app, "node_modules/contractgen"), join(project, "node_modules/contractgen"));
    const config = `import { defineConfig } from "contractgen/config";\nexport default defineConfig({ apis: [{ name: "pets", spec: "pets.yaml", output: "src/pets" }] });\n`;
    writeFileSync(join(project, "contractgen.config.mjs"), config);
    const generate = exec(join(app, "node_modules/.bin/contractgen"), ["generate"], project);
    expect(generate.status, `${generate.stdout}\n${generate.stderr}`).toBe(0);
    expect(existsSync(join(project, "src/pets/index.ts"))).toBe(true);
    writeFileSync(join(project, "typed.mts"), `import { defineConfig } from "contractgen/config";\n// @ts-expect-error: not a config key\ndefineConfig({ apis: [], guard: [] });\n`);
    writeTsconfig(project, "tsconfig.json", { module: "NodeNext", moduleResolution: "NodeNext", noEmit: true, types: [] }, ["typed.mts"]);
    run(join(app, "node_modules/.bin/tsc"), ["-p", "tsconfig.json"], project);
  });

  it("mock without the optional Prism peer names the package to install, not an internal error", () => {
    writeFileSync(join(app, "contractgen.config.json"), JSON.stringify({ apis: [{ name: "pets", spec: "pets.yaml", output: "src/pets" }] }));
    try {
      const mock = contractgen(["mock", "--api", "pets"], app);
      expect(mock.status).not.toBe(0);
      expect(mock.status).not.toBe(70); // 70 = internal error
      expect(mock.stderr).toContain("@stoplight/prism-cli");
    } finally {
      rmSync(join(app, "contractgen.config.json"));
    }
  });
});

describe("the clients tarball, installed with the TanStack Query types its HostUp folder names", () => {
  let app: string;
  beforeAll(() => {
    // HostUp's folder has query.ts (tanstackQuery), whose declarations import @tanstack/query-core's
    // types: an application that type-checks without skipLibCheck installs them (nothing at run time).
    app = projectWith(join(work, "clients-app"), clientsTarball, "@tanstack/query-core@^5");
  }, 240_000);

  it("depends on openapi-fetch and eventsource-parser only, with @tanstack/query-core an optional peer: none of the generator's libraries are installed", () => {
    const manifest = JSON.parse(readFileSync(join(app, `node_modules/${clientsManifest.name}/package.json`), "utf8")) as Record<string, Record<string, string> | undefined>;
    expect(Object.keys(manifest.dependencies ?? {})).toEqual(["eventsource-parser", "openapi-fetch"]);
    expect(manifest.peerDependencies).toEqual({ "@tanstack/query-core": "^5.0.0" });
    expect(manifest.peerDependenciesMeta).toEqual({ "@tanstack/query-core": { optional: true } });
    const installed = installedPackages(app);
    expect(installed).toContain("openapi-fetch");
    for (const library of GENERATOR_LIBRARIES) expect(installed.filter((name) => name === library || name.startsWith(`${library}/`)), library).toEqual([]);
    expect(existsSync(join(app, `node_modules/${clientsManifest.name}/dist/hostup/index.d.ts`))).toBe(true);
  });

  it("imports ./hostup, ./aether and ./runtime from ESM and calls an operation on loopback", async () => {
    writeFileSync(
      join(app, "call.mjs"),
      `import { createHostupClient } from "${clientsManifest.name}/hostup";
import { createAetherClient } from "${clientsManifest.name}/aether";
import * as runtime from "${clientsManifest.name}/runtime";
createAetherClient({ apiKey: "a" });
const client = createHostupClient({ apiKey: "key-123", baseUrl: process.env.BASE_URL });
const { data, error } = await client.listSavedCards();
console.log(JSON.stringify({ last4: data?.[0]?.last4, error: error?.code, runtime: typeof runtime.createApiClient }));
`,
    );
    const seen: { url: string; authorization: string | undefined }[] = [];
    const { server, baseUrl } = await listen((req, res) => {
      seen.push({ url: req.url ?? "", authorization: req.headers.authorization });
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify([{ id: "card_1", brand: "visa", last4: "4242", expMonth: 12, expYear: 2028, cardholderName: null, isPrimary: true, addedAt: null }]));
    });
    try {
      const output = await runNode(["call.mjs"], app, { BASE_URL: baseUrl });
      expect(JSON.parse(output)).toEqual({ last4: "4242", runtime: "function" });
      expect(seen).toHaveLength(1);
      expect(seen[0]!.url).toMatch(/\/v2\/billing\/cards$/);
      expect(seen[0]!.authorization).toBe("Bearer key-123");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  const application = `import { createHostupClient, type ListSavedCardsError } from "${clientsManifest.name}/hostup";
import { createAetherClient } from "${clientsManifest.name}/aether";
type Code = ListSavedCardsError["code"];
export const documented: Code = "unauthorized";
export const transport: Code = "timeout";
// @ts-expect-error the union holds the documented codes only, not any string
export const undocumented: Code = "no_such_code";
export async function last4(): Promise<string | null | undefined> {
  const { data, error } = await createHostupClient({ apiKey: "k" }).listSavedCards();
  if (error) return error.message;
  return data[0]?.last4;
}
export const aether = createAetherClient({ apiKey: "k" });
`;

  it.each([
    ["NodeNext", { module: "NodeNext", moduleResolution: "NodeNext" }],
    ["Bundler", { module: "ESNext", moduleResolution: "Bundler" }],
  ])("type-checks with moduleResolution %s, error codes as literal unions", (name, options) => {
    writeFileSync(join(app, "app.ts"), application);
    // the narrowest lib a browser or Node project has: the declarations need no DOM.Iterable
    const tsconfig = writeTsconfig(app, `tsconfig.${name}.json`, { ...options, lib: ["ES2022", "DOM"], noEmit: true }, ["app.ts"]);
    run(process.execPath, [repoTsc, "-p", tsconfig], app);
  });

  it("hovering client.storeSavedCard shows its summary and required scope", () => {
    const file = join(app, "hover.ts");
    const source = `import { createHostupClient } from "${clientsManifest.name}/hostup";\nconst client = createHostupClient({ apiKey: "k" });\nclient.storeSavedCard;\n`;
    writeFileSync(file, source);
    const options: ts.CompilerOptions = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, types: [] };
    const host: ts.LanguageServiceHost = {
      getScriptFileNames: () => [file],
      getScriptVersion: () => "1",
      getScriptSnapshot: (name) => (existsSync(name) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(name)!) : undefined),
      getCurrentDirectory: () => app,
      getCompilationSettings: () => options,
      getDefaultLibFileName: ts.getDefaultLibFilePath,
      fileExists: ts.sys.fileExists,
      readFile: ts.sys.readFile,
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
    };
    const service = ts.createLanguageService(host);
    const info = service.getQuickInfoAtPosition(file, source.indexOf("storeSavedCard;") + 2);
    const documentation = ts.displayPartsToString(info?.documentation);
    expect(documentation).toContain("Store saved card");
    expect(documentation).toContain("Required scopes: `write:payment_methods`");
    expect(documentation).toContain("Do not send raw card numbers");
  });
});

describe("package checks on the tarballs", () => {
  it.each([
    ["contractgen", () => cliTarball],
    ["the clients", () => clientsTarball],
  ])("publint --strict: %s", (_name, tarball) => {
    const output = run(process.execPath, [join(root, "node_modules/publint/src/cli.js"), "run", tarball(), "--strict"], root);
    expect(output).toContain("All good!");
  }, 120_000);

  it("attw on the clients: types resolve for node10, node16 (ESM) and bundler", () => {
    // ESM only: a CommonJS `require` resolves to ESM, which attw reports as cjs-resolves-to-esm.
    // Node 20.19+ loads it with require(esm); older CJS consumers use a dynamic import. Every other
    // rule is enforced.
    const result = exec(process.execPath, [join(root, "node_modules/@arethetypeswrong/cli/dist/index.js"), clientsTarball, "--format", "json"], root);
    const report = JSON.parse(result.stdout) as { analysis: { entrypoints: Record<string, unknown>; problems: { kind: string }[] } };
    expect(Object.keys(report.analysis.entrypoints).sort()).toEqual(["./aether", "./hostup", "./package.json", "./runtime"]);
    expect(report.analysis.problems.filter((p) => p.kind !== "CJSResolvesToESM")).toEqual([]);
    expect(report.analysis.problems.length).toBeGreaterThan(0); // the ESM-only finding is still reported, just accepted
  }, 120_000);
});

describe("examples against Prism, through the workspace link to the built clients", () => {
  let hostup: PrismServer;
  let aether: PrismServer;
  beforeAll(async () => {
    [hostup, aether] = await Promise.all([startPrism("spec/hostup.yaml"), startPrism("spec/aether.yaml")]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([hostup?.stop(), aether?.stop()]);
  });

  it("type-check", () => {
    run(process.execPath, [repoTsc, "-p", "examples/tsconfig.json"], root);
  });

  it("hostup-cards lists cards and orders a storage add-on", () => {
    const output = run(process.execPath, ["--import", "tsx", "examples/hostup-cards.ts"], root, { HOSTUP_API_KEY: "k", HOSTUP_BASE_URL: hostup.baseUrl });
    expect(output).toContain("visa ending in 4242 (primary)");
    expect(output).toContain("ordered: invoice inv_01hxa3b4c5d6e7f8g9h0j1k2m3");
  });

  it("aether-attach attaches a payment method", () => {
    const output = run(process.execPath, ["--import", "tsx", "examples/aether-attach.ts", "pm_123"], root, { AETHER_API_KEY: "k", AETHER_BASE_URL: aether.baseUrl });
    expect(output).toMatch(/^attached .* as /);
  });
});
