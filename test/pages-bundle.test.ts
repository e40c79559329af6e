/**
 * What the generated pages, headers and streams cost a bundle (esbuild over the generated fixture
 * client of test/pages-generated.test.ts): a bundle that calls no streamed operation holds no SSE
 * parser and no pager; one that streams holds eventsource-parser; one that pages holds the pager.
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const kinds = fileURLToPath(new URL("./fixtures/pages/expected/kinds/", import.meta.url));

async function bundle(names: string[]): Promise<string> {
  const result = await build({
    stdin: { contents: `export { createKindsCore } from "./core.ts";\nexport { ${names.join(", ")} } from "./functions.ts";`, resolveDir: kinds, loader: "ts" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

/** eventsource-parser's own error class, and the pager's end reasons. */
const SSE_PARSER = /ParseError/;
const PAGER = /link-refused/;

describe("bundles of a generated client", () => {
  it("an operation that neither streams nor pages pulls in neither the SSE parser nor the pager", async () => {
    const text = await bundle(["listCharges"]);
    expect(text).toMatch(/listChargesOperation/);
    expect(text).not.toMatch(SSE_PARSER);
    expect(text).not.toMatch(PAGER);
  });

  it("a streamed operation brings eventsource-parser", async () => {
    expect(await bundle(["watchEvents"])).toMatch(SSE_PARSER);
  });

  it("a pager brings the pager, and no SSE parser", async () => {
    const text = await bundle(["listChargesAll"]);
    expect(text).toMatch(PAGER);
    expect(text).not.toMatch(SSE_PARSER);
  });
});
