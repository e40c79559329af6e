#!/usr/bin/env node
// The CLI runs from its bundle (generator/dist/, see bundle.mjs) while that is current, and otherwise
// from the TypeScript sources through tsx, so that an edit to the generator never waits for a build.
// tsx is a dependency of the package: if it cannot be loaded, the install is incomplete (say a
// copy of generator/ without its node_modules, or an install with --omit=prod); say so plainly.
import { currentBundle } from "./bundle.mjs";

const bundle = currentBundle();
let main;
if (bundle) {
  ({ main } = await import(bundle));
} else {
  let register;
  try {
    ({ register } = await import("tsx/esm/api"));
  } catch {
    console.error("error: the contractgen CLI cannot load its dependency tsx\n  hint: reinstall contractgen (npm install -D contractgen), which installs its dependencies");
    process.exit(2);
  }
  register();
  ({ main } = await import("./cli.ts"));
}
process.exitCode = await main(process.argv.slice(2));
