/**
 * Terminal colour, only where it helps: on a TTY, unless `NO_COLOR` says no (https://no-color.org)
 * or `FORCE_COLOR` says yes. A tiny module instead of a dependency: the CLI needs six styles.
 */

export interface Paint {
  red: (text: string) => string;
  yellow: (text: string) => string;
  green: (text: string) => string;
  cyan: (text: string) => string;
  dim: (text: string) => string;
  bold: (text: string) => string;
}

type Env = Record<string, string | undefined>;

/** NO_COLOR (set and not empty) wins over FORCE_COLOR, as in picocolors; FORCE_COLOR=0/false forces it off. */
export function colourEnabled(stream: { isTTY?: boolean }, env: Env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return stream.isTTY === true && env.TERM !== "dumb";
}

const style = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string) => text;

export const NO_PAINT: Paint = { red: plain, yellow: plain, green: plain, cyan: plain, dim: plain, bold: plain };

const PAINT: Paint = { red: style(31, 39), yellow: style(33, 39), green: style(32, 39), cyan: style(36, 39), dim: style(2, 22), bold: style(1, 22) };

export function paint(enabled: boolean): Paint {
  return enabled ? PAINT : NO_PAINT;
}

/**
 * Colour the severity word of formatted diagnostics (`file:1:2: error: ...`, `warning:`, `  hint:`),
 * so messages are built once, as plain text, and coloured only when printed.
 */
export function paintDiagnostic(text: string, p: Paint): string {
  if (p === NO_PAINT) return text;
  return text
    .replace(/(^|: )(error)(: )/gm, (_m, before: string, word: string, after: string) => `${before}${p.bold(p.red(word))}${after}`)
    .replace(/(^|: )(warning|notice)(: )/gm, (_m, before: string, word: string, after: string) => `${before}${p.bold(p.yellow(word))}${after}`)
    .replace(/^(\s+hint: )(.*)$/gm, (_m, label: string, rest: string) => `${p.dim(label)}${rest}`);
}
