/**
 * The CLI, prebuilt: esbuild bundles generator/cli.ts into generator/dist/, split at the CLI's lazy
 * imports so that each command still loads only what it needs. bin.mjs runs the bundle while the
 * sources are the ones it was built from, and the sources through tsx otherwise, so that an edit
 * never waits for a build. `npm install` and `npm pack` build it (the prepare script):
 * `node generator/bundle.mjs`.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const GENERATOR = dirname(fileURLToPath(import.meta.url));
const DIST = "dist";
const ENTRY = "cli.mjs";
/** The fingerprint of the sources a bundle was built from, beside it. */
const BUILT_FROM = "sources.sha256";

/**
 * sha256 over every file under generator/ and templates/runtime/ (path and content), the bundle and
 * build leftovers (dot-folders) aside: the CLI bundles runtime modules too (stream formats, header
 * parsing, webhook signing). Content, not mtimes: npm sets every file's mtime when it unpacks a package.
 */
function sourcesFingerprint(generator) {
  const files = [];
  const runtime = join(generator, "..", "templates", "runtime");
  const folders = existsSync(runtime) ? [generator, runtime] : [generator];
  while (folders.length > 0) {
    const folder = folders.pop();
    for (const item of readdirSync(folder, { withFileTypes: true })) {
      if (item.name.startsWith(".") || (folder === generator && item.name === DIST)) continue;
      const path = join(folder, item.name);
      if (item.isDirectory()) folders.push(path);
      else files.push(path);
    }
  }
  const hash = createHash("sha256");
  for (const path of files.sort()) hash.update(relative(generator, path).split(sep).join("/")).update("\0").update(readFileSync(path)).update("\0");
  return hash.digest("hex");
}

/** The bundle's entry module (a file: URL) when it was built from the sources as they are now, else undefined. */
export function currentBundle(generator = GENERATOR) {
  let builtFrom;
  try {
    builtFrom = readFileSync(join(generator, DIST, BUILT_FROM), "utf8").trim();
  } catch {
    return undefined;
  }
  const entry = join(generator, DIST, ENTRY);
  return builtFrom === sourcesFingerprint(generator) && existsSync(entry) ? pathToFileURL(entry).href : undefined;
}

let builds = 0;

/** Build generator/dist/ in a temporary folder and swap it in whole: a failed build leaves the old one. */
export async function buildBundle(generator = GENERATOR) {
  const { build } = await import("esbuild");
  // Taken before the build: a source saved while esbuild runs makes the bundle stale, not wrong.
  const fingerprint = sourcesFingerprint(generator);
  const unique = `${process.pid}-${++builds}`;
  const temporary = join(generator, `.dist-${unique}.contractgen-tmp`);
  const parked = join(generator, `.dist-${unique}.contractgen-old`);
  try {
    await build({
      entryPoints: [join(generator, "cli.ts")],
      outdir: temporary,
      outExtension: { ".js": ".mjs" },
      chunkNames: "chunk-[hash]",
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      packages: "external",
      banner: { js: "// Built from generator/*.ts by generator/bundle.mjs; do not edit." },
      logLevel: "silent",
    });
    writeFileSync(join(temporary, BUILT_FROM), `${fingerprint}\n`);
    const dist = join(generator, DIST);
    try {
      if (existsSync(dist)) renameSync(dist, parked);
      renameSync(temporary, dist);
    } catch (err) {
      // A build running beside this one (two installs at once) swapped its bundle in first: keep that one.
      if (!["ENOENT", "ENOTEMPTY", "EEXIST"].includes(err?.code) || !existsSync(join(dist, ENTRY))) throw err;
    }
  } finally {
    rmSync(temporary, { recursive: true, force: true });
    rmSync(parked, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const start = performance.now();
  try {
    await buildBundle();
  } catch (err) {
    // esbuild's failure lists its errors with 0-based columns; the first, with its position, is enough.
    const first = err?.errors?.[0];
    const where = first?.location ? `${first.location.file}:${first.location.line}:${first.location.column + 1}: ` : "";
    console.error(`error: cannot build the contractgen CLI bundle: ${where}${first?.text ?? String(err?.message ?? err).split("\n")[0]}`);
    process.exit(1);
  }
  console.log(`contractgen: CLI bundle built in generator/${DIST}/ (${Math.round(performance.now() - start)} ms)`);
}
