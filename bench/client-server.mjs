// The loopback server for the client-overhead section: answers GET /api/v2/billing/cards with a small
// JSON array. Forked by bench/run.ts; reports its port over IPC and stops on disconnect, after
// MAX_REQUESTS, or after MAX_LIFETIME_MS, whichever comes first.
import { createServer } from "node:http";

const MAX_REQUESTS = Number(process.env.BENCH_MAX_REQUESTS ?? 1_000_000);
const MAX_LIFETIME_MS = Number(process.env.BENCH_MAX_LIFETIME_MS ?? 15 * 60_000);
const body = JSON.stringify([
  { id: "card_01hxa3b4c5d6e7f8g9h0j1k2m3", brand: "visa", last4: "4242", expMonth: 12, expYear: 2030, isDefault: true },
  { id: "card_01hxa3b4c5d6e7f8g9h0j1k2m4", brand: "mastercard", last4: "4444", expMonth: 1, expYear: 2031, isDefault: false },
]);
let served = 0;
const server = createServer((req, res) => {
  served++;
  if (req.method === "GET" && req.url === "/api/v2/billing/cards") {
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-request-id": "req_bench" });
    res.end(body);
  } else {
    res.writeHead(404, { "content-type": "application/problem+json" });
    res.end(JSON.stringify({ type: "about:blank", title: "Not Found", status: 404, code: "not_found" }));
  }
  if (served >= MAX_REQUESTS) stop();
});
server.keepAliveTimeout = 30_000;
const lifetime = setTimeout(stop, MAX_LIFETIME_MS);
function stop() {
  clearTimeout(lifetime);
  server.close();
  server.closeAllConnections?.();
  process.disconnect?.();
}
process.on("disconnect", stop);
server.listen(0, "127.0.0.1", () => process.send?.({ port: server.address().port }));
