#!/usr/bin/env node
// The generator is TypeScript run in place (tsx), so a spec edit never waits for a build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./cli.ts");
process.exitCode = await main(process.argv.slice(2));
