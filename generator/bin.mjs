#!/usr/bin/env node
// The generator is TypeScript run in place (tsx), so a spec edit never waits for a build step.
// tsx is a dependency of the package: if it cannot be loaded, the install is incomplete (say a
// copy of generator/ without its node_modules, or an install with --omit=prod); say so plainly.
let register;
try {
  ({ register } = await import("tsx/esm/api"));
} catch {
  console.error("error: the contractgen CLI cannot load its dependency tsx\n  hint: reinstall contractgen (npm install -D contractgen), which installs its dependencies");
  process.exit(2);
}
register();
const { main } = await import("./cli.ts");
process.exitCode = await main(process.argv.slice(2));
