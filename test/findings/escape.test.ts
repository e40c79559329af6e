/** The escaping of each output context: terminal, markdown, GitHub workflow commands, json. */
import { describe, expect, it } from "vitest";
import { annotationData, annotationProperty, codeSpan, markdownText, safeJson, tableCell, terminalLine, terminalText, visible } from "../../generator/findings/escape.ts";
import { code, quote } from "../../generator/findings/finding.ts";

describe("visible", () => {
  it.each([
    ["plain text", "plain text"],
    ["a\nb\r\tc", "a\\nb\\r\\tc"],
    ["\u001b[31mred\u001b[39m", "\\x1b[31mred\\x1b[39m"],
    ["\u001b]0;title\u0007", "\\x1b]0;title\\x07"],
    ["\u009b31m\u007f", "\\x9b31m\\x7f"],
    ["\u202eevil\u2066\u2028", "\\u202eevil\\u2066\\u2028"],
    ["C:\\path é 漢字", "C:\\path é 漢字"],
  ])("%j -> %j", (given, want) => {
    expect(visible(given)).toBe(want);
  });
});

describe("terminalLine", () => {
  it("defuses a line a CI runner would read as a workflow command, and leaves others alone", () => {
    expect(terminalLine("::add-mask::x")).toBe("\\x3a:add-mask::x");
    expect(terminalLine("   ::error::x")).toBe("   \\x3a:error::x");
    expect(terminalLine("GET /a: x::y")).toBe("GET /a: x::y");
    expect(terminalLine(":one colon")).toBe(":one colon");
  });

  it("renders quoted code in backticks and everything quoted visibly", () => {
    expect(terminalText(["removed ", code("a\nb"), " at ", quote("\u001b[2J")])).toBe("removed `a\\nb` at \\x1b[2J");
  });
});

describe("codeSpan", () => {
  it.each([
    ["id", "`id`"],
    ["a`b", "``a`b``"],
    ["a``b`", "``` a``b` ```"],
    ["`x", "`` `x ``"],
    ["", "` `"],
    ["<img src=x onerror=alert(1)>", "`<img src=x onerror=alert(1)>`"],
    ["/a\r<!--", "`/a\\r<!--`"],
  ])("%j -> %j", (given, want) => {
    expect(codeSpan(given)).toBe(want);
  });

  it("puts every quoted part of a message in a code span, our words as written", () => {
    expect(markdownText(["removed the property ", code("@org/team"), " from ", quote("</details>")])).toBe("removed the property `@org/team` from `</details>`");
  });
});

describe("tableCell", () => {
  it("escapes pipes, doubling the backslashes before them so the escape cannot be escaped", () => {
    expect(tableCell("`a|b`")).toBe("`a\\|b`");
    expect(tableCell("`a\\|b`")).toBe("`a\\\\\\|b`");
  });
});

describe("GitHub workflow commands", () => {
  it("escapes %, CR and LF in data, and : and , in properties; shows other controls", () => {
    expect(annotationData("50%\r\n::error::x\u001b")).toBe("50%25%0D%0A::error::x\\x1b");
    expect(annotationProperty("a:b,c")).toBe("a%3Ab%2Cc");
  });
});

describe("safeJson", () => {
  it("keeps the data and writes C1 and bidi controls as \\u escapes", () => {
    const value = { s: "\u009b31m\u202e\u001b" };
    const text = safeJson(value);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
