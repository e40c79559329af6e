/**
 * The two handlers of the README's webhooks section, compiled by `tsc --noEmit` against the golden
 * webhooks folders (the README names a GitHub and a billing API; the code is the same).
 */
import { createServer } from "node:http";
import { verifyBillingWebhook } from "../fixtures/webhooks/expected/billing/index.js";
import { verifyRepoWebhook } from "../fixtures/webhooks/expected/repo/index.js";

// A Node `http` handler: the raw body as received, Node's headers as they are.
export const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", async () => {
    const { event, error } = await verifyRepoWebhook({ headers: req.headers, body: Buffer.concat(chunks) }, { secret: process.env.WEBHOOK_SECRET! });
    if (error) return res.writeHead(error.code === "payload_too_large" ? 413 : 400).end(error.code);
    if (event.name === "push") console.log(`pushed to ${event.payload.ref}`);
    res.writeHead(204).end();
  });
});

// A fetch-style handler (Deno, Bun, Workers, a Next.js route): the Request itself.
export async function POST(request: Request): Promise<Response> {
  const { event, error } = await verifyBillingWebhook(request, { secret: process.env.WEBHOOK_SECRET! });
  if (error) return new Response(error.code, { status: error.code === "unknown_event" ? 202 : 400 });
  switch (event.name) {
    case "invoice.paid":
      return Response.json({ paid: event.payload.data.amount });
    case "invoice.payment_failed":
      return Response.json({ reason: event.payload.data.reason });
  }
}
