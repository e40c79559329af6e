/** Client overhead: loopback throughput of the runtime beside bare fetch and openapi-fetch (bench/client.ts). */
import { args, RUNS, version, log, markdown, targets } from "../context.ts";
import { fmt, table } from "../lib.ts";
import { clientBench, type ClientColumn } from "../client.ts";

export async function clientSection(): Promise<void> {
  const requestsPerRun = args.quick ? 4000 : 20_000;
  log(`\n== client overhead (${RUNS} runs of ${requestsPerRun} sequential GETs per column, after a warm-up)`);
  const columns = await clientBench({ runs: RUNS, requestsPerRun, blockSize: 1000, log });
  // columns by name, so that bench/client.ts may add or reorder columns
  const column = (test: (name: string) => boolean): ClientColumn | undefined => columns.find((c) => test(c.name));
  const bare = column((n) => n === "bare fetch")?.stats.median;
  const plain = column((n) => n === "openapi-fetch")?.stats.median;
  const ours = column((n) => n.startsWith("contractgen"));
  const rows = columns.map((c) => [
    c.name,
    fmt.stats(c.stats, (v) => `${fmt.int(v)}`),
    fmt.ratio(c.stats.median, bare),
    fmt.ratio(c.stats.median, plain),
    bare === undefined ? "n/a" : `${(1e6 / c.stats.median - 1e6 / bare).toFixed(1)} µs`,
  ]);
  const text = table(["client", "requests/s: median (min to max)", "vs bare fetch", "vs openapi-fetch", "added per request vs bare fetch"], rows);
  console.log(`\n${text}\n`);
  const measured = ours && plain !== undefined ? `${fmt.int(ours.stats.median)} vs ${fmt.int(plain)} req/s = ${fmt.ratio(ours.stats.median, plain)}` : "a column is missing from bench/client.ts";
  targets.push({
    section: "client",
    issue: "24",
    target: "client throughput >= 0.93x openapi-fetch alone, with auth, timeout, retry and decoding on (requests/s, same run)",
    measured,
    met: ours && plain !== undefined ? ours.stats.median >= 0.93 * plain : false,
  });
  markdown.set(
    "client",
    `## 3. Client overhead

\`bench/client.ts\`: ${requestsPerRun.toLocaleString("en-US")} sequential GETs per column and run, \`GET /api/v2/billing/cards\` answered by a \`node:http\` server on 127.0.0.1
(its own process, \`bench/client-server.mjs\`: a two-card JSON array). The columns run in the same process, interleaved in
blocks of 1,000 requests in rotating order. Every column sends \`Authorization: Bearer ...\` and parses the JSON body:
bare \`fetch\` + \`res.json()\`; \`openapi-fetch\` ${version("openapi-fetch")} \`createClient\` alone (static header) + \`client.GET\`;
the contractgen runtime (\`templates/runtime/\`, compiled to JavaScript by esbuild as an application's bundler ships it, not run through tsx) as a generated operation function calls it: \`callOperation\` over a core from
\`createCore\` with HostUp's \`listSavedCards\` metadata: the bearer credential sent by the auth middleware from the API's security
plan, a per-attempt timeout (an \`AbortController\` and a timer), the retry loop, the response size limit and the error decoder, all on.

${text}
`,
  );
}
