import { describe, expect, it } from "vitest";
import { withSharedCollators } from "../generator/pipeline/collation.ts";

const WORDS = [
  "200",
  "201",
  "2XX",
  "4XX",
  "404",
  "default",
  "Default",
  "a10",
  "a2",
  "a-b",
  "a_b",
  "ab",
  "AB",
  "été",
  "ete",
  "zebra",
  "Z",
  "/repos/{owner}/{repo}",
  "/repos/{owner}",
  "application/json",
  "application/vnd.github+json",
  "",
  " ",
  "x1y20",
  "x1y3",
];
const OPTIONS: [string | undefined, Intl.CollatorOptions | undefined][] = [
  ["en-us", { numeric: true }],
  ["en-us", undefined],
  ["de", { sensitivity: "base" }],
  ["en-us", { numeric: true, caseFirst: "upper" }],
  [undefined, undefined],
];

describe("withSharedCollators", () => {
  it("sorts as localeCompare does, for each locale and options (interleaved, so the last collator is not always the one)", () => {
    const compare = (a: string, b: string, i: number) =>
      a.localeCompare(b, OPTIONS[i]![0], OPTIONS[i]![1] && { ...OPTIONS[i]![1] });
    const expected = OPTIONS.map((_, i) => [...WORDS].sort((a, b) => compare(a, b, i)));
    const pairs = WORDS.flatMap((a) => WORDS.map((b) => [a, b] as const));
    const want = pairs.map(([a, b]) => OPTIONS.map((_, i) => Math.sign(compare(a, b, i))));
    const got = withSharedCollators(() => pairs.map(([a, b]) => OPTIONS.map((_, i) => Math.sign(compare(a, b, i)))));
    expect(got).toEqual(want);
    expect(withSharedCollators(() => OPTIONS.map((_, i) => [...WORDS].sort((a, b) => compare(a, b, i))))).toEqual(
      expected,
    );
  });

  it("leaves calls it cannot key to localeCompare itself, errors included", () => {
    withSharedCollators(() => {
      expect("a".localeCompare("b", ["en-us", "de"])).toBe(-1);
      expect("a".localeCompare("B", "en-us", { sensitivity: "base", ignorePunctuation: true })).toBe(-1);
      expect(() => "a".localeCompare("b", "not a locale!")).toThrow(RangeError);
      expect(() => "a".localeCompare("b", "en-us", { numeric: true, sensitivity: "nonsense" as never })).toThrow(
        RangeError,
      );
    });
  });

  it("puts localeCompare back after the run, and after a run that throws", () => {
    const original = String.prototype.localeCompare;
    expect(withSharedCollators(() => String.prototype.localeCompare !== original)).toBe(true);
    expect(() =>
      withSharedCollators(() => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(String.prototype.localeCompare).toBe(original);
  });
});
