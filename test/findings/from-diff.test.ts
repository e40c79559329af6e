/** The diff's findings as `Finding`s: levels mapped, messages cut into our words and quoted spec strings. */
import { describe, expect, it } from "vitest";
import type { Finding as DiffFinding } from "../../generator/diff/core/types.ts";
import { ruleById } from "../../generator/diff/registry.ts";
import { code, quote } from "../../generator/findings/finding.ts";
import { diffMessage, fromDiff } from "../../generator/findings/from-diff.ts";

function finding(id: string, args: Record<string, string>, level: DiffFinding["level"] = "ERR"): DiffFinding {
  return { id, level, operation: "GET /x", location: "/paths/~1x/get", message: ruleById(id).message(args), args, where: { side: "head", file: "/s.yaml", pointer: "/paths/~1x/get" } };
}

describe("fromDiff", () => {
  it("maps oasdiff's levels onto the one vocabulary", () => {
    expect(fromDiff(finding("api-tag-added", { name: "t" }, "INFO")).level).toBe("note");
    expect(fromDiff(finding("api-tag-added", { name: "t" }, "WARN")).level).toBe("warning");
    expect(fromDiff(finding("api-tag-added", { name: "t" }, "ERR")).level).toBe("error");
  });

  it("quotes each argument: as code where the message put it in backticks, as prose elsewhere", () => {
    expect(diffMessage(finding("api-tag-added", { name: "a`b" }))).toEqual(["tag ", code("a`b"), " added"]);
    expect(diffMessage(finding("api-sunset-date-too-small", { date: "<img>", days: "30" }))).toEqual(["sunset date ", quote("<img>"), " is too early: it must be at least ", quote("30"), " days from now"]);
  });

  it("splits an argument the check wrote as a list of code", () => {
    const text = diffMessage(finding("response-error-code-removed", { values: "`a`, `b`", status: "404", name: "E" }));
    expect(text).toContainEqual(code("a"));
    expect(text).toContainEqual(code("b"));
  });

  it("quotes the whole message when cutting it does not give it back", () => {
    const f = { ...finding("api-tag-added", { name: "t" }), message: "something else" };
    expect(diffMessage(f)).toEqual([quote("something else")]);
  });
});
