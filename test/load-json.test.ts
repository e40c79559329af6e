/** The load stage's JSON path: JSON.parse for the data, positions built only when a message needs one. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { UserError } from "../generator/errors.ts";
import { locate } from "../generator/spec/load.ts";
import { parseSourceFile } from "../generator/spec/parse.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("parseSourceFile on JSON", () => {
  it("reads GitHub's REST spec to the same data as the yaml package", { timeout: 60_000 }, () => {
    const file = "node_modules/@octokit/openapi/generated/api.github.com.json";
    const text = readFileSync(`${root}${file}`, "utf8");
    expect(parseSourceFile(file, text).data).toEqual(YAML.parse(text));
  });

  it("positions a node of a JSON file at its key, built when asked", () => {
    const file = parseSourceFile("x.json", '{\n  "openapi": "3.1.0",\n  "paths": {\n    "/a": { "get": {} }\n  }\n}\n');
    expect(file.data).toEqual({ openapi: "3.1.0", paths: { "/a": { get: {} } } });
    expect(locate(file, "/paths/~1a/get")).toEqual({ file: "x.json", line: 4, col: 13 });
  });

  it.each([
    ["at the top", '{"a": 1, "b": 2, "a": 3}', 1, 18],
    ["in a nested object", '{"a": {"x": 1,\n "x": 2}}', 2, 2],
    ["next to strings holding quotes, colons and escapes", '{"s": "\\": \\"", "t": ":", "s": 1}', 1, 27],
  ])("refuses a duplicate key %s with its position, as YAML does", (_, text, line, col) => {
    let error: unknown;
    try {
      parseSourceFile("x.json", text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/duplicate key/);
    expect((error as UserError).position).toMatchObject({ file: "x.json", line, col });
  });

  it("keeps what JSON.parse and YAML agree on: escapes, numbers, __proto__ as an own key, a byte-order mark", () => {
    const text = '{"u": "\\u00e9\\n", "n": [1e3, -0.5, 12345678901234567890], "__proto__": {"x": 1}}';
    const data = parseSourceFile("x.json", text).data as Record<string, unknown>;
    expect(data).toEqual(YAML.parse(text));
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.keys(data)).toContain("__proto__");
    expect(parseSourceFile("x.json", `\ufeff${text}`).data).toEqual(YAML.parse(text));
  });
});
