import { describe, expect, expectTypeOf, it } from "vitest";
import type { components } from "../../generated/hostup/schema.ts";
import { parseHeader, parseHeaders, type DocumentedHeaders, type HeaderKind } from "../../templates/runtime/headers.ts";

describe("parseHeaders", () => {
  it("reads GitHub's link and integer rate-limit headers by their documented kinds, keyed in lower case", () => {
    const headers = new Headers({
      Link: '<https://api.github.com/resource?page=2>; rel="next", <https://api.github.com/resource?page=5>; rel="last"',
      "X-RateLimit-Remaining": "4999",
      "X-RateLimit-Reset": "1590701888",
    });
    expect(
      parseHeaders(headers, {
        link: "string",
        "x-ratelimit-remaining": "integer",
        "x-ratelimit-reset": "integer",
        "x-ratelimit-limit": "integer",
      }),
    ).toEqual({
      link: '<https://api.github.com/resource?page=2>; rel="next", <https://api.github.com/resource?page=5>; rel="last"',
      "x-ratelimit-remaining": 4999,
      "x-ratelimit-reset": 1590701888,
      "x-ratelimit-limit": undefined,
    });
  });

  const cases: [HeaderKind, string | null, unknown][] = [
    ["string", " as sent ", " as sent "],
    ["integer", " 42 ", 42],
    ["integer", "4.5", undefined],
    ["integer", "", undefined],
    ["integer", "0x10", undefined],
    ["number", "4.5", 4.5],
    ["number", "-1e3", -1000],
    ["number", "Infinity", undefined],
    ["number", "twelve", undefined],
    ["boolean", "TRUE", true],
    ["boolean", "false", false],
    ["boolean", "yes", undefined],
    ["string[]", "gzip, br,deflate", ["gzip", "br", "deflate"]],
    ["string[]", "", []],
    ["integer[]", "1, 2,3", [1, 2, 3]],
    ["integer[]", "1, two", undefined],
    ["boolean[]", "true,false", [true, false]],
    ["json", '{"a":[1]}', { a: [1] }],
    ["json", "{not json", undefined],
    ["object", "role,admin,first,Alex", { role: "admin", first: "Alex" }],
    ["object", "role,admin,first", undefined],
    ["object=", "role=admin,first=Alex", { role: "admin", first: "Alex" }],
    ["object=", "role", undefined],
    ["integer", null, undefined],
  ];
  it.each(cases)("%s %j", (kind, value, want) => expect(parseHeader(value, kind)).toEqual(want));

  it("keeps a key named __proto__ as data", () => {
    const parsed = parseHeader("__proto__,x,a,b", "object") as Record<string, string>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(["__proto__", "a"]);
  });

  it("joins repeated fields as Headers does, so a list spans them", () => {
    const headers = new Headers();
    headers.append("X-Ids", "1,2");
    headers.append("X-Ids", "3");
    expect(parseHeaders(headers, { "x-ids": "integer[]" })).toEqual({ "x-ids": [1, 2, 3] });
  });
});

describe("DocumentedHeaders", () => {
  it("types openapi-typescript's headers of a response by lower-case name, each possibly undefined", () => {
    type RateLimited = DocumentedHeaders<components["responses"]["RateLimited"]["headers"]>;
    expectTypeOf<RateLimited>().toEqualTypeOf<{
      "retry-after": number | undefined;
      "x-ratelimit-limit": number | undefined;
      "x-ratelimit-remaining": number | undefined;
      "x-ratelimit-reset": number | undefined;
    }>();
    // What openapi-typescript writes for GitHub's `Link` header (components["headers"]["link"] is string).
    type Listed = DocumentedHeaders<{ Link: string; [name: string]: unknown }>;
    expectTypeOf<Listed>().toEqualTypeOf<{ link: string | undefined }>();
    // @ts-expect-error: only documented names
    const unknown: Listed["x-other"] = undefined;
    void unknown;
  });
});
