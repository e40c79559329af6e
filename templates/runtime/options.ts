/**
 * Client options checked once, at construction: every number is finite, whole and in range, so
 * that no call can time out at once (`timeoutMs: NaN`) or retry for ever (`maxRetries: Infinity`).
 */
import type { ClientOptions } from "./types.js";

/** setTimeout's largest delay; anything longer fires at once. */
const MAX_TIMER_MS = 2_147_483_647;

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES: number = 10 * 1024 * 1024;

export interface Settings {
  timeoutMs: number;
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxResponseBytes: number;
}

/** Each number: where it is in the options, its default, least and greatest value. */
const NUMBERS: readonly (readonly [keyof Settings, "" | "retry.", number, number, number])[] = [
  ["timeoutMs", "", DEFAULT_TIMEOUT_MS, 1, MAX_TIMER_MS],
  ["maxRetries", "retry.", 2, 0, 10],
  ["baseDelayMs", "retry.", 500, 0, MAX_TIMER_MS],
  ["maxDelayMs", "retry.", 60_000, 0, MAX_TIMER_MS],
  ["maxResponseBytes", "", DEFAULT_MAX_RESPONSE_BYTES, 1, Number.MAX_SAFE_INTEGER],
];

/** Options that must be functions when given. */
const FUNCTIONS = ["fetch", "onRateLimit", "onContractDrift"] as const;

export function resolveSettings(options: ClientOptions<object>, apiName: string): Settings {
  const refuse = (what: string) => new TypeError(`${apiName}: ${what}`);
  const retry = options.retry ?? {};
  if (typeof retry !== "object" || retry === null) throw refuse("retry must be an object");
  const settings = {} as Settings;
  for (const [name, path, fallback, min, max] of NUMBERS) {
    const value = ((path ? retry : options) as Record<string, unknown>)[name];
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= min && (value as number) <= max)) {
      throw refuse(`${path}${name} must be a whole number from ${min} to ${max}, got ${String(value)}`);
    }
    settings[name] = (value as number | undefined) ?? fallback;
  }
  for (const name of FUNCTIONS) {
    if (options[name] !== undefined && typeof options[name] !== "function") throw refuse(`${name} must be a function`);
  }
  const insecure = options.allowInsecureHttp;
  if (insecure !== undefined && typeof insecure !== "boolean") throw refuse("allowInsecureHttp must be true or false");
  if (options.middleware !== undefined && !Array.isArray(options.middleware))
    throw refuse("middleware must be an array");
  return settings;
}
