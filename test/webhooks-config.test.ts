/**
 * The config's `webhooks` key (generator/config/schema.json): presets and custom headers accepted and
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
    [{ signature: "svix" }, 'webhooks.signature must be "github", "stripe", "standard-webhooks" or an object describing the scheme, got "svix"'],
    [{ signature: { header: "X-Sig", signedContent: "{body}" } }, 'webhooks.signature is missing "encoding"'],
    [{ signature: { encoding: "hex", signedContent: "{body}" } }, 'webhooks.signature is missing "header"'],
    [{ signature: { header: "X Sig", encoding: "hex", signedContent: "{body}" } }, "webhooks.signature.header must be a header name (letters, digits and !#$%&'*+.^_`|~-), got \"X Sig\""],
    [{ signature: { header: "X-Sig", encoding: "hex", signedContent: "{timestamp}.{body}" } }, 'webhooks.signature is missing "timestampHeader"'],
    [{ signature: { header: "X-Sig", encoding: "hex", signedContent: "{id}.{body}" } }, 'webhooks.signature is missing "idHeader"'],
    [{ signature: { header: "X-Sig", encoding: "hex", signedContent: "{id}" } }, 'webhooks.signature.signedContent must be a template naming {body} (and optionally {timestamp}, {id}), got "{id}"'],
    [{ signature: { header: "X-Sig", encoding: "hex", algorithm: "md5", signedContent: "{body}" } }, 'webhooks.signature.algorithm must be "sha256" or "sha512", got "md5"'],
    [{ signature: "github", toleranceSeconds: -1 }, "webhooks.toleranceSeconds must be a number of seconds (0 or more), got -1"],
    [{ signature: "github", secret: "s" }, 'unknown config key "secret"'],
    ["github", 'webhooks must be an object, got "github"'],
  ])("%j is refused: %s", async (webhooks, message) => {
    await expect(config(webhooks)).rejects.toMatchObject({ message, kind: "usage", position: { line: expect.any(Number) } });
  });
});
