/**
 * The contractgen 0.1.0 runtime, shared by every generated API folder beside it.
 * Do not edit: it is copied from contractgen's templates/runtime/ by `contractgen generate`.
 * It is type-checked where it is written, in contractgen (strict, with and without Node types),
 * so an application's tsc skips it; every export's type is written out, so none is inferred here.
 */
// @ts-nocheck

/**
 * The raw openapi-fetch methods of a core (`core.GET("/path", init)`, ..., `core.request`): the
 * same checks, timeout and retries as operation calls, and openapi-fetch's contract otherwise: they
 * resolve to `{ data, error, response }`, and reject with `ClientRequestError` when there is no
 * usable response.
 */
import type { CoreState } from "./core.js";
import { ClientRequestError } from "./errors.js";
import type { Fetched } from "./retry.js";
import type { CallInit } from "./types.js";

const RAW_METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

type RawMethod = (url: string, init?: object) => Promise<Fetched>;

export function wrapRawMethods(client: object, state: CoreState): void {
  const methods = client as Record<string, unknown>;
  const call = async (
    method: string,
    url: unknown,
    init: CallInit | undefined,
    run: (init: object) => Promise<Fetched>,
  ) => {
    const label = `${method} ${String(url)}`;
    const refused = state.refuse(init, label);
    if (refused) throw new ClientRequestError(state.redactError(refused, init));
    const outcome = await state.send(method, label, init, run);
    if ("response" in outcome) return outcome;
    throw new ClientRequestError(state.redactError(outcome, init));
  };
  for (const method of RAW_METHODS) {
    const original = methods[method] as RawMethod;
    methods[method] = (url: string, init?: CallInit) => call(method, url, init, (rest) => original(url, rest));
  }
  methods.request = (method: string, url: string, init?: CallInit) => {
    const upper = String(method).toUpperCase();
    return call(upper, url, init, (rest) => state.request(upper, String(url), rest));
  };
}
