/** The load stage's two parsers: js-yaml for data, the `yaml` package (lazily) for positions. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { locate, parseSourceFile } from "../generator/load.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("parseSourceFile", () => {
  it.each(["spec/hostup.yaml", "spec/aether.yaml", "../shared/specs/stripe-spec3.yaml"])("reads %s to the same data as the yaml package", (file) => {
    const text = readFileSync(`${root}${file}`, "utf8");
    expect(parseSourceFile(file, text).data).toEqual(YAML.parse(text));
  });

  it("keeps YAML 1.2 core scalars: dates, yes/no and merge keys stay as written", () => {
    const text = "a: 2026-04-27\nb: yes\nc: ~\nd: 0x1F\ne: '<<'\n<<: {x: 1}\n";
    expect(parseSourceFile("x.yaml", text).data).toEqual(YAML.parse(text));
  });

  it("builds positions only when asked, and they point at the key", () => {
    const file = parseSourceFile("x.yaml", "openapi: 3.1.0\npaths:\n  /a:\n    get: {}\n");
    expect(locate(file, "/paths/~1a/get")).toEqual({ file: "x.yaml", line: 4, col: 5 });
  });

  it("takes the positioned path for anchors and aliases, which refuses a recursive one", () => {
    expect(parseSourceFile("x.yaml", "a: &x {b: 1}\nc: *x\n").data).toEqual({ a: { b: 1 }, c: { b: 1 } });
    expect(() => parseSourceFile("x.yaml", "a: &x\n  b: *x\n")).toThrow(/recursive YAML alias/);
  });

  it("reports a duplicate key with the yaml package's position", () => {
    expect(() => parseSourceFile("x.yaml", "a: 1\nb: 2\na: 3\n")).toThrow(/duplicate key/);
  });
});
