/**
 * The code report-mode validators.ts runs besides ajv's validators (generator/pipeline/validators-support.ts):
 * the date and time formats, read character by character, give ajv-formats' verdicts on any text; the
 * lookup of a response's validator picks the most specific status and media type.
 */
import { fullFormats } from "ajv-formats/dist/formats.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isDate, isDateTime, isTime, validatorFor, type Validate } from "../generator/pipeline/validators-support.ts";

type FormatCheck = (text: string) => boolean;
const reference = (name: keyof typeof fullFormats): FormatCheck => (fullFormats[name] as { validate: FormatCheck }).validate;

function sameVerdicts(text: string): void {
  const ours = { date: isDate(text), time: isTime(text, true), "iso-time": isTime(text, false), "date-time": isDateTime(text, true), "iso-date-time": isDateTime(text, false) };
  const theirs = Object.fromEntries(Object.keys(ours).map((name) => [name, reference(name as keyof typeof fullFormats)(text)]));
  expect({ text, ...ours }).toEqual({ text, ...theirs });
}

const two = (n: number) => String(n).padStart(2, "0");
/** Timestamps near the edges: every field may be out of range, the separator, fraction and zone of any kind. */
const timestamp = fc
  .record({
    year: fc.constantFrom(0, 1900, 2000, 2023, 2024, 9999),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.constantFrom(0, 1, 28, 29, 30, 31, 32),
    separator: fc.constantFrom("T", "t", " ", "\u00a0", "\n", "x", ""),
    hour: fc.constantFrom(0, 12, 23, 24, 22, 0),
    minute: fc.constantFrom(0, 30, 59, 60),
    second: fc.constantFrom(0, 59, 60, 61),
    fraction: fc.constantFrom("", ".5", ".", ".000", ".99999999999999999999"),
    zone: fc.constantFrom("", "Z", "z", "+01:00", "-01:00", "+0100", "+01", "+1", "-00:30", "+24:00", "+00:60", "+01:", "Zx", "+01:00x"),
  })
  .map((t) => `${String(t.year).padStart(4, "0")}-${two(t.month)}-${two(t.day)}${t.separator}${two(t.hour)}:${two(t.minute)}:${two(t.second)}${t.fraction}${t.zone}`);
/** Text from the characters these formats care about. */
const pieces = fc.array(fc.constantFrom("0", "1", "2", "9", "12", "2024", "-", ":", ".", "T", "t", "Z", "z", "+", " ", "\u2028", "a"), { maxLength: 16 }).map((parts) => parts.join(""));

describe("date and time formats", () => {
  it("agree with ajv-formats on edge cases", () => {
    for (const text of ["2016-12-31T23:59:60Z", "2016-12-31T22:59:60-01:00", "2016-12-31T23:59:60", "2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "2026-04-27T12:00:00.000Z", "2026-04-27", "12:00:00.5+05:30", "23:59:59.99999999999999999Z", "", "T"]) {
      sameVerdicts(text);
      sameVerdicts(text.slice(11));
    }
  });

  it("agree with ajv-formats on generated text", () => {
    fc.assert(
      fc.property(fc.oneof(timestamp, pieces, fc.string()), (text) => {
        sameVerdicts(text);
        sameVerdicts(text.slice(11));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("validatorFor", () => {
  const named = (name: string): Validate => Object.assign(() => true, { displayName: name }) as Validate;
  const [json, problem, text, anyText, any, event, range, fallback] = ["json", "problem", "text", "anyText", "any", "event", "range", "fallback"].map(named) as Validate[];
  const byStatus = {
    "200": { "text/plain": null, "application/json": json!, "text/*": anyText!, "text/event-stream": text!, "text/event-stream; event=tick": event! },
    "404": { "application/problem+json": problem!, "*/*": any! },
    "4XX": { "application/json": range! },
    default: { "application/json": fallback! },
  };

  it("takes the exact status, then its range, then default", () => {
    expect(validatorFor(byStatus, 200, "application/json", undefined)).toBe(json);
    expect(validatorFor(byStatus, 404, "application/problem+json", undefined)).toBe(problem);
    expect(validatorFor(byStatus, 409, "application/json", undefined)).toBe(range);
    expect(validatorFor(byStatus, 500, "application/json", undefined)).toBe(fallback);
    expect(validatorFor({ "200": { "application/json": json! } }, 500, "application/json", undefined)).toBeNull();
  });

  it("takes the media type exactly, then type/*, then */*, and the JSON one when there is none", () => {
    expect(validatorFor(byStatus, 200, "text/plain", undefined)).toBeNull();
    expect(validatorFor(byStatus, 200, "text/csv", undefined)).toBe(anyText);
    expect(validatorFor(byStatus, 200, "image/png", undefined)).toBeNull();
    expect(validatorFor(byStatus, 404, "text/html", undefined)).toBe(any);
    expect(validatorFor(byStatus, 200, undefined, undefined)).toBe(json);
    expect(validatorFor(byStatus, 404, undefined, undefined)).toBe(problem);
    expect(validatorFor({ "200": { "text/plain": text! } }, 200, undefined, undefined)).toBe(text);
  });

  it("takes a named event's own schema first", () => {
    expect(validatorFor(byStatus, 200, "text/event-stream", "tick")).toBe(event);
    expect(validatorFor(byStatus, 200, "text/event-stream", "other")).toBe(text);
  });
});
