/**
 * Deprecation policy shared by operations and parameters: `x-sunset` dates (RFC 3339 date or
 * date-time), `x-stability-level`, and how many days a deprecated element must live before removal.
 */
import type { Settings } from "../core/context.ts";

const LEVELS = ["draft", "alpha", "beta", "stable"] as const;
export type Stability = (typeof LEVELS)[number];

/** The stability level (`stable` when unset), or "invalid" for a value that is none of the four. */
export function stabilityOf(node: Record<string, unknown>): Stability | "invalid" {
  const value = node["x-stability-level"];
  if (value === undefined) return "stable";
  return typeof value === "string" && (LEVELS as readonly string[]).includes(value) ? (value as Stability) : "invalid";
}

export function stabilityRank(level: Stability): number {
  return LEVELS.indexOf(level);
}

/** A date (UTC midnight) from `x-sunset`, undefined when absent, "invalid" when it does not parse. */
export function sunsetOf(node: Record<string, unknown>): Date | "invalid" | undefined {
  const value = node["x-sunset"];
  if (value === undefined) return undefined;
  if (typeof value !== "string" && !(value instanceof Date)) return "invalid";
  const text = value instanceof Date ? value.toISOString() : value;
  if (!/^\d{4}-\d{2}-\d{2}(T.*)?$/.test(text)) return "invalid";
  const date = new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(date.getTime())) return "invalid";
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

export function dateText(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Whole days from today to `date` (negative when it is past). */
export function daysUntil(date: Date, settings: Settings): number {
  const today = Date.UTC(settings.now.getUTCFullYear(), settings.now.getUTCMonth(), settings.now.getUTCDate());
  return Math.round((date.getTime() - today) / 86_400_000);
}

/** Days a deprecated element of this stability must stay: none for draft and alpha. */
export function deprecationDays(settings: Settings, stability: Stability): number {
  if (stability === "draft" || stability === "alpha") return 0;
  return stability === "beta" ? settings.deprecationDaysBeta : settings.deprecationDaysStable;
}

export type DeprecationVerdict = "deprecated" | "with-sunset" | "sunset-missing" | "sunset-parse" | "sunset-too-small";

/** What deprecating an element says, by oasdiff's policy: a sunset is needed when the policy asks for days. */
export function deprecationVerdict(node: Record<string, unknown>, settings: Settings): DeprecationVerdict | undefined {
  const stability = stabilityOf(node);
  if (stability === "invalid") return undefined;
  const days = deprecationDays(settings, stability);
  const sunset = sunsetOf(node);
  if (sunset === undefined) return days > 0 ? "sunset-missing" : "deprecated";
  if (sunset === "invalid") return "sunset-parse";
  return daysUntil(sunset, settings) < days ? "sunset-too-small" : "with-sunset";
}

/** What removing a deprecated element says: before its sunset is an error, after it nothing. */
export function removalVerdict(node: Record<string, unknown>, settings: Settings): "without-deprecation" | "with-deprecation" | "before-sunset" | "sunset-parse" | undefined {
  if (node.deprecated !== true) return "without-deprecation";
  const sunset = sunsetOf(node);
  if (sunset === undefined) return "with-deprecation";
  if (sunset === "invalid") return "sunset-parse";
  return daysUntil(sunset, settings) > 0 ? "before-sunset" : undefined;
}
