/** Rate-limit headers: `Retry-After` (seconds or an HTTP date) and the `X-RateLimit-*` family. */
import type { RateLimit } from "./errors.js";

function headerNumber(headers: Headers, name: string): number | undefined {
  const value = headers.get(name);
  if (value === null || value.trim() === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

export function parseRateLimit(headers: Headers): RateLimit {
  const limits: RateLimit = {};
  const retryAfter = parseRetryAfter(headers.get("Retry-After"));
  if (retryAfter !== undefined) limits.retryAfter = retryAfter;
  const limit = headerNumber(headers, "X-RateLimit-Limit");
  if (limit !== undefined) limits.limit = limit;
  const remaining = headerNumber(headers, "X-RateLimit-Remaining");
  if (remaining !== undefined) limits.remaining = remaining;
  const reset = headerNumber(headers, "X-RateLimit-Reset");
  if (reset !== undefined) limits.reset = reset;
  return limits;
}

/** `Retry-After` as seconds: delta-seconds or an HTTP date (rounded up, never negative); anything else is ignored. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // An HTTP date starts with a day name; Date.parse alone would accept "1.5" or "-1" as dates.
  if (!/^[A-Za-z]{3}/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
