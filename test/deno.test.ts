/**
 * `importExtension: ".ts"` output runs in Deno as source: generated with that config key, it passes
 * `deno check` (no --sloppy-imports) and a `deno run` that calls a loopback server. Deno comes from
 * the `deno` npm package (node_modules/.bin/deno); openapi-fetch resolves through a node_modules
 * folder (`nodeModulesDir: "manual"`) linked to this repo's copy, so nothing is downloaded.
 *
 * End-to-end (npm run test:e2e): Deno's first type-check takes several seconds.
 */
import { execFile, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const deno = join(root, "node_modules/.bin", process.platform === "win32" ? "deno.cmd" : "deno");
/** The pets fixture: oauth2 security, Problem Details with pinned codes, a path parameter. */
const spec = join(root, "test/fixtures/generate/problem-details-3.0/spec.yaml");
const denoEnv = { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" };

/** Why Deno cannot run here (its npm package ships binaries for a few platforms only), or undefined. */
function whyNoDeno(): string | undefined {
  const result = spawnSync(deno, ["--version"], { encoding: "utf8", env: denoEnv });
  if (result.error) return `node_modules/.bin/deno cannot start (${result.error.message})`;
  if (result.status !== 0) return `deno --version exited ${result.status}: ${result.stderr.trim()}`;
  return undefined;
}

const skipReason = whyNoDeno();

describe.skipIf(skipReason !== undefined)(skipReason ? `Deno (skipped: ${skipReason})` : "importExtension .ts in Deno", () => {
  let dir: string;
  let server: Server;
  let baseUrl: string;
  const seen: { url: string; authorization: string | undefined }[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "contractgen-deno-"));
    copyFileSync(spec, join(dir, "pets.yaml"));
    writeFileSync(
      join(dir, "contractgen.config.json"),
      JSON.stringify({ importExtension: ".ts", apis: [{ name: "pets", spec: "pets.yaml", output: "src/pets" }] }),
    );
    const generated = spawnSync(process.execPath, [join(root, "generator/bin.mjs"), "generate"], { cwd: dir, encoding: "utf8" });
    if (generated.status !== 0) throw new Error(`generate failed (${generated.status}):\n${generated.stdout}\n${generated.stderr}`);

    // A Deno project that resolves bare npm specifiers from node_modules, as one set up by `npm i` would.
    writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, type: "module", dependencies: { "openapi-fetch": "*", "eventsource-parser": "*" } }));
    writeFileSync(join(dir, "deno.json"), JSON.stringify({ nodeModulesDir: "manual", lock: false }));
    mkdirSync(join(dir, "node_modules"));
    for (const name of ["openapi-fetch", "openapi-typescript-helpers", "eventsource-parser"]) symlinkSync(join(root, "node_modules", name), join(dir, "node_modules", name), "junction");

    server = createServer((req, res) => {
      seen.push({ url: req.url ?? "", authorization: req.headers.authorization });
      const found = req.url?.endsWith("/pets/rex");
      res.writeHead(found ? 200 : 404, { "Content-Type": found ? "application/json" : "application/problem+json" });
      res.end(JSON.stringify(found ? { id: "rex", name: "Rex" } : { code: "pet_not_found", title: "No such pet" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("writes only .ts relative imports, in the API folder and in the runtime", () => {
    const files = [...readdirSync(join(dir, "src/pets")).map((f) => `src/pets/${f}`), ...readdirSync(join(dir, "src/runtime")).map((f) => `src/runtime/${f}`)];
    const relativeImports = files
      .filter((file) => file.endsWith(".ts"))
      .flatMap((file) => [...readFileSync(join(dir, file), "utf8").matchAll(/from "(\.{1,2}\/[^"]*)"/g)].map((m) => `${file}: ${m[1]}`));
    expect(relativeImports.length).toBeGreaterThan(0);
    expect(relativeImports.filter((entry) => !entry.endsWith(".ts"))).toEqual([]);
  });

  it("passes deno check and calls a loopback server with deno run", async () => {
    writeFileSync(
      join(dir, "main.ts"),
      `import { createPetsClient } from "./src/pets/index.ts";
const client = createPetsClient({ apiKey: "key-1", baseUrl: Deno.args[0] });
const found = await client.getPet({ params: { path: { petId: "rex" } } });
const missing = await client.getPet({ params: { path: { petId: "tom" } } });
const name: string | undefined = found.data?.name;
console.log(JSON.stringify({ name, code: missing.error?.code }));
`,
    );
    const check = spawnSync(deno, ["check", "src/pets/index.ts", "main.ts"], { cwd: dir, encoding: "utf8", env: denoEnv });
    expect(check.status, `${check.stdout}\n${check.stderr}`).toBe(0);

    // asynchronously: the loopback server lives in this process and must keep answering
    const { stdout } = await promisify(execFile)(deno, ["run", "--allow-net=127.0.0.1", "main.ts", baseUrl], { cwd: dir, env: denoEnv });
    expect(JSON.parse(stdout)).toEqual({ name: "Rex", code: "pet_not_found" });
    expect(seen.map((s) => s.authorization)).toEqual(["Bearer key-1", "Bearer key-1"]);
  }, 120_000);
});
