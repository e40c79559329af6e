/**
 * The document Prism serves: the bundled spec, with every streamed success that has an example
 * turned into a text one (streams.ts), which Prism can serve: its schema becomes a string and each
 * example its stream text. Prism cannot write a list of events as `text/event-stream`, nor anything
 * as JSON lines. The spec itself is never changed: the rewrite works on a copy.
 */
import { getAtPointer, parsePointer } from "../spec/pointer.ts";
import { HTTP_METHODS, isRecord } from "../spec/walk.ts";
import { streamFormat } from "../../templates/runtime/media.ts";
import { streamText } from "./streams.ts";

/** A copy of `document` whose streamed successes Prism serves from their examples. */
export function prismDocument(document: unknown): unknown {
  if (!isRecord(document)) return document;
  const copy = structuredClone(document);
  const resolve = (node: unknown): unknown => {
    if (!isRecord(node) || typeof node.$ref !== "string" || !node.$ref.startsWith("#")) return node;
    const found = getAtPointer(copy, parsePointer(node.$ref.slice(1)));
    return found.found ? found.value : node;
  };
  const responses: unknown[] = [];
  const pathItems = [...valuesOf(copy.paths), ...valuesOf(isRecord(copy.components) ? copy.components.pathItems : undefined)];
  for (const item of pathItems.map(resolve).filter(isRecord)) {
    const operations = [...HTTP_METHODS, "query"].map((m) => item[m]);
    operations.push(...valuesOf(item.additionalOperations));
    for (const operation of operations.filter(isRecord)) {
      if (!isRecord(operation.responses)) continue;
      for (const [status, response] of Object.entries(operation.responses)) if (/^2/.test(status)) responses.push(response);
    }
  }
  // Shared responses are rewritten where they are defined: a `$ref` to one leaves nothing to do here.
  responses.push(...valuesOf(isRecord(copy.components) ? copy.components.responses : undefined));
  for (const response of responses) {
    if (!isRecord(response) || !isRecord(response.content)) continue;
    for (const [mediaType, media] of Object.entries(response.content)) {
      const format = streamFormat(mediaType);
      if (format && isRecord(media)) asText(media, (value) => streamText(format, value), resolve);
    }
  }
  return copy;
}

/** A media type object served as text: a string schema, each example as `text` writes it. Left alone without an example. */
function asText(media: Record<string, unknown>, text: (value: unknown) => string, resolve: (node: unknown) => unknown): void {
  const examples = isRecord(media.examples) ? media.examples : {};
  if (media.example === undefined && Object.keys(examples).length === 0) return;
  media.schema = { type: "string" };
  delete media.itemSchema;
  if (media.example !== undefined) media.example = text(media.example);
  for (const [name, given] of Object.entries(examples)) {
    const example = resolve(given);
    if (!isRecord(example)) continue;
    const { dataValue, serializedValue, value, ...rest } = example;
    if (typeof serializedValue !== "string" && value === undefined && dataValue === undefined) continue; // an externalValue
    const served = typeof serializedValue === "string" ? serializedValue : text(value !== undefined ? value : dataValue);
    examples[name] = { ...rest, value: served };
  }
}

function valuesOf(map: unknown): unknown[] {
  return isRecord(map) ? Object.values(map) : [];
}
