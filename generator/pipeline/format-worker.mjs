// Formats source text with prettier off the main thread, so formatting overlaps openapi-typescript.
// Plain JavaScript: a worker thread does not inherit the tsx loader of the main thread.
import { parentPort } from "node:worker_threads";
import { format } from "prettier";

parentPort.on("message", async ({ id, name, source, options }) => {
  try {
    parentPort.postMessage({ id, formatted: await format(source, { ...options, filepath: name }) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
