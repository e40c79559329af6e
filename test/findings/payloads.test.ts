/**
 * Every output format of diff, drift, lint and generate's warnings, fed spec and HAR strings built to
 * escape: HTML and comment openers, `</details>`, mentions, backticks and pipes, a bare CR, workflow
 * commands after a newline, terminal escapes (CSI, OSC, C1), bidi controls. Nothing may escape.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { marked } from "marked";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../generator/cli.ts";
import { apiConfig } from "../../generator/config/index.ts";
import { diffCommand } from "../../generator/diff/command.ts";
import { FORMATS as DIFF_FORMATS } from "../../generator/diff/format.ts";
import { driftReport, render as renderDrift } from "../../generator/drift/index.ts";
import type { Exchange } from "../../generator/drift/har.ts";
import { FORMATS as DRIFT_FORMATS } from "../../generator/drift/report.ts";
import { LIST_FORMATS } from "../../generator/findings/render.ts";
import { loadSpec } from "../../generator/spec/load.ts";
import { recordingIo } from "../fixtures/diff/_io.ts";

const P = {
  comment: "/a\r<!--",
  details: "</details><img src=x onerror=alert(1)>",
  mention: "@some-org/team",
  mask: "\n::add-mask::hunter2",
  error: "\r\n::error file=x.ts,line=1::pwned",
  stop: "\n::stop-commands::tok",
  csi: "\u001b[2J\u001b[31mred",
  osc: "\u001b]0;title\u0007",
  c1: "\u009b31m",
  bidi: "\u202eevil",
  ticks: "a`b``c|d\\|e",
};

/** Not one control character but the line feeds between lines. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function expectInertText(out: string, annotations = false): void {
  expect(out).not.toMatch(CONTROL);
  for (const line of out.split("\n")) {
    if (!/^\s*::/.test(line)) continue;
    // Only our own annotations start with `::`, and their properties hold no raw `:` or `,` a value brought.
    expect(annotations, line).toBe(true);
    expect(line).toMatch(/^::(error|warning|notice) (file=[^:,]*,line=\d+,)?title=[^:,]*::/);
  }
}

/** Rendered as GitHub would, outside code spans nothing of a payload is left, and tables have the rows they should. */
function expectInertMarkdown(out: string, rows?: number): void {
  expectInertText(out);
  const html = marked.parse(out, { async: false }) as string;
  const outsideCode = html.replace(/<code>[\s\S]*?<\/code>/g, "");
  for (const word of ["<img", "<!--", "onerror", "@some-org", "::", "hunter2", "<script"]) expect(outsideCode, word).not.toContain(word);
  expect((outsideCode.match(/<\/details>/g) ?? []).length).toBe((outsideCode.match(/<details>/g) ?? []).length);
  if (rows !== undefined) expect((html.match(/<tbody>[\s\S]*?<\/tbody>/g) ?? []).join("").match(/<tr>/g)?.length ?? 0).toBe(rows);
}

let dir: string;
let baseFile: string;
let headFile: string;

function operation(operationId: string, properties: Record<string, unknown> = {}) {
  const schema = { type: "object", required: Object.keys(properties), properties };
  return { get: { operationId, responses: { "200": { description: "ok", content: { "application/json": { schema } } } } } };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "contractgen-payloads-"));
  const props = { [`${P.mention}${P.mask}`]: { type: "string" }, [P.ticks]: { type: "string" }, [`${P.csi}${P.osc}${P.c1}${P.bidi}`]: { type: "string" } };
  const base = {
    openapi: "3.1.0",
    info: { title: "Payloads", version: "1" },
    paths: {
      [P.comment]: operation("removedOne"),
      [`/b${P.details}`]: operation("withProps", props),
      [`/c${P.osc}`]: operation(`op${P.stop}`),
      [`/e${P.error}`]: operation("removedTwo"),
    },
  };
  const head = {
    ...base,
    paths: {
      [`/b${P.details}`]: operation("withProps"),
      [`/c${P.osc}`]: operation(`renamed${P.csi}`),
      [`/d${P.mask}`]: { get: { responses: { "200": { description: "ok" } } } },
    },
  };
  baseFile = join(dir, "base.json");
  headFile = join(dir, "head.json");
  writeFileSync(baseFile, JSON.stringify(base));
  writeFileSync(headFile, JSON.stringify(head));
});

async function diff(format: string) {
  const io = recordingIo(dir);
  const code = await diffCommand.run({ base: baseFile, head: headFile, format, all: true }, io);
  return { code, out: io.lines.out.join("\n"), err: io.lines.err.join("\n") };
}

describe("contractgen diff", () => {
  it.each(DIFF_FORMATS)("keeps every payload inert (%s)", async (format) => {
    const { code, out, err } = await diff(format);
    expect(code, err).toBe(1);
    const changes = (JSON.parse((await diff("json")).out) as { changes: unknown[] }).changes.length;
    expect(changes).toBeGreaterThanOrEqual(5);
    if (format === "markdown") expectInertMarkdown(out, changes);
    else if (format === "changelog") expectInertMarkdown(out);
    else expectInertText(out, format === "github");
    if (format === "github") expect(out.split("\n")).toHaveLength(changes);
  });

  it("leaves the data itself unchanged in json", async () => {
    const json = JSON.parse((await diff("json")).out) as { changes: { operation: string; message: string }[] };
    expect(json.changes.map((c) => c.operation)).toContain(`GET ${P.comment}`);
    expect(json.changes.some((c) => c.message.includes(P.csi))).toBe(true);
  });
});

describe("contractgen drift", () => {
  const exchange = (index: number, method: string, url: string, mediaType: string, body: string): Exchange => ({
    index,
    method,
    url,
    requestHeaders: [],
    cookies: [],
    status: 200,
    responseHeaders: [{ name: "content-type", value: mediaType }],
    responseBody: { mediaType, text: body },
  });

  it.each(DRIFT_FORMATS)("keeps every payload inert (%s)", (format) => {
    const spec = join(dir, "drift.json");
    writeFileSync(spec, JSON.stringify({ openapi: "3.1.0", info: { title: "d", version: "1" }, servers: [{ url: "https://api.test" }], paths: { "/items": operation("listItems", { n: { type: "integer" } }) } }));
    const exchanges = [
      exchange(1, `GET${P.mask}`, "https://api.test/items", "application/json", "{}"),
      exchange(2, "GET", `https://api.test/nope/${P.details}${P.mention}`, "application/json", "{}"),
      exchange(3, "GET", "https://api.test/items", `application/json${P.error}|x`, "{}"),
      exchange(4, "GET", "https://api.test/items", "application/json", JSON.stringify({ n: `${P.csi}${P.comment}${P.details}${P.mention}${P.stop}${P.ticks}${P.bidi}` })),
    ];
    const report = driftReport(apiConfig({ name: "d", spec, output: join(dir, "out") }), loadSpec(spec), exchanges, "rec.har");
    expect(report.findings.length).toBeGreaterThanOrEqual(4);
    const out = renderDrift(format, report);
    if (format === "markdown") expectInertMarkdown(out, report.findings.length);
    else expectInertText(out);
  });
});

describe("contractgen lint and generate's warnings", () => {
  const runs = new Map<string, Promise<{ out: string; err: string }>>();
  const lint = (format: string) => runs.get(format) ?? runs.set(format, lintOnce(format)).get(format)!;

  async function lintOnce(format: string): Promise<{ out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    expect(await main(["lint", "--spec", headFile, "--format", format], { out: (l) => out.push(l), err: (l) => err.push(l), cwd: dir })).toBe(1);
    return { out: out.join("\n"), err: err.join("\n") };
  }

  it.each(LIST_FORMATS)("prints lint problems inert (%s)", async (format) => {
    const { out, err } = await lint(format);
    expectInertText(err);
    if (format === "text") {
      expect(err).toContain("(at #/paths/~1c\\x1b]0;title\\x07/get/summary)");
      expectInertText(out);
      return;
    }
    const problems = JSON.parse((await lint("json")).out) as { pointer?: string }[];
    expect(problems.some((p) => p.pointer?.includes(P.osc))).toBe(true);
    if (format === "markdown") expectInertMarkdown(out, problems.length);
    else expectInertText(out, format === "github");
    if (format === "github") expect(out.split("\n")).toHaveLength(problems.length);
  });

  it("prints generate's warnings inert (a path key with a newline and a workflow command)", async () => {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l), cwd: dir };
    const code = await main(["generate", "--dry-run", "--spec", headFile, "--out", join(dir, "gen")], io);
    const all = lines.join("\n");
    expect(all).toContain("\\n::add-mask::hunter2");
    expectInertText(all);
    expect([0, 1]).toContain(code);
  });
});
