/**
 * generator/pipeline/webhooks.ts: which section holds the webhooks, what openapi-typescript is
 * given, and what tells webhooks apart (the event header, the body's enum fields), each as the spec
 * documents it.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSpec } from "../generator/spec/load.ts";
import { buildWebhooksModel, webhookEntries, webhookSection, withWebhooksTyped } from "../generator/pipeline/webhooks.ts";

const fixtures = join(import.meta.dirname, "fixtures/webhooks");

function specFile(spec: object): string {
  const dir = mkdtempSync(join(tmpdir(), "contractgen-webhooks-"));
  const file = join(dir, "spec.json");
  writeFileSync(file, JSON.stringify({ openapi: "3.1.0", info: { title: "T", version: "1" }, paths: {}, ...spec }));
  return file;
}

const hook = (schema: object, parameters: object[] = []) => ({
  post: { parameters, requestBody: { content: { "application/json": { schema } } }, responses: { "200": { description: "ok" } } },
});
const header = (name: string, example: unknown) => ({ name, in: "header", example, schema: { type: "string" } });
const typed = (type: string, extra: object = {}) => ({ type: "object", required: ["type", "mode"], properties: { type: { enum: [type] }, mode: { enum: ["live", "test"] }, ...extra } });

describe("webhookSection and withWebhooksTyped", () => {
  it.each([
    [{ webhooks: { a: {} } }, "webhooks"],
    [{ "x-webhooks": { a: {} } }, "x-webhooks"],
    [{ webhooks: { "x-note": {} }, "x-webhooks": { a: {} } }, "x-webhooks"],
    [{ webhooks: {} }, undefined],
    [{ paths: {} }, undefined],
  ])("%j keeps its webhooks in %s", (document, section) => {
    expect(webhookSection(document)).toBe(section);
  });

  it("gives openapi-typescript a 3.0 spec's x-webhooks as webhooks, without operationIds; a 3.1 spec as it is", () => {
    const xhooks = { "x-webhooks": { push: { post: { operationId: "push", responses: {} } } } };
    expect(withWebhooksTyped(xhooks)).toEqual({ ...xhooks, webhooks: { push: { post: { responses: {} } } } });
    const native = { webhooks: { push: { post: { operationId: "push", responses: {} } } } };
    expect(withWebhooksTyped(native)).toBe(native);
  });
});

describe("buildWebhooksModel", () => {
  it("a 3.0 spec: the event header is the one whose examples differ, the body's action tells the rest apart", () => {
    const model = buildWebhooksModel(loadSpec(join(fixtures, "repo-events-3.0.yaml")))!;
    expect(model.section).toBe("x-webhooks");
    expect(model.eventHeader).toBe("x-event-name"); // not user-agent: the same example on every webhook
    expect(webhookEntries(model)).toEqual([
      { name: "issue-closed", event: ["issues"], body: { action: ["closed"], reason: ["completed", "not_planned"] }, optional: ["reason"], json: true },
      { name: "issue-opened", event: ["issues"], body: { action: ["opened"] }, json: true },
      { name: "push", event: ["push"], json: true },
    ]);
    expect(model.webhooks.map((w) => [w.name, w.schemaName, w.example?.value])).toEqual([
      ["issue-closed", undefined, undefined],
      ["issue-opened", "issue-opened-event", undefined],
      ["push", "push-event", { ref: "refs/heads/main", commits: [{ id: "abc123" }] }],
    ]);
  });

  it("a 3.1 spec without event headers: the body's type (enum or const) is what tells webhooks apart", () => {
    const model = buildWebhooksModel(loadSpec(join(fixtures, "billing-3.1.yaml")))!;
    expect(model.eventHeader).toBeUndefined();
    expect(webhookEntries(model).map((w) => w.body)).toEqual([{ type: ["invoice.paid"] }, { type: ["invoice.payment_failed"] }]);
  });

  it("keeps only fields whose values differ between webhooks, and reads them through $ref and allOf", () => {
    const spec = specFile({
      webhooks: { a: hook(typed("a")), b: hook({ allOf: [{ $ref: "#/components/schemas/Base" }, { type: "object" }] }) },
      components: { schemas: { Base: typed("b") } },
    });
    expect(webhookEntries(buildWebhooksModel(loadSpec(spec))!).map((w) => w.body)).toEqual([{ type: ["a"] }, { type: ["b"] }]);
  });

  it("reads markers through oneOf when every alternative has them; optional ones are listed; a header only one webhook documents marks that one", () => {
    const variant = (extra: object) => ({ type: "object", required: ["kind"], properties: { kind: { const: "b" }, ...extra } });
    const spec = specFile({
      webhooks: {
        a: hook({ type: "object", properties: { kind: { enum: ["a"] } } }, [header("X-Kind", "a")]),
        b: hook({ oneOf: [variant({ same: { enum: ["x"] } }), variant({ only: { enum: ["y"] } })] }),
      },
    });
    const model = buildWebhooksModel(loadSpec(spec))!;
    expect(model.eventHeader).toBe("x-kind");
    expect(webhookEntries(model)).toEqual([
      { name: "a", event: ["a"], body: { kind: ["a"] }, optional: ["kind"], json: true },
      { name: "b", body: { kind: ["b"] }, json: true },
    ]);
  });

  it("a spec without webhooks has no model", () => {
    expect(buildWebhooksModel(loadSpec(specFile({})))).toBeUndefined();
  });
});
