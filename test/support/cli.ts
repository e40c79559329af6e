/** The CLI's `main` run in this process, its output collected: exit code, stdout and stderr lines joined. */
import { main } from "../../generator/cli.ts";

export async function runMain(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), cwd });
  return { code, out: out.join("\n"), err: err.join("\n") };
}
