/**
 * `contractgen webhook send --api NAME --event KEY --to URL`: post the spec's example payload of one
 * webhook to an application's handler, signed with the API's configured scheme, so that the handler
 * can be tested end to end. Signing is the runtime's own `signWebhook`: what is sent is exactly what
 * the generated verifier accepts.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command, OptionValues } from "./io.ts";
import { loadConfig, type ApiConfig, type ResolvedConfig } from "../config/index.ts";
import { UserError } from "../errors.ts";
import { loadSpec } from "../spec/load.ts";
import { contractgenVersion } from "../package-root.ts";
import { buildWebhooksModel, signatureScheme, type WebhookModel } from "../pipeline/webhooks.ts";
import { signWebhook } from "../../templates/runtime/webhooks.ts";

/** The environment variable read when --secret is not given (a secret on a command line lands in shell history). */
export const SECRET_ENV = "CONTRACTGEN_WEBHOOK_SECRET";
const SEND_TIMEOUT_MS = 10_000;

const usage = (message: string, hint?: string): never => {
  throw new UserError({ kind: "usage", message, ...(hint ? { hint } : {}) });
};

export const webhookCommand: Command = {
  summary: "send a signed example webhook delivery to a handler",
  usage: `contractgen webhook send --api NAME --event KEY --to URL [--secret S] [--body FILE]

Posts the spec's example payload of the webhook KEY (its name under \`webhooks\` or \`x-webhooks\`)
to URL, signed with the API's \`webhooks.signature\` scheme from the config, with the event header
the spec documents for it. Prints the handler's HTTP status.

Options:
      --api NAME     the API of the config whose webhook to send
      --event KEY    the webhook, as the spec names it
      --to URL       the handler's http(s) URL
      --secret S     the signing secret (default: the ${SECRET_ENV} environment variable)
      --body FILE    send this file's bytes instead of the spec's example

Exit codes: 0 the handler answered 2xx, 1 it answered otherwise or could not be reached, 2 usage or
config error (no such API or webhook, no signature scheme, no secret, no example).`,
  options: { api: { type: "string" }, event: { type: "string" }, to: { type: "string" }, secret: { type: "string" }, body: { type: "string" } },
  positionals: true,
  async run(values, io) {
    const [action, ...extra] = (values.positionals as string[] | undefined) ?? [];
    if (action !== "send" || extra.length > 0) usage(action === undefined ? "webhook needs an action: send" : `unknown webhook action "${[action, ...extra].join(" ")}"`, "contractgen webhook send --api NAME --event KEY --to URL");
    const { api, secret, url } = sendArguments(values, io.env, await loadConfig(values.config as string | undefined, io.cwd));
    const { webhook, eventHeader } = findWebhook(api, values.event as string);
    const body = typeof values.body === "string" ? readBody(resolve(io.cwd, values.body)) : exampleBody(api, webhook);
    const scheme = signatureScheme(api.webhooks!.signature!);
    const id = `msg_${randomUUID()}`;
    const signed = await signWebhook(scheme, secret, body, { id, timestamp: Date.now() / 1000 });
    const headers = {
      "content-type": webhook.mediaType ?? "application/octet-stream",
      "user-agent": `contractgen/${contractgenVersion()}`,
      ...eventHeader,
      ...signed,
    };
    let response: Response;
    try {
      response = await fetch(url, { method: "POST", headers, body: Buffer.from(body), redirect: "manual", signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      io.err(`error: could not deliver ${webhook.name} to ${url.origin}: ${cause}`);
      return 1;
    }
    await response.body?.cancel();
    const line = `${webhook.name} to ${url.href}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
    if (response.ok) {
      io.out(`sent ${line}`);
      return 0;
    }
    io.err(`error: the handler refused ${line}`);
    return 1;
  },
};

function sendArguments(values: OptionValues, env: Record<string, string | undefined>, config: ResolvedConfig): { api: ApiConfig; secret: string; url: URL } {
  const names = config.apis.map((a) => a.name).join(", ");
  for (const option of ["api", "event", "to"]) if (typeof values[option] !== "string") usage(`--${option} is required`, "contractgen webhook send --api NAME --event KEY --to URL");
  const api = config.apis.find((a) => a.name === values.api) ?? usage(`no API named "${String(values.api)}" in the config`, `APIs in the config: ${names}`);
  if (!api.webhooks?.signature) usage(`the config gives ${api.name} no webhook signature scheme`, `set "webhooks": { "signature": "standard-webhooks" } (or "github", "stripe", or a custom header) on the API`);
  const secret = typeof values.secret === "string" ? values.secret : env[SECRET_ENV];
  if (!secret) usage("no signing secret", `pass --secret, or set ${SECRET_ENV}`);
  let url: URL | undefined;
  try {
    url = new URL(values.to as string);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) usage(`--to must be an http(s) URL`);
  return { api, secret: secret as string, url: url as URL };
}

/** The webhook, and the event header the spec documents for it (its first value), so the handler can tell which it is. */
function findWebhook(api: ApiConfig, name: string): { webhook: WebhookModel; eventHeader: Record<string, string> } {
  const model = buildWebhooksModel(loadSpec(api.spec, { refRoot: api.refRoot }));
  if (!model) return usage(`${api.name}'s spec documents no webhooks`);
  const found = model.webhooks.find((w) => w.name === name);
  const value = found && model.eventHeader ? found.headerValues[model.eventHeader]?.[0] : undefined;
  if (found) return { webhook: found, eventHeader: model.eventHeader && value !== undefined ? { [model.eventHeader]: value } : {} };
  const known = model.webhooks.map((w) => w.name);
  return usage(`${api.name} has no webhook "${name}"`, `webhooks: ${known.slice(0, 12).join(", ")}${known.length > 12 ? `, ... (${known.length} in all)` : ""}`);
}

/** The example as the handler will read it: JSON for a JSON body, else the text as it is. */
function exampleBody(api: ApiConfig, webhook: WebhookModel): string {
  if (!webhook.example) return usage(`${api.name}'s webhook ${webhook.name} has no example payload in the spec`, "pass --body FILE with the payload to send");
  const value = webhook.example.value;
  return webhook.json || typeof value !== "string" ? JSON.stringify(value) : value;
}

function readBody(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    return usage(`cannot read --body ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

