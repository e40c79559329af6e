/**
 * The mock's routes (generator/mock/routes.ts): the operations a generated client pages, read by the
 * generator's own model, config entries included; a request's route, a literal path before a template.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { apiConfig } from "../generator/config/index.ts";
import { mockRoutes, routeMatcher, type MockRoute } from "../generator/mock/routes.ts";
import { loadSpec } from "../generator/spec/load.ts";

const spec = fileURLToPath(new URL("./fixtures/mock/pages.yaml", import.meta.url));

describe("mockRoutes", () => {
  it("pages what the generated client pages, declared paging included, and nothing else", () => {
    const api = apiConfig({ name: "mocked", spec, output: "", pagination: { listThings: { kind: "cursor", cursorParam: "from", cursorPath: "/meta/continue", itemsPath: "/things" } } });
    const kinds = Object.fromEntries(mockRoutes(loadSpec(spec), api).map((r) => [r.path, r.paging?.kind]));
    expect(kinds).toEqual({
      "/repos": "link",
      "/charges": "cursor",
      "/items": "cursor",
      "/rows": "offset",
      "/numbered": "page",
      "/links": "link",
      "/entries": "page",
      "/things": "cursor",
      "/events": undefined,
      "/notes": undefined,
      "/logs": undefined,
      "/ndjson": undefined,
      "/records": undefined,
    });
    const unconfigured = mockRoutes(loadSpec(spec), apiConfig({ name: "mocked", spec, output: "" }));
    expect(unconfigured.find((r) => r.path === "/things")?.paging).toBeUndefined();
  });
});

describe("routeMatcher", () => {
  const routes: MockRoute[] = [
    { method: "get", path: "/users/{id}", paging: { kind: "link" } },
    { method: "get", path: "/users/me" },
    { method: "get", path: "/users/{id}/repos.{format}", paging: { kind: "link", items: [] } },
  ];
  const match = routeMatcher(routes);

  it.each([
    ["GET", "/users/me", routes[1]],
    ["GET", "/users/42", routes[0]],
    ["GET", "/users/42/repos.json", routes[2]],
    ["GET", "/users/42/reposXjson", undefined],
    ["POST", "/users/42", undefined],
    ["GET", "/users/42/extra", undefined],
  ])("%s %s", (method, path, want) => {
    expect(match(method, path)).toBe(want);
  });
});
