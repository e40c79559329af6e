import { configDefaults, defineConfig } from "vitest/config";
import { E2E_FILES } from "./vitest.e2e.config.ts";

/**
 * Two projects: "unit" (`npm test`, every test file but the end-to-end ones) and "e2e"
 * (`npm run test:e2e`, the list in vitest.e2e.config.ts). A file named on the command line runs in
 * whichever project holds it: `npx vitest run test/package.test.ts` works without flags.
 */
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...E2E_FILES],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      "./vitest.e2e.config.ts",
    ],
  },
});
