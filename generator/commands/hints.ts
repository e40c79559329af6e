/**
 * Commands named in messages and hints, spelled the way the user ran this one: through the npm script
 * that runs it, `npx contractgen`, or `node path/bin.mjs`.
 */
import { readFileSync } from "node:fs";
import { relative, sep } from "node:path";
import type { Env } from "./io.ts";

export interface Invocation {
  env: Env;
  cwd: string;
  script?: string;
  /** The options the user gave that carry over to the suggested command (say `-c conf.json`). */
  carried: string[];
}

/**
 * How to run `command` the way the user ran this one: through the npm script that runs it when run
 * from one (`npm run generate`), `npx contractgen` when run by npx or from node_modules/.bin, the
 * script's own path when run as `node path/bin.mjs`.
 */
export function invocationFor(command: string, how: Invocation): string {
  const args = [command, ...how.carried].join(" ");
  const npmScript = how.env.npm_lifecycle_event && how.env.npm_lifecycle_event !== "npx" ? scriptRunning(command, how.env.npm_package_json) : undefined;
  if (npmScript) return npmScript === command ? `npm run ${command}` : `npm run ${npmScript}`;
  const script = how.script ?? "";
  if (how.env.npm_command === "exec" || script.includes(`${sep}node_modules${sep}`) || script === "") return `npx contractgen ${args}`;
  if (/contractgen$/.test(script)) return `contractgen ${args}`;
  return `node ${relative(how.cwd, script) || script} ${args}`;
}

/** The name of the package.json script that runs `contractgen <command>` (or `bin.mjs <command>`), if any. */
function scriptRunning(command: string, packageJson: string | undefined): string | undefined {
  if (!packageJson) return undefined;
  let scripts: Record<string, unknown> = {};
  try {
    scripts = (JSON.parse(readFileSync(packageJson, "utf8")) as { scripts?: Record<string, unknown> }).scripts ?? {};
  } catch {
    return undefined;
  }
  const runs = new RegExp(`(contractgen|bin\\.mjs)\\s+${command}(\\s|$)`);
  return Object.entries(scripts).find(([, text]) => typeof text === "string" && runs.test(text))?.[0];
}

/**
 * The commands a message names (`contractgen init --spec FILE`, in any module's hint), spelled the
 * way this run was started. An npm script takes no extra arguments without `--`: those stay npx.
 */
export function spellCommands(text: string, how: Invocation): string {
  return text.replace(/`contractgen ([a-z]+)([^`]*)`/g, (_m, command: string, args: string) => {
    const spelled = invocationFor(command, how);
    return spelled.startsWith("npm run") && args.trim() !== "" ? `\`npx contractgen ${command}${args}\`` : `\`${spelled}${args}\``;
  });
}

export function shellWord(text: string): string {
  return /^[\w./@:=+-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}
