/**
 * generator/pipeline/webhooks.ts and the config's `webhooks` key: which section holds the webhooks,
 * what openapi-typescript is given, and what tells webhooks apart (the event header, the body's enum
 * fields), each as the spec documents it.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../generator/config/index.ts";
import { loadSpec } from "../generator/spec/load.ts";
import { buildWebhooksModel, signatureScheme, webhookEntries, webhookSection, withWebhooksTyped } from "../generator/pipeline/webhooks.ts";

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

describe("the config's webhooks key", () => {
  async function config(webhooks: unknown) {
    const dir = mkdtempSync(join(tmpdir(), "contractgen-webhooks-config-"));
    writeFileSync(join(dir, "contractgen.config.json"), JSON.stringify({ apis: [{ name: "a", spec: join(fixtures, "billing-3.1.yaml"), output: "out", webhooks }] }, null, 2));
    return loadConfig(undefined, dir);
  }

  it("takes a preset, or a custom header laid out as the runtime's prefixed scheme", async () => {
    expect((await config({ signature: "standard-webhooks", toleranceSeconds: 60 })).apis[0]!.webhooks).toEqual({ signature: "standard-webhooks", toleranceSeconds: 60 });
    const custom = (await config({ signature: { header: "X-Sig", encoding: "base64", prefix: "v1=", timestampHeader: "X-Ts", signedContent: "{timestamp}.{body}" } })).apis[0]!.webhooks!;
    expect(signatureScheme(custom.signature!)).toEqual({
      layout: "prefixed",
      header: "x-sig",
      prefix: "v1=",
      encoding: "base64",
      algorithm: "sha256",
      signedContent: "{timestamp}.{body}",
      timestampHeader: "x-ts",
    });
  });

  it.each([
    [{ signature: "svix" }, 'unknown webhook signature scheme "svix"'],
    [{ signature: { header: "X-Sig" } }, 'webhooks.signature.encoding must be "hex" or "base64"'],
    [{ signature: { encoding: "hex" } }, 'a custom webhook signature needs "header": the header that carries it'],
    [{ signature: { header: "X Sig", encoding: "hex" } }, "webhooks.signature.header must be a header name"],
    [{ signature: { header: "X-Sig", encoding: "hex", signedContent: "{timestamp}.{body}" } }, "webhooks.signature.signedContent uses {timestamp}"],
    [{ signature: { header: "X-Sig", encoding: "hex", signedContent: "{id}" } }, "webhooks.signature.signedContent must be a string holding {body}"],
    [{ signature: { header: "X-Sig", encoding: "hex", algorithm: "md5" } }, 'webhooks.signature.algorithm must be "sha256" or "sha512"'],
    [{ signature: "github", toleranceSeconds: 0 }, "webhooks.toleranceSeconds must be a whole number of seconds from 1 to 86400"],
    [{ signature: "github", secret: "s" }, 'unknown config key "secret"'],
    ["github", "webhooks must be an object: { signature, toleranceSeconds }"],
  ])("%j is refused: %s", async (webhooks, message) => {
    await expect(config(webhooks)).rejects.toMatchObject({ message, kind: "usage", position: { line: expect.any(Number) } });
  });
});
