/**
 * The README cannot drift from what it describes: its client code blocks are the examples' own
 * lines (which the end-to-end tests type-check and run), its configuration block is this
 * repository's config, and its commands and config keys are the ones the CLI and the config schema know.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, text: m[2]! }));

describe("README", () => {
  it("starts with the two commands a newcomer needs", () => {
    const first = blocks[0]!.text.split("\n").filter(Boolean);
    expect(first[0]).toMatch(/^npm ci && npm run generate\b/);
    expect(first[1]).toMatch(/^npm test\b/);
    const scripts = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(Object.keys(scripts)).toEqual(expect.arrayContaining(["generate", "test", "test:e2e", "check", "watch", "lint:spec", "diff", "bench"]));
  });

  const fromExamples = blocks.filter((b) => (b.lang === "ts" || b.lang === "tsx") && /^\/\/ examples\/[\w/-]+\.tsx?\n/.test(b.text));
  it("has client code blocks taken from examples/", () => {
    expect(fromExamples.length).toBeGreaterThanOrEqual(3);
  });
  it.each(fromExamples.map((b, i) => [i, b] as const))("block %i is, line for line, in the example it names", (_, block) => {
    const [header, ...lines] = block.text.split("\n");
    const example = readFileSync(join(root, header!.slice(3)), "utf8");
    expect(example).toContain(lines.join("\n"));
  });

  it("shows this repository's config as it is", () => {
    const json = blocks.find((b) => b.lang === "json" && b.text.includes('"apis"'))!;
    expect(JSON.parse(json.text)).toEqual(JSON.parse(readFileSync(join(root, "contractgen.config.json"), "utf8")));
  });

  it("documents every config key the config schema accepts", () => {
    type Schema = { properties: Record<string, unknown>; definitions: { api: { properties: Record<string, unknown> } } };
    const schema = JSON.parse(readFileSync(join(root, "generator/config/schema.json"), "utf8")) as Schema;
    const keys = [...Object.keys(schema.properties), ...Object.keys(schema.definitions.api.properties)];
    expect(keys.length).toBeGreaterThan(10);
    for (const key of new Set(keys)) if (key !== "$schema") expect(readme, key).toContain(`| \`${key}\` |`);
  });

  it("lists every command of `contractgen --help`", () => {
    const help = execFileSync(process.execPath, [join(root, "generator/bin.mjs"), "--help"], { encoding: "utf8" });
    const commands = [...help.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]!);
    expect(commands.length).toBeGreaterThan(5);
    for (const command of commands) expect(readme, command).toContain(`\`contractgen ${command}`);
  });
});
