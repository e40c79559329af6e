/**
 * Bundle size: one call in a browser bundle (esbuild, minified, gzip -9) through contractgen's core
 * and one operation function, beside the same call through openapi-fetch, @hey-api/openapi-ts's SDK
 * and orval's fetch client, for HostUp (generated/hostup) and for GitHub (generated from
 * @octokit/openapi's spec into a temporary folder by every tool).
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { BIN, GITHUB, log, markdown, NODE, targets, version, type SpecInput } from "../context.ts";
import { fmt, freshDir, ROOT, runTimed, table, WORK } from "../lib.ts";

interface Call {
  spec: SpecInput;
  /** The operation's client method name (contractgen, hey-api and orval name it alike here). */
  name: string;
  path: string;
  /** The call's init, as source. */
  init: string;
}

const HOSTUP: Call = {
  spec: { name: "hostup", file: join(ROOT, "spec/hostup.yaml"), label: "spec/hostup.yaml" },
  name: "listSavedCards",
  path: "/api/v2/billing/cards",
  init: "",
};
const githubCall = (spec: SpecInput): Call => ({
  spec,
  name: "reposListForOrg",
  path: "/orgs/{org}/repos",
  init: '{ params: { path: { org: "octokit" } } }',
});

interface Size {
  minified: number;
  gzip: number;
}

/** `source` (an entry module in `dir`) bundled for the browser, minified, and its gzip -9 size; or why it cannot be. */
async function bundleSize(dir: string, source: string): Promise<Size | string> {
  try {
    return await bundleOnce(dir, source);
  } catch (err) {
    const first = (err as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors?.[0];
    return first ? `esbuild: ${first.text}${first.location ? ` (${first.location.file.split("/").pop()}:${first.location.line})` : ""}` : String(err);
  }
}

async function bundleOnce(dir: string, source: string): Promise<Size> {
  const entry = join(dir, "entry.ts");
  writeFileSync(entry, source);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
    nodePaths: [join(ROOT, "node_modules")],
  });
  const code = result.outputFiles[0]!.contents;
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

/** What every entry does with the call's result, so that a bundler cannot drop it. */
const PRINT = "console.log(r.data, r.error)";

/** The bundle of `call` through each tool, each in a folder of its own, or why there is none. */
async function sizesFor(call: Call, ours: string | undefined): Promise<Map<string, Size | string>> {
  const base = freshDir(join(WORK, "bundle", call.spec.name));
  const sizes = new Map<string, Size | string>();
  const args = call.init === "" ? "" : `, ${call.init}`;
  if (ours) {
    const api = call.spec.name[0]!.toUpperCase() + call.spec.name.slice(1);
    // The entry lives in the bench's folder, never in the API folder it imports.
    const entryDir = join(base, "contractgen");
    mkdirSync(entryDir, { recursive: true });
    sizes.set(
      "contractgen: createXCore + one operation function",
      await bundleSize(
        entryDir,
        `import { create${api}Core, ${call.name} } from ${JSON.stringify(join(ours, "index.ts"))};\nconst core = create${api}Core({ apiKey: "k", baseUrl: "https://api.example.com" });\n${call.name}(core${args}).then((r) => ${PRINT});\n`,
      ),
    );
  } else sizes.set("contractgen: createXCore + one operation function", "generation failed");
  const plainDir = join(base, "openapi-fetch");
  mkdirSync(plainDir, { recursive: true });
  sizes.set(
    `openapi-fetch ${version("openapi-fetch")}: createClient + GET`,
    await bundleSize(
      plainDir,
      `import createClient from "openapi-fetch";\nconst client = createClient({ baseUrl: "https://api.example.com", headers: { Authorization: "Bearer k" } });\nclient.GET(${JSON.stringify(call.path)}${args}).then((r) => ${PRINT});\n`,
    ),
  );
  const hey = join(base, "hey-api");
  const heyRun = runTimed(NODE, [BIN.heyApi, "-i", call.spec.file, "-o", hey, "-c", "@hey-api/client-fetch", "-s", "--no-log-file"], { cwd: freshDir(`${hey}-cwd`) });
  const heyArgs = call.init === "" ? "" : `{ path: { org: "octokit" } }`;
  sizes.set(
    `@hey-api/openapi-ts ${version("@hey-api/openapi-ts")}: one SDK function`,
    heyRun.status === 0
      ? await bundleSize(hey, `import { ${call.name} } from "./sdk.gen.ts";\n${call.name}(${heyArgs}).then((r) => ${PRINT});\n`)
      : "generation failed",
  );
  const orvalDir = join(base, "orval");
  const cwd = freshDir(`${orvalDir}-cwd`);
  writeFileSync(
    join(cwd, "orval.config.cjs"),
    `module.exports = ${JSON.stringify({ bench: { input: { target: call.spec.file }, output: { target: join(orvalDir, "api.ts"), client: "fetch" } } })};\n`,
  );
  const orvalRun = runTimed(NODE, [BIN.orval, "--config", join(cwd, "orval.config.cjs")], { cwd });
  const orvalArgs = call.init === "" ? "" : `"octokit"`;
  sizes.set(
    `orval ${version("orval")}: one fetch function`,
    orvalRun.status === 0 && readdirSync(orvalDir).length > 0
      ? await bundleSize(orvalDir, `import { ${call.name} } from "./api.ts";\n${call.name}(${orvalArgs}).then((r) => console.log(r));\n`)
      : "generation failed",
  );
  return sizes;
}

/** GitHub's API folder, generated by contractgen into a temporary folder. */
function generateGithub(spec: SpecInput): string | undefined {
  const out = freshDir(join(WORK, "bundle", "contractgen-github"));
  const run = runTimed(NODE, [BIN.contractgen, "generate", "--spec", spec.file, "--out", out, "--name", "github", "-q"]);
  if (run.status !== 0) {
    log(`  contractgen generate failed on GitHub's spec: ${run.stderr.split("\n")[0]}`);
    return undefined;
  }
  return out;
}

export async function bundleSection(): Promise<void> {
  log("\n== bundle size (esbuild --bundle --minify, browser, ESM; gzip -9)");
  const calls: [Call, string | undefined][] = [[HOSTUP, join(ROOT, "generated/hostup")]];
  if (GITHUB) calls.push([githubCall(GITHUB), generateGithub(GITHUB)]);
  const ours = new Map<string, number>();
  const plain = new Map<string, number>();
  const rows: string[][] = [];
  for (const [call, dir] of calls) {
    const sizes = await sizesFor(call, dir);
    for (const [tool, size] of sizes) {
      if (typeof size === "string") rows.push([call.spec.label, tool, size, size]);
      else rows.push([call.spec.label, tool, fmt.bytes(size.minified), fmt.bytes(size.gzip)]);
      if (typeof size !== "string" && tool.startsWith("contractgen")) ours.set(call.spec.name, size.gzip);
      if (typeof size !== "string" && tool.startsWith("openapi-fetch")) plain.set(call.spec.name, size.gzip);
    }
  }
  const text = table(["spec", "one call through", "minified", "gzip -9"], rows);
  console.log(`\n${text}\n`);
  for (const [name, size] of ours) {
    const peer = plain.get(name);
    targets.push({
      section: "bundle",
      issue: "24",
      target: `${name}: a one-call browser bundle through createXCore + one operation function <= 2x openapi-fetch's (gzip -9)`,
      measured: peer === undefined ? "openapi-fetch's bundle failed" : `${fmt.bytes(size)} vs ${fmt.bytes(peer)} = ${fmt.ratio(size, peer)}`,
      met: peer === undefined ? undefined : size <= 2 * peer,
    });
  }
  const hostup = ours.get("hostup");
  const github = ours.get("github");
  if (hostup !== undefined && github !== undefined) {
    targets.push({
      section: "bundle",
      issue: "24",
      target: "GitHub's one-call bundle within 1.25x of HostUp's (gzip -9)",
      measured: `${fmt.bytes(github)} vs ${fmt.bytes(hostup)} = ${fmt.ratio(github, hostup)}`,
      met: github <= 1.25 * hostup,
    });
  }
  markdown.set(
    "bundle",
    `## Bundle size

\`bench/sections/bundle.ts\`: one call in a browser bundle (esbuild, \`--bundle --minify\`, ESM, platform browser), its size
minified and after \`gzip -9\`. contractgen: \`createXCore\` and one operation function (HostUp's \`listSavedCards\` from
\`generated/hostup\`, with its card-number guard on as the config has it; GitHub's \`reposListForOrg\` from a folder generated
from @octokit/openapi's spec). openapi-fetch: \`createClient\` and \`client.GET\` of the same path. @hey-api/openapi-ts: its
SDK function from \`sdk.gen.ts\` (\`@hey-api/client-fetch\`). orval: its fetch function. Each peer generates from the same spec.

${text}
`,
  );
}
