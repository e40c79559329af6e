import { defineConfig } from "vitest/config";

/**
 * End-to-end test files: `npm run test:e2e` runs them, `npm test` leaves them out (vitest.config.ts
 * imports this list), CI (.ci/run) runs both. Each one drives real processes (npm, tsc, Prism, Deno,
 * killed writers) or many generated programs, and so takes tens of seconds where a unit file takes
 * one or two.
 */
export const E2E_FILES = [
  "test/package.test.ts", // packs both packages, installs each into an empty project, tsc, publint, attw, examples on Prism
  "test/deno.test.ts", // importExtension ".ts": deno check and deno run
  "test/typecheck.test.ts", // tsc over generated clients, Stripe's among them
  "test/corpus-compile.test.ts", // the public-spec corpus generated and compiled in one strict tsc program
  "test/property.test.ts", // generated specs -> generate -> tsc, in worker processes
  "test/poisoned-spec.test.ts", // hostile strings in every spec field -> generate -> tsc and import
  "test/atomic-write.test.ts", // kills the writer at each step of a swap
  "test/contract.test.ts", // the clients against Prism mock servers
  "test/mock.test.ts", // contractgen mock (Prism as a child process)
  "test/mock-front.test.ts", // a generated client paging and streaming against contractgen mock (Prism behind it)
  "test/query-browser.test.ts", // the TanStack Query example built with esbuild and run in headless Chromium
  "test/webhooks-github.test.ts", // GitHub's full spec generated with its 270 webhooks, then tsc
  "test/pages-vendors-generated.test.ts", // GitHub's and Stripe's full specs generated: paged operations counted, then tsc
  "test/decode-examples.test.ts", // every documented response example served through its spec's generated client: decode and drift
];

export default defineConfig({
  test: {
    name: "e2e",
    include: E2E_FILES,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
