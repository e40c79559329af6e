/**
 * Generate's findings: a generated API carries what loading, validating and modelling noticed as
 * findings (positioned where the spec says where), and printNotices prints them as diagnostics.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../generator/errors.ts";
import { generationFindings, specFindings } from "../../generator/findings/from-generation.ts";
import { rawText } from "../../generator/findings/finding.ts";
import { NO_PAINT } from "../../generator/findings/colour.ts";
import { printNotices, type CommandIo } from "../../generator/commands/io.ts";
import { generateApi, createRunContext, closeRunContext } from "../../generator/pipeline/run.ts";
import { apiConfig, resolvedConfig } from "../../generator/config/index.ts";

describe("specFindings", () => {
  it("turns positioned warnings into warnings with their position, pointer and hint, and notes into notes", () => {
    const warning = new UserError({ kind: "spec", message: "a schema is null", position: { file: "/s.yaml", line: 3, col: 5 }, pointer: "/paths", hint: "say what it is" });
    const findings = specFindings({ warnings: [warning], notices: ["converted from Swagger 2.0"] });
    expect(findings.map((f) => [f.rule, f.level, rawText(f.message), f.position?.line, f.pointer, f.hint && rawText(f.hint)])).toEqual([
      ["spec-warning", "warning", "a schema is null", 3, "/paths", "say what it is"],
      ["load-note", "note", "converted from Swagger 2.0", undefined, undefined, undefined],
    ]);
  });

  it("adds the model's warnings after the spec's", () => {
    expect(generationFindings({}, { warnings: ["GET /x has no operationId; it is named getX"] }).map((f) => [f.rule, f.level])).toEqual([["model-warning", "warning"]]);
  });
});

function recordingIo(cwd: string): CommandIo & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    out: () => {},
    err: (l) => lines.push(l),
    warn: (l) => lines.push(l),
    verbose: () => {},
    progress: () => {},
    cwd,
    env: {},
    paint: { out: NO_PAINT, err: NO_PAINT },
    signal: new AbortController().signal,
    hint: (c) => c,
  };
}

describe("printNotices over a generated API", () => {
  it("prints a model warning and a positioned spec warning, once each", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cg-findings-"));
    const spec = join(dir, "spec.yaml");
    writeFileSync(
      spec,
      [
        "openapi: 3.1.0",
        "info: { title: T, version: '1' }",
        "paths:",
        "  /things:",
        "    get:",
        "      responses:",
        "        '200':",
        "          description: ok",
        "          content:",
        "            application/json:",
        "              schema: null",
        "",
      ].join("\n"),
    );
    const api = apiConfig({ name: "t", spec, output: join(dir, "out") });
    const ctx = createRunContext(resolvedConfig(dir, [api], { runtimeOutput: join(dir, "runtime") }));
    try {
      const generated = await generateApi(api, ctx);
      const io = recordingIo(dir);
      printNotices([generated, generated], io);
      expect(io.lines).toEqual([
        expect.stringMatching(/^spec\.yaml:11:\d+: warning: a schema is null/),
        "warning: GET /things has no operationId; it is named getThings",
      ]);
    } finally {
      await closeRunContext(ctx);
    }
  });
});
