/**
 * The config's `webhooks` key, per API: `{ "signature": <a preset name or a custom HMAC header>,
 * "toleranceSeconds"?: n }`. generator/pipeline/webhooks.ts lays each scheme out for the runtime.
 */
import type { Fail } from "./index.ts";
import { isRecord } from "../spec/walk.ts";

/** Signature schemes the config names. */
export const WEBHOOK_SIGNATURE_PRESETS = ["github", "stripe", "standard-webhooks"] as const;
export type WebhookSignaturePreset = (typeof WEBHOOK_SIGNATURE_PRESETS)[number];

/** An HMAC in one header, `<prefix><hex or base64>`, over `signedContent` (`{body}`, `{timestamp}`, `{id}`). */
export interface CustomWebhookSignature {
  header: string;
  prefix?: string;
  encoding: "hex" | "base64";
  algorithm?: "sha256" | "sha512";
  signedContent?: string;
  timestampHeader?: string;
  idHeader?: string;
}
export type WebhookSignatureConfig = WebhookSignaturePreset | CustomWebhookSignature;

export interface WebhooksConfig {
  signature?: WebhookSignatureConfig;
  /** How far a signed timestamp may be from now (default 300 s). */
  toleranceSeconds?: number;
}

const WEBHOOKS_KEYS = new Set(["signature", "toleranceSeconds"]);
const CUSTOM_SIGNATURE_KEYS = new Set(["header", "prefix", "encoding", "algorithm", "signedContent", "timestampHeader", "idHeader"]);
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

export function parseWebhooks(value: unknown, at: (string | number)[], fail: Fail): WebhooksConfig {
  if (!isRecord(value)) return fail(at, "webhooks must be an object: { signature, toleranceSeconds }");
  for (const key of Object.keys(value)) {
    if (!WEBHOOKS_KEYS.has(key)) fail([...at, key], `unknown config key "${key}"`, `webhooks takes ${[...WEBHOOKS_KEYS].join(", ")}`);
  }
  const tolerance = value.toleranceSeconds;
  if (tolerance !== undefined && (typeof tolerance !== "number" || !Number.isInteger(tolerance) || tolerance < 1 || tolerance > 86_400))
    fail([...at, "toleranceSeconds"], "webhooks.toleranceSeconds must be a whole number of seconds from 1 to 86400");
  return {
    ...(value.signature !== undefined ? { signature: parseSignature(value.signature, [...at, "signature"], fail) } : {}),
    ...(tolerance !== undefined ? { toleranceSeconds: tolerance as number } : {}),
  };
}

function parseSignature(value: unknown, at: (string | number)[], fail: Fail): WebhookSignatureConfig {
  const presets = WEBHOOK_SIGNATURE_PRESETS.map((p) => JSON.stringify(p)).join(", ");
  if (typeof value === "string") {
    if (!(WEBHOOK_SIGNATURE_PRESETS as readonly string[]).includes(value))
      fail(at, `unknown webhook signature scheme ${JSON.stringify(value)}`, `use ${presets}, or an object { header, encoding, prefix?, signedContent? }`);
    return value as WebhookSignaturePreset;
  }
  if (!isRecord(value)) return fail(at, `webhooks.signature must be ${presets} or an object { header, encoding, ... }`);
  for (const key of Object.keys(value)) {
    if (!CUSTOM_SIGNATURE_KEYS.has(key)) fail([...at, key], `unknown config key "${key}"`, `a custom signature takes ${[...CUSTOM_SIGNATURE_KEYS].join(", ")}`);
  }
  const header = (key: string): string | undefined => {
    const v = value[key];
    if (v !== undefined && (typeof v !== "string" || !HEADER_NAME.test(v))) fail([...at, key], `webhooks.signature.${key} must be a header name`);
    return v as string | undefined;
  };
  const name = header("header");
  if (name === undefined) fail(at, 'a custom webhook signature needs "header": the header that carries it');
  if (value.encoding !== "hex" && value.encoding !== "base64") fail([...at, "encoding"], 'webhooks.signature.encoding must be "hex" or "base64"');
  if (value.algorithm !== undefined && value.algorithm !== "sha256" && value.algorithm !== "sha512")
    fail([...at, "algorithm"], 'webhooks.signature.algorithm must be "sha256" or "sha512"');
  if (value.prefix !== undefined && typeof value.prefix !== "string") fail([...at, "prefix"], "webhooks.signature.prefix must be a string");
  const timestampHeader = header("timestampHeader");
  const idHeader = header("idHeader");
  const signedContent = value.signedContent ?? "{body}";
  if (typeof signedContent !== "string" || !signedContent.includes("{body}"))
    fail([...at, "signedContent"], "webhooks.signature.signedContent must be a string holding {body}");
  for (const placeholder of (signedContent as string).match(/\{[^}]*\}/g) ?? []) {
    const known = placeholder === "{body}" || (placeholder === "{timestamp}" && timestampHeader) || (placeholder === "{id}" && idHeader);
    if (!known)
      fail([...at, "signedContent"], `webhooks.signature.signedContent uses ${placeholder}`, "placeholders are {body}, {timestamp} (with timestampHeader) and {id} (with idHeader)");
  }
  return {
    header: name as string,
    encoding: value.encoding as "hex" | "base64",
    ...(value.prefix !== undefined ? { prefix: value.prefix as string } : {}),
    ...(value.algorithm !== undefined ? { algorithm: value.algorithm as "sha256" | "sha512" } : {}),
    signedContent: signedContent as string,
    ...(timestampHeader ? { timestampHeader } : {}),
    ...(idHeader ? { idHeader } : {}),
  };
}
