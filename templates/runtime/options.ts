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

function wholeNumber(
  name: string,
  value: unknown,
  fallback: number,
  min: number,
  max: number,
  apiName: string,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new TypeError(`${apiName}: ${name} must be a whole number from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

export function resolveSettings(options: ClientOptions<object>, apiName: string): Settings {
  const retry = options.retry ?? {};
  if (typeof retry !== "object" || retry === null) {
    throw new TypeError(`${apiName}: retry must be an object`);
  }
  const settings: Settings = {
    timeoutMs: wholeNumber("timeoutMs", options.timeoutMs, DEFAULT_TIMEOUT_MS, 1, MAX_TIMER_MS, apiName),
    maxRetries: wholeNumber("retry.maxRetries", retry.maxRetries, 2, 0, 10, apiName),
    baseDelayMs: wholeNumber("retry.baseDelayMs", retry.baseDelayMs, 500, 0, MAX_TIMER_MS, apiName),
    maxDelayMs: wholeNumber("retry.maxDelayMs", retry.maxDelayMs, 60_000, 0, MAX_TIMER_MS, apiName),
    maxResponseBytes: wholeNumber(
      "maxResponseBytes",
      options.maxResponseBytes,
      DEFAULT_MAX_RESPONSE_BYTES,
      1,
      Number.MAX_SAFE_INTEGER,
      apiName,
    ),
  };
  checkFunctions(options, apiName);
  return settings;
}

function checkFunctions(options: ClientOptions<object>, apiName: string): void {
  for (const name of ["fetch", "onRateLimit", "onContractDrift"] as const) {
    const value = options[name];
    if (value !== undefined && typeof value !== "function") {
      throw new TypeError(`${apiName}: ${name} must be a function`);
    }
  }
  if (options.allowInsecureHttp !== undefined && typeof options.allowInsecureHttp !== "boolean") {
    throw new TypeError(`${apiName}: allowInsecureHttp must be true or false`);
  }
  if (options.middleware !== undefined && !Array.isArray(options.middleware)) {
    throw new TypeError(`${apiName}: middleware must be an array`);
  }
}
