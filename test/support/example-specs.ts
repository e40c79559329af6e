/** The specs whose response examples are served through their generated clients: API name -> spec path. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const root = join(import.meta.dirname, "../..");
const corpus = join(root, "test/corpus");
const real = (JSON.parse(readFileSync(join(corpus, "index.json"), "utf8")) as { specs: { spec: string; kind: string }[] }).specs.filter((e) => e.kind === "real");

export const EXAMPLE_SPECS: Record<string, string> = {
  github: createRequire(import.meta.url).resolve("@octokit/openapi/generated/api.github.com.json"),
  stripe: join(root, "../shared/specs/stripe-spec3.yaml"),
  ...Object.fromEntries(real.map((e) => [e.spec.replace(/^real\//, "").replace(/[/.].*$/, ""), join(corpus, e.spec)])),
};
