/**
 * The contractgen 0.1.0 runtime, shared by every generated API folder beside it.
 * Do not edit: it is copied from contractgen's templates/runtime/ by `contractgen generate`.
 * It is type-checked where it is written, in contractgen (strict, with and without Node types),
 * so an application's tsc skips it; every export's type is written out, so none is inferred here.
 */
// @ts-nocheck

/**
 * A body read to its end, but never past a limit: the response size limit (transport.ts) and a
 * webhook delivery's bound (webhooks.ts) read through here.
 */

/** The stream's bytes, or `undefined` (the stream cancelled) as soon as they pass `limit`. */
export async function readAtMost(
  body: ReadableStream<Uint8Array>,
  limit: number,
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
