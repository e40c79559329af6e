/**
 * Cost of `verify<Api>Webhook` (templates/runtime/webhooks.ts): a typical delivery, a 10 MB body
 * (signed and verified, and over the bound), and signature headers of 10,000 entries. The goal: every
 * hostile case resolves within 2 s. Run alone with `node --import tsx bench/webhooks.ts`.
 */
import { pathToFileURL } from "node:url";
import { SIGNATURE_PRESETS } from "../generator/pipeline/webhooks.ts";
import { DEFAULT_MAX_WEBHOOK_BYTES, signWebhook, verifyWebhook, type SignatureScheme, type WebhookDefinition, type WebhookInput } from "../templates/runtime/webhooks.ts";
import { stats, table } from "./lib.ts";

const GOAL_MS = 2000;
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const TIMESTAMP = 1_700_000_000;
const now = () => TIMESTAMP * 1000;

const definition = (scheme: SignatureScheme): WebhookDefinition => ({ name: "Bench", scheme, webhooks: [{ name: "event", json: true }] });

/** A JSON body of about `bytes` bytes. */
const jsonBody = (bytes: number): string => JSON.stringify({ type: "event", data: "x".repeat(Math.max(0, bytes - 26)) });

interface Case {
  label: string;
  scheme: SignatureScheme;
  /** Builds the input once, outside the timed part. */
  input: () => Promise<WebhookInput>;
  /** The outcome the case must have: an event, or this error code. */
  want: "event" | string;
  goal: boolean;
}

const signed = async (scheme: SignatureScheme, body: string | Uint8Array) => signWebhook(scheme, SECRET, body, { id: "msg_1", timestamp: TIMESTAMP });
const manyEntries = (entry: string, separator: string) => Array.from({ length: 10_000 }, () => entry).join(separator);

const CASES: Case[] = [
  { label: "typical delivery (2 KB, standard-webhooks)", scheme: SIGNATURE_PRESETS["standard-webhooks"], want: "event", goal: false, input: async () => ({ headers: await signed(SIGNATURE_PRESETS["standard-webhooks"], jsonBody(2048)), body: jsonBody(2048) }) },
  { label: "10 MB body, verified (prefixed hex)", scheme: SIGNATURE_PRESETS.github, want: "event", goal: true, input: async () => ({ headers: await signed(SIGNATURE_PRESETS.github, jsonBody(10_000_000)), body: jsonBody(10_000_000) }) },
  {
    label: "10 MB body as a streamed Request, verified",
    scheme: SIGNATURE_PRESETS["standard-webhooks"],
    want: "event",
    goal: true,
    input: async () => {
      const body = new TextEncoder().encode(jsonBody(10_000_000));
      const headers = await signed(SIGNATURE_PRESETS["standard-webhooks"], body);
      return new Request("https://bench.test/hook", { method: "POST", headers, body });
    },
  },
  { label: "body 1 byte over the 10 MiB bound", scheme: SIGNATURE_PRESETS.github, want: "payload_too_large", goal: true, input: async () => ({ headers: await signed(SIGNATURE_PRESETS.github, "{}"), body: new Uint8Array(DEFAULT_MAX_WEBHOOK_BYTES + 1) }) },
  {
    label: "10,000 v1 entries (standard-webhooks)",
    scheme: SIGNATURE_PRESETS["standard-webhooks"],
    want: "invalid_signature",
    goal: true,
    input: async () => ({ headers: { ...(await signed(SIGNATURE_PRESETS["standard-webhooks"], "{}")), "webhook-signature": manyEntries("v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", " ") }, body: "{}" }),
  },
  {
    label: "10,000 v1 entries (keyed, t=...,v1=...)",
    scheme: SIGNATURE_PRESETS.stripe,
    want: "invalid_signature",
    goal: true,
    input: async () => ({ headers: { "stripe-signature": `t=${TIMESTAMP},${manyEntries(`v1=${"0".repeat(64)}`, ",")}` }, body: "{}" }),
  },
];

async function measure(testCase: Case, runs: number): Promise<{ ms: number[]; outcome: string }> {
  const ms: number[] = [];
  let outcome = "";
  for (let run = 0; run <= runs; run++) {
    const input = await testCase.input();
    const start = performance.now();
    const result = await verifyWebhook(definition(testCase.scheme), input, { secret: SECRET, now });
    const elapsed = performance.now() - start;
    outcome = result.error ? result.error.code : "event";
    if (run > 0) ms.push(elapsed); // the first run warms up
  }
  return { ms, outcome };
}

export async function webhooksBench(runs = 5): Promise<{ markdown: string; targets: { target: string; measured: string; met: boolean }[] }> {
  const rows: string[][] = [];
  const targets: { target: string; measured: string; met: boolean }[] = [];
  for (const testCase of CASES) {
    const { ms, outcome } = await measure(testCase, runs);
    const s = stats(ms);
    const right = outcome === testCase.want;
    rows.push([testCase.label, outcome + (right ? "" : ` (expected ${testCase.want})`), s.median.toFixed(1), s.min.toFixed(1), s.max.toFixed(1)]);
    if (testCase.goal) targets.push({ target: `${testCase.label}: ${testCase.want} within ${GOAL_MS} ms`, measured: `${s.max.toFixed(0)} ms (slowest of ${s.n})`, met: right && s.max < GOAL_MS });
  }
  const markdown = `${table(["case", "outcome", "median ms", "min", "max"], rows)}\n\nMedian of ${runs} runs after one warm-up, in one process (WebCrypto HMAC-SHA256).`;
  return { markdown, targets };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { markdown, targets } = await webhooksBench();
  console.log(markdown);
  for (const t of targets) console.log(`${t.met ? "met" : "MISSED"}: ${t.target} (${t.measured})`);
}
