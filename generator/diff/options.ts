/**
 * oasdiff's options, under oasdiff's names, parsed into `DiffOptions`: `--severity-levels FILE`,
 * `--include-checks`, `--exclude-elements` and the deprecation-days pair. A bad value is a one-line
 * usage error (with file:line for a bad severity-levels line); nothing here touches the specs.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { UserError } from "../errors.ts";
import type { Level } from "./core/types.ts";
import type { DiffOptions } from "./diff.ts";
import oasdiff from "./oasdiff-rules.json" with { type: "json" };
import { isRuleId, OPTIONAL_RULES } from "./registry.ts";
import { ELEMENTS, type Element } from "./rule.ts";

export type LevelOverride = Level | "NONE";

/**
 * oasdiff's optional checks (INFO unless asked for), marked `optional` in the registry:
 * `--include-checks` raises them to ERR, as oasdiff did before it folded the option into --severity-levels.
 */
export const OPTIONAL_CHECKS = OPTIONAL_RULES;

const OVERRIDES: readonly LevelOverride[] = ["ERR", "WARN", "INFO", "NONE"];
const OASDIFF_IDS = new Set(oasdiff.rules.map((r) => r.id));

function usage(message: string, position?: { file: string; line: number; col: number }): UserError {
  return new UserError({ kind: "usage", message, position, hint: "see `contractgen diff --help`" });
}

/**
 * `id LEVEL` per line (LEVEL: ERR, WARN, INFO or NONE, any case, as oasdiff's file); blank lines and
 * `#` comments are skipped. An oasdiff id contractgen does not implement is accepted and has no effect.
 */
export function parseSeverityLevels(text: string, file: string): Map<string, LevelOverride> {
  const levels = new Map<string, LevelOverride>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*/, "").trim();
    if (line === "") return;
    const at = (token: string) => ({ file, line: index + 1, col: raw.indexOf(token) + 1 });
    const fields = line.split(/\s+/);
    if (fields.length !== 2) throw usage(`severity levels: expected \`<rule-id> <ERR|WARN|INFO|NONE>\`, got \`${line}\``, at(fields[0]!));
    const [id, level] = fields as [string, string];
    if (!isRuleId(id) && !OASDIFF_IDS.has(id)) throw usage(`severity levels: unknown rule id \`${id}\``, at(id));
    const upper = level.toUpperCase() as LevelOverride;
    if (!OVERRIDES.includes(upper)) throw usage(`severity levels: level \`${level}\` is not one of ERR, WARN, INFO, NONE`, at(level));
    levels.set(id, upper);
  });
  return levels;
}

function list(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((v) => String(v).split(",")).map((v) => v.trim()).filter((v) => v !== "");
}

export function parseIncludeChecks(value: unknown): string[] {
  const ids = list(value);
  const unknown = ids.find((id) => !OPTIONAL_CHECKS.includes(id));
  if (unknown !== undefined) throw usage(`--include-checks: \`${unknown}\` is not an optional check (one of ${OPTIONAL_CHECKS.join(", ")})`);
  return ids;
}

export function parseExcludeElements(value: unknown): Element[] {
  const names = list(value);
  const unknown = names.find((name) => !(ELEMENTS as readonly string[]).includes(name));
  if (unknown !== undefined) throw usage(`--exclude-elements: \`${unknown}\` is not one of ${ELEMENTS.join(", ")}`);
  return names as Element[];
}

export function parseDays(name: string, value: unknown): number {
  const text = String(value);
  if (!/^\d+$/.test(text)) throw usage(`--${name} must be a whole number of days (0 or more), got \`${text}\``);
  return Number(text);
}

/** The diff options the command line asks for (relative paths against `cwd`). */
export function diffOptionsFrom(values: Readonly<Record<string, unknown>>, cwd: string): DiffOptions {
  const levels = new Map<string, LevelOverride>();
  // --include-checks first: an explicit severity-levels line for the same id wins.
  if (values["include-checks"] !== undefined) for (const id of parseIncludeChecks(values["include-checks"])) levels.set(id, "ERR");
  const file = values["severity-levels"];
  if (file !== undefined) {
    const path = resolve(cwd, String(file));
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      throw usage(`--severity-levels: cannot read ${String(file)}`);
    }
    for (const [id, level] of parseSeverityLevels(text, path)) levels.set(id, level);
  }
  const options: DiffOptions = {};
  if (levels.size > 0) options.levels = levels;
  if (values["exclude-elements"] !== undefined) options.excludeElements = parseExcludeElements(values["exclude-elements"]);
  if (values["deprecation-days-beta"] !== undefined) options.deprecationDaysBeta = parseDays("deprecation-days-beta", values["deprecation-days-beta"]);
  if (values["deprecation-days-stable"] !== undefined) options.deprecationDaysStable = parseDays("deprecation-days-stable", values["deprecation-days-stable"]);
  return options;
}
