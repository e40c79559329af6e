/**
 * The config's `webhooks` key (generator/config/webhooks.ts): presets and custom headers accepted and
 * laid out for the runtime, every mistake refused with its position.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../generator/config/index.ts";
import { signatureScheme } from "../generator/pipeline/webhooks.ts";

const fixtures = join(import.meta.dirname, "fixtures/webhooks");

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
