/**
 * The TanStack Query example (examples/hostup-react) in a real browser: built with esbuild, served
 * with a loopback HostUp stand-in, loaded in headless Chromium through playwright-core. It renders the
 * saved cards through the generated query options, a documented 404 through its typed error branch,
 * removes a card through the generated mutation options, and logs nothing to the console.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const example = join(root, "examples/hostup-react");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const CARD = { id: "card_01hxa3b4c5d6e7f8g9h0j1k2m3", brand: "visa", last4: "4242", expMonth: 12, expYear: 2028, cardholderName: "Example Customer", isPrimary: true, addedAt: "2026-04-27T12:00:00.000Z" };

let server: Server;
let origin: string;
let browser: Browser;
let out: string;
const seen: string[] = [];

/** HostUp's side of the three calls the page makes, as the spec documents them. */
function startServer(page: { html: string; js: string }): Promise<Server> {
  let cards = [CARD];
  const srv = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    seen.push(`${req.method} ${url.pathname} ${req.headers.authorization ?? "-"}`);
    if (url.pathname === "/") return void res.writeHead(200, { "Content-Type": "text/html" }).end(page.html);
    if (url.pathname === "/main.js") return void res.writeHead(200, { "Content-Type": "text/javascript" }).end(page.js);
    if (req.method === "GET" && url.pathname === "/api/v2/billing/cards") {
      return void res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(cards));
    }
    const card = /^\/api\/v2\/billing\/cards\/([^/]+)$/.exec(url.pathname);
    if (req.method === "DELETE" && card) {
      cards = cards.filter((c) => c.id !== decodeURIComponent(card[1]!));
      return void res.writeHead(204).end();
    }
    if (req.method === "GET" && url.pathname.startsWith("/api/v2/shared-hosting/")) {
      const body = { type: "about:blank", title: "Not Found", status: 404, code: "not_found", detail: "No such account." };
      return void res.writeHead(404, { "Content-Type": "application/problem+json" }).end(JSON.stringify(body));
    }
    res.writeHead(404, { "Content-Type": "text/plain" }).end("no route");
  });
  return new Promise((done) => srv.listen(0, "127.0.0.1", () => done(srv)));
}

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "contractgen-react-"));
  await build({
    entryPoints: [join(example, "main.tsx")],
    bundle: true,
    format: "esm",
    jsx: "automatic",
    outfile: join(out, "main.js"),
    alias: { "@contractgen/billing-clients/hostup": join(root, "generated/hostup/index.ts") },
    define: { "process.env.NODE_ENV": '"development"' },
    logLevel: "silent",
  });
  server = await startServer({ html: readFileSync(join(example, "index.html"), "utf8"), js: readFileSync(join(out, "main.js"), "utf8") });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => server?.close(done));
  if (out) rmSync(out, { recursive: true, force: true });
});

describe("examples/hostup-react in Chromium", () => {
  it("renders the cards, a typed 404, removes a card, and keeps the console clean", async () => {
    const page = await browser.newPage();
    const console: string[] = [];
    page.on("console", (m) => {
      // Chromium logs every 4xx fetch; the documented 404 the page asks for is the one expected.
      const expected404 = m.text().includes("status of 404") && m.location().url.endsWith("/api/v2/shared-hosting/acct_missing");
      if (["error", "warning"].includes(m.type()) && !expected404) console.push(`${m.type()}: ${m.text()} (${m.location().url})`);
    });
    page.on("pageerror", (e) => void console.push(`pageerror: ${e.message}`));
    await page.goto(origin);

    const list = page.getByRole("list", { name: "saved cards" });
    await expect.poll(() => list.locator("li").allTextContents()).toEqual(["visa ending 4242, expires 12/2028 Remove"]);
    await expect.poll(() => page.getByRole("alert").allTextContents()).toEqual(["Account acct_missing: not found (HTTP 404)"]);
    expect(seen).toContain("GET /api/v2/billing/cards Bearer demo-key");

    await page.getByRole("button", { name: "Remove" }).click();
    await expect.poll(() => list.locator("li").count()).toBe(0);
    expect(seen).toContain(`DELETE /api/v2/billing/cards/${CARD.id} Bearer demo-key`);
    expect(console).toEqual([]);
    await page.close();
  });
});
