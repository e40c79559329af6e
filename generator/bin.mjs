#!/usr/bin/env node
// The generator is TypeScript run in place (tsx), so a spec edit never waits for a build step.
// Its dependencies are optional peers of the package (an application that only imports a client
// never installs them): say so plainly when they are missing.
let register;
try {
  ({ register } = await import("tsx/esm/api"));
} catch {
  console.error(
    "error: the contractgen CLI needs its generator dependencies\n  hint: npm install -D tsx typescript openapi-typescript @redocly/openapi-core handlebars prettier yaml js-yaml",
  );
  process.exit(2);
}
register();
const { main } = await import("./cli.ts");
process.exitCode = await main(process.argv.slice(2));
