/** `contractgen diff` over OpenAPI 3.2 documents: they are compared as the generator reads them (their 3.1 view). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runMain } from "./support/cli.ts";

const fixture = join(import.meta.dirname, "fixtures/pages/openapi32.yaml");
const dir = mkdtempSync(join(tmpdir(), "contractgen-diff32-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("diff of 3.2 documents", () => {
  it("reports a change to a stream's itemSchema as a change to the response", async () => {
    const head = join(dir, "head.yaml");
    writeFileSync(
      head,
      readFileSync(fixture, "utf8")
        .replace("required: [text]", "required: [text, seq]")
        .replace("properties: { text: { type: string } }", "properties: { text: { type: string }, seq: { type: integer } }"),
    );
    const { code, out } = await runMain(["diff", "--base", fixture, "--head", head, "--all", "--no-surface"], dir);
    expect(code).toBe(0);
    expect(out).toContain("POST /chat");
    expect(out).toMatch(/added the required property `seq` to the response \(response 200, text\/event-stream\)/);
  });
});
