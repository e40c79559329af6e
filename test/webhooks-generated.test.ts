/**
 * The generated webhooks.ts of the fixture specs (3.1 `webhooks`, 3.0 `x-webhooks`): compared with
 * the folders committed under test/fixtures/webhooks/expected (refresh with `npx vitest run -u` and
 * review), then imported and run: a delivery signed as the sender would is verified and named.
 * They import the runtime's sources, so test/types/webhooks-app.ts type-checks against them.
 */
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { apiConfig, resolvedConfig, type ApiConfig } from "../generator/config/index.ts";
import { closeRunContext, createRunContext, generateApi } from "../generator/pipeline/run.ts";
import { signWebhook } from "../templates/runtime/webhooks.ts";
import { SIGNATURE_PRESETS } from "../generator/pipeline/webhooks.ts";

const fixtures = fileURLToPath(new URL("./fixtures/webhooks/", import.meta.url));
const root = fileURLToPath(new URL("..", import.meta.url));

const cases: (Pick<ApiConfig, "name" | "webhooks"> & { spec: string })[] = [
  { name: "billing", spec: "billing-3.1.yaml", webhooks: { signature: "stripe", toleranceSeconds: 600 } },
  { name: "repo", spec: "repo-events-3.0.yaml", webhooks: { signature: "github", toleranceSeconds: 300 } },
  { name: "unsigned", spec: "repo-events-3.0.yaml", webhooks: { toleranceSeconds: 300 } },
];

describe("generated webhooks", () => {
  const ctx = createRunContext(resolvedConfig(fixtures, [], { runtimeOutput: `${root}templates/runtime` }));
  afterAll(() => closeRunContext(ctx));

  for (const { name, spec, webhooks } of cases) {
    it(`${name} generates its expected files`, async () => {
      const api = apiConfig({ name, spec: `${fixtures}${spec}`, output: `${fixtures}expected/${name}`, ...(webhooks ? { webhooks } : {}) });
      const generated = await generateApi(api, ctx);
      expect(generated.files.has("webhooks.ts")).toBe(true);
      for (const [file, content] of generated.files) await expect(content).toMatchFileSnapshot(`${fixtures}expected/${name}/${file}`);
    });
  }

  it("a spec without a signature scheme gets the event union and no verifier", async () => {
    const webhooks = await import("./fixtures/webhooks/expected/unsigned/webhooks.ts");
    expect(Object.keys(webhooks)).toEqual([]);
  });

  it("the 3.1 spec's verifier names events by their body's type, with the configured tolerance", async () => {
    const { verifyBillingWebhook } = await import("./fixtures/webhooks/expected/billing/index.ts");
    const body = JSON.stringify({ type: "invoice.payment_failed", data: { id: "inv_1", reason: "card_declined" } });
    const t = 1_700_000_000;
    const headers = await signWebhook(SIGNATURE_PRESETS.stripe, "whsec_x", body, { id: "evt", timestamp: t });
    const result = await verifyBillingWebhook({ headers, body }, { secret: "whsec_x", now: () => (t + 599) * 1000 });
    expect(result).toEqual({ event: { name: "invoice.payment_failed", payload: JSON.parse(body) } });
    const late = await verifyBillingWebhook({ headers, body }, { secret: "whsec_x", now: () => (t + 601) * 1000 });
    expect(late.error?.code).toBe("expired");
  });

  it("the 3.0 spec's verifier names events by the event header and the body's action", async () => {
    const { verifyRepoWebhook } = await import("./fixtures/webhooks/expected/repo/index.ts");
    const deliver = async (event: string, body: string) =>
      verifyRepoWebhook({ headers: { ...(await signWebhook(SIGNATURE_PRESETS.github, "k", body, { id: "1", timestamp: 0 })), "X-Event-Name": event }, body }, { secret: "k" });
    expect((await deliver("issues", '{"action":"closed","issue":{"number":1,"title":"t"}}')).event?.name).toBe("issue-closed");
    expect((await deliver("push", '{"ref":"r","commits":[]}')).event?.name).toBe("push");
    expect((await deliver("issues", '{"action":"deleted"}')).error?.code).toBe("unknown_event");
  });
});
