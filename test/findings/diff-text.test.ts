/**
 * The diff's text output on a large pair (15 breaking changes among about 1,500 others, the size of
 * a real vendor release): the summary first, every breaking change before any warning, one screen.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { diffCommand } from "../../generator/diff/command.ts";
import { recordingIo } from "../fixtures/diff/_io.ts";

const OPERATIONS = 400;

/** Operation i: a response with required `id`, optional `a` and `b`; head drops `id` from the first 15, `a` and `b` from 380, adds `c` to 395 and `d` to 394. */
function spec(side: "base" | "head"): string {
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < OPERATIONS; i++) {
    const properties: Record<string, unknown> = { id: { type: "string" }, a: { type: "string" }, b: { type: "string" } };
    const required = ["id"];
    if (side === "head") {
      if (i < 15) delete properties.id, required.pop();
      if (i < 380) delete properties.a, delete properties.b;
      if (i < 395) properties.c = { type: "string" };
      if (i < 394) properties.d = { type: "string" };
    }
    const schema = { type: "object", required, properties };
    paths[`/things${i}`] = { get: { operationId: `getThing${i}`, responses: { "200": { description: "ok", content: { "application/json": { schema } } } } } };
  }
  return JSON.stringify({ openapi: "3.1.0", info: { title: "Large", version: "1" }, paths });
}

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "contractgen-diff-text-"));
  writeFileSync(join(dir, "base.json"), spec("base"));
  writeFileSync(join(dir, "head.json"), spec("head"));
});

async function text(extra: Record<string, string | boolean> = {}): Promise<string[]> {
  const io = recordingIo(dir);
  expect(await diffCommand.run({ base: "base.json", head: "head.json", "no-surface": true, ...extra }, io)).toBe(1);
  return io.lines.out.join("\n").split("\n");
}

describe("diff text output for people", () => {
  it("leads with the summary and every breaking change, and fits a screen of reading", async () => {
    const lines = await text();
    expect(lines[0]).toBe("15 breaking, 760 warnings, 789 notes");
    expect(lines.length).toBeLessThanOrEqual(200);
    expect(lines.filter((l) => l.startsWith("  ERR "))).toHaveLength(15);
    expect(lines.some((l) => /^ {2}(WARN|INFO) /.test(l))).toBe(false);
    expect(lines.at(-1)).toBe("760 warnings and 789 notes not shown: --level WARN adds the warnings, --all shows everything");
  });

  it("groups the breaking changes by operation", async () => {
    const lines = await text();
    const at = lines.indexOf("GET /things0");
    expect(lines.slice(at, at + 3)).toEqual(["GET /things0", "  ERR  removed the required property `id` from the response (response 200, application/json) [response-required-property-removed]", "       at /paths/~1things0/get/responses/200/content/application~1json/schema/properties/id"]);
  });

  it("lists warnings after the breaking changes with --level WARN, and everything with --all", async () => {
    const warn = await text({ level: "WARN" });
    const lastErr = warn.length - 1 - [...warn].reverse().findIndex((l) => l.startsWith("  ERR "));
    expect(warn.findIndex((l) => l.startsWith("  WARN "))).toBeGreaterThan(lastErr);
    expect(warn.filter((l) => l.startsWith("  WARN "))).toHaveLength(760);
    const all = await text({ all: true });
    expect(all.filter((l) => l.startsWith("  INFO "))).toHaveLength(789);
  });
});
