import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The compiler options of a consumer without Node types (a browser or Deno one): strict, DOM lib, NodeNext. */
export const CONSUMER_WITHOUT_NODE = {
  strict: true,
  target: "ES2022",
  module: "NodeNext",
  moduleResolution: "NodeNext",
  lib: ["ES2022", "DOM"],
  types: [],
  skipLibCheck: true,
} as const;

/**
 * A generated operations.ts as contractgen's tests check it: without its `// @ts-nocheck` line, which
 * spares applications' tsc the table's literal, so that the literal is checked against its declared type.
 */
export function withTableChecked(text: string): string {
  const checked = text.replace(/^\/\/ @ts-nocheck\n/m, "");
  if (checked === text) throw new Error("operations.ts has no // @ts-nocheck line: the template changed, so change this helper too");
  return checked;
}

/** What the repository's tsc prints for a project (`""` when it compiles). */
export function tscOutput(tsconfig: string, cwd: string): string {
  try {
    execFileSync(process.execPath, [fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url)), "-p", tsconfig], { cwd, encoding: "utf8" });
    return "";
  } catch (err) {
    return String((err as { stdout?: string }).stdout ?? err);
  }
}
