/**
 * How the model reads each documented media type of a response (generator/spec/media.ts): the
 * table the runtime decodes by and the types are written from.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { apiConfig } from "../generator/config/index.ts";
import { loadSpec } from "../generator/spec/load.ts";
import { buildModel, type ApiModel } from "../generator/pipeline/model.ts";
import { validateSpec } from "../generator/pipeline/validate.ts";

function model(content: Record<string, object>): ApiModel {
  const dir = mkdtempSync(join(tmpdir(), "contractgen-media-"));
  const file = join(dir, "spec.json");
  const spec = {
    openapi: "3.1.0",
    info: { title: "T", version: "1" },
    paths: { "/x": { get: { operationId: "getX", responses: { "200": { description: "ok", content } } } } },
    components: { schemas: { Obj: { type: "object" }, Bytes: { type: "string", format: "binary" } } },
  };
  writeFileSync(file, JSON.stringify(spec));
  const loaded = loadSpec(file);
  validateSpec(loaded);
  return buildModel(loaded, apiConfig({ name: "t", spec: file, output: join(dir, "out") }), "spec.json");
}

const readOf = (mediaType: string, schema?: object) =>
  model({ [mediaType]: schema === undefined ? {} : { schema } }).operations[0]!.success[0]!.content[0]!.read;

describe("how a documented media type is read", () => {
  it.each([
    ["application/json", { type: "string" }, "json"],
    ["application/problem+json", undefined, "json"],
    ["application/vnd.github.object", { type: "object" }, "json"],
    ["application/vnd.github.object", { $ref: "#/components/schemas/Obj" }, "json"],
    ["application/vnd.github.diff", { type: "string" }, "text"],
    ["application/text", { type: "string" }, "text"],
    ["text/plain", { type: "object" }, "text"],
    ["application/problem+xml", undefined, "text"],
    ["application/x-ndjson", undefined, "text"],
    ["application/octet-stream", { type: "string" }, "blob"],
    ["image/png", undefined, "blob"],
    ["application/vnd.x.bundle", { $ref: "#/components/schemas/Bytes" }, "blob"],
    ["application/vnd.x.bundle", undefined, "blob"],
    ["Application/JSON; charset=utf-8", undefined, "json"],
  ] as const)("%s with %j: %s", (mediaType, schema, read) => {
    expect(readOf(mediaType, schema)).toBe(read);
  });

  it("lists every media type once, the JSON one first, lower case without parameters", () => {
    const m = model({
      "text/plain": { schema: { type: "string" } },
      "application/json": { schema: { type: "object" } },
      "Text/Plain; charset=utf-8": { schema: { type: "string" } },
    });
    const response = m.operations[0]!.success[0]!;
    expect(response.mediaType).toBe("application/json");
    expect(response.content.map((c) => [c.mediaType, c.read])).toEqual([
      ["application/json", "json"],
      ["text/plain", "text"],
    ]);
  });
});
