/**
 * The contractgen 0.1.0 runtime, shared by every generated API folder beside it.
 * Do not edit: it is copied from contractgen's templates/runtime/ by `contractgen generate`.
 * It is type-checked where it is written, in contractgen (strict, with and without Node types),
 * so an application's tsc skips it; every export's type is written out, so none is inferred here.
 */
// @ts-nocheck

/**
 * `callOperation`: one call of one operation through a core, what every generated operation
 * function does. Never rejects: the result is `{ data }` or a typed `{ error }`.
 */
import { CORE, type Core } from "./core.js";
import { decode } from "./decode.js";
import type { Result } from "./errors.js";
import { notSentError } from "./retry.js";
import type { BodyEncoder, CallInit, CallMeta } from "./types.js";

/**
 * `encode`: how to encode a request body (body.ts's `encodeRequestBody`), which the functions of
 * operations that take one pass, so that a bundle calling none of them leaves it out.
 */
export async function callOperation(
  core: Core,
  operation: CallMeta,
  given: CallInit | undefined,
  encode?: BodyEncoder,
): Promise<Result<unknown, unknown>> {
  const state = core[CORE];
  const label = operation.operationId;
  const refused = state.refuse(given, label);
  if (refused) return { error: state.redactError(refused, given), response: undefined };
  let init = given?.accept === undefined ? given : withAccept(given);
  if (init?.body !== undefined && encode) {
    const encoded = encode(operation, init, state.headers);
    if (typeof encoded === "string") {
      return { error: state.redactError(notSentError(label, encoded), given), response: undefined };
    }
    init = encoded;
  }
  const { method, path } = operation;
  const parseAs = readsBytes(operation) ? "arrayBuffer" : "text";
  const outcome = await state.send(method, label, init, (rest) => state.request(method, path, { ...rest, parseAs }));
  if (!("response" in outcome)) return { error: state.redactError(outcome, given), response: undefined };
  return decode(operation, outcome, state.decodeContext(given));
}

/** `init` without `accept`, which goes out as the `Accept` header (over one the caller set). */
function withAccept({ accept, ...init }: CallInit): CallInit {
  const value = String(accept);
  const headers = init.headers;
  if (headers instanceof Headers) {
    const copy = new Headers(headers);
    copy.set("Accept", value);
    return { ...init, headers: copy };
  }
  if (Array.isArray(headers))
    return {
      ...init,
      headers: [...headers.filter(([name]) => String(name).toLowerCase() !== "accept"), ["Accept", value]],
    };
  const rest = Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => name.toLowerCase() !== "accept"));
  return { ...init, headers: { ...rest, Accept: value } };
}

const bytesRead = new WeakMap<CallMeta, boolean>();

/** Whether a success body may be binary: a documented one is read as a Blob, or one documents no body (read by its `Content-Type`). */
function readsBytes(operation: CallMeta): boolean {
  let bytes = bytesRead.get(operation);
  if (bytes === undefined) {
    bytes = Object.values(operation.responses).some(
      (meta) =>
        meta.kind === "success" &&
        !meta.json &&
        (meta.content === undefined || Object.values(meta.content).includes("blob")),
    );
    bytesRead.set(operation, bytes);
  }
  return bytes;
}
