/**
 * Recorded response headers against the documented ones: a documented header that is present but
 * does not read as its schema says (an integer rate-limit header holding "lots") is drift. The
 * reading is the client's own (templates/runtime/headers.ts), so drift flags what the client
 * would give as `undefined`.
 */
import type { LoadedSpec } from "../spec/load.ts";
import type { Located } from "../spec/refs.ts";
import { responseHeaders } from "../pipeline/headers.ts";
import { parseHeader } from "../../templates/runtime/headers.ts";
import type { Exchange } from "./har.ts";

export interface HeaderMismatch {
  name: string;
  kind: string;
  value: string;
}

/** Every documented header of `response` the exchange carries with a value its kind cannot read. */
export function headerMismatches(spec: LoadedSpec, response: Located, exchange: Exchange): HeaderMismatch[] {
  const mismatches: HeaderMismatch[] = [];
  for (const header of responseHeaders(spec, response)) {
    const values = exchange.responseHeaders.filter((h) => h.name.toLowerCase() === header.name).map((h) => h.value);
    if (values.length === 0) continue;
    const value = values.join(", ");
    if (parseHeader(value, header.kind) === undefined) mismatches.push({ name: header.name, kind: header.kind, value });
  }
  return mismatches;
}
