/**
 * Webhooks: what the spec says of the requests an API sends to its users (`webhooks` in 3.1,
 * `x-webhooks` in 3.0), as plain data for `webhooks.ts.hbs` and `contractgen webhook send`: each
 * webhook's name, payload type, example, and what tells it apart from the others when one arrives.
 * @see https://spec.openapis.org/oas/v3.1.0#oasWebhooks
 */
import type { WebhooksConfig } from "../config/index.ts";
import type { LoadedSpec } from "../spec/load.ts";
import { compareText } from "../spec/order.ts";
import { child, deref, type Located } from "../spec/refs.ts";
import { forEachOperation, isRecord, type HttpMethod } from "../spec/walk.ts";
import { DEFAULT_WEBHOOK_TOLERANCE_SECONDS, type SignatureScheme, type WebhookDefinition, type WebhookEntry } from "../../templates/runtime/webhooks.ts";
import { chosenMediaType, componentSchemaName, isJsonMediaType } from "./model.ts";

export type WebhookSection = "webhooks" | "x-webhooks";

/** The config's `webhooks.signature`: a preset's name, or a custom HMAC header. */
export type WebhookSignatureConfig = NonNullable<WebhooksConfig["signature"]>;

export interface WebhookModel {
  /** The key in the spec's webhooks: the event's name. */
  name: string;
  method: HttpMethod;
  /** The request body's media type (JSON when there is one). */
  mediaType?: string;
  json: boolean;
  /** The component schema the payload is exactly, when it is one (typed by its name). */
  schemaName?: string;
  /** Header parameters and the values the spec gives them (enum, const or examples), names lower case. */
  headerValues: Record<string, string[]>;
  /** Top-level body fields with string enum or const values. */
  bodyValues: Record<string, BodyMarker>;
  /** The spec's example payload, if it gives one. */
  example?: { value: unknown };
}

/** A body field's allowed values, and whether the schema requires it. */
export interface BodyMarker {
  values: string[];
  required: boolean;
}

export interface WebhooksModel {
  section: WebhookSection;
  /** The header parameter whose documented values tell the most webhooks apart, if any does. */
  eventHeader?: string;
  webhooks: WebhookModel[];
}

/** Where the spec keeps its webhooks: `webhooks` when it has any, else `x-webhooks`. */
export function webhookSection(document: unknown): WebhookSection | undefined {
  if (!isRecord(document)) return undefined;
  for (const section of ["webhooks", "x-webhooks"] as const) {
    const value = document[section];
    if (isRecord(value) && Object.keys(value).some((key) => !key.startsWith("x-"))) return section;
  }
  return undefined;
}

/**
 * The document openapi-typescript types: a 3.0 spec's `x-webhooks` given to it as `webhooks` (it
 * reads that key whatever the version), without their operationIds, so that webhook operations are
 * typed under `webhooks` and never collide with the client's `operations`.
 */
export function withWebhooksTyped(document: unknown): unknown {
  if (!isRecord(document) || webhookSection(document) !== "x-webhooks") return document;
  const webhooks: Record<string, unknown> = {};
  for (const [name, pathItem] of Object.entries(document["x-webhooks"] as Record<string, unknown>)) {
    if (!isRecord(pathItem)) continue;
    webhooks[name] = Object.fromEntries(
      Object.entries(pathItem).map(([method, operation]) => {
        if (!isRecord(operation) || !("operationId" in operation)) return [method, operation];
        const { operationId: _typedUnderWebhooks, ...rest } = operation;
        return [method, rest];
      }),
    );
  }
  return { ...document, webhooks };
}

/** The spec's webhooks, in the walk's order; undefined when it has none. */
export function buildWebhooksModel(spec: LoadedSpec): WebhooksModel | undefined {
  const section = webhookSection(spec.root.data);
  if (!section) return undefined;
  const byName = new Map<string, WebhookModel>();
  forEachOperation(
    spec,
    ({ path, method, pathItem, operation }) => {
      // One operation per webhook: POST when the path item has several.
      if (byName.has(path) && method !== "post") return;
      byName.set(path, webhookModel(spec, path, method, pathItem, operation));
    },
    { section, onError: () => undefined },
  );
  const webhooks = [...byName.values()];
  const eventHeader = chooseEventHeader(webhooks);
  const discriminating = new Set(discriminatingFields(webhooks));
  for (const webhook of webhooks) {
    webhook.bodyValues = Object.fromEntries(Object.entries(webhook.bodyValues).filter(([field]) => discriminating.has(field)));
  }
  return { section, ...(eventHeader ? { eventHeader } : {}), webhooks };
}

function webhookModel(spec: LoadedSpec, name: string, method: HttpMethod, pathItem: Located, operation: Located): WebhookModel {
  const requestBody = tryDeref(spec, child(operation, "requestBody"));
  const mediaType = requestBody ? chosenMediaType(requestBody.value) : undefined;
  const media = mediaType && requestBody ? child(child(requestBody, "content"), mediaType) : undefined;
  const schemaName = media ? componentSchemaName(spec, child(media, "schema")) : undefined;
  const json = mediaType !== undefined && isJsonMediaType(mediaType);
  const example = media ? exampleOf(spec, media) : undefined;
  return {
    name,
    method,
    ...(mediaType !== undefined ? { mediaType } : {}),
    json,
    ...(schemaName !== undefined ? { schemaName } : {}),
    headerValues: headerValues(spec, [child(pathItem, "parameters"), child(operation, "parameters")]),
    bodyValues: media && json ? enumFields(spec, child(media, "schema")) : {},
    ...(example ? { example } : {}),
  };
}

function tryDeref(spec: LoadedSpec, node: Located): Located | undefined {
  if (node.value === undefined) return undefined;
  try {
    return deref(spec, node);
  } catch {
    return undefined; // validate.ts reports a broken $ref
  }
}

/** Values as a header would carry them: strings as they are, numbers and booleans printed. */
function asHeaderValue(value: unknown): string | undefined {
  return typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
}

function headerValues(spec: LoadedSpec, lists: Located[]): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const list of lists) {
    if (!Array.isArray(list.value)) continue;
    list.value.forEach((_, i) => {
      const parameter = tryDeref(spec, child(list, i));
      if (!parameter || !isRecord(parameter.value) || parameter.value.in !== "header" || typeof parameter.value.name !== "string") return;
      const schema = tryDeref(spec, child(parameter, "schema"))?.value;
      const values = [
        ...(isRecord(schema) && Array.isArray(schema.enum) ? schema.enum : []),
        ...(isRecord(schema) && "const" in schema ? [schema.const] : []),
        parameter.value.example,
        ...(isRecord(parameter.value.examples) ? Object.values(parameter.value.examples).map((e) => (isRecord(e) ? e.value : undefined)) : []),
      ]
        .map(asHeaderValue)
        .filter((v): v is string => v !== undefined);
      if (values.length > 0) found[parameter.value.name.toLowerCase()] = [...new Set(values)];
    });
  }
  return found;
}

/**
 * Top-level fields of a body schema whose values are a string enum or const (through `$ref`, `allOf`,
 * and `oneOf`/`anyOf` when every alternative has the field), with whether the schema requires them.
 */
function enumFields(spec: LoadedSpec, schema: Located, depth = 0): Record<string, BodyMarker> {
  const resolved = tryDeref(spec, schema);
  if (!resolved || !isRecord(resolved.value) || depth > 8) return {};
  const value = resolved.value;
  const fields: Record<string, BodyMarker> = {};
  const required = new Set(Array.isArray(value.required) ? value.required.filter((r): r is string => typeof r === "string") : []);
  const properties = child(resolved, "properties");
  for (const name of isRecord(properties.value) ? Object.keys(properties.value) : []) {
    const property = tryDeref(spec, child(properties, name))?.value;
    if (!isRecord(property)) continue;
    const values = typeof property.const === "string" ? [property.const] : Array.isArray(property.enum) ? property.enum : [];
    if (values.length > 0 && values.every((v) => typeof v === "string")) fields[name] = { values: values as string[], required: required.has(name) };
  }
  const members = (keyword: string) => (Array.isArray(value[keyword]) ? (value[keyword] as unknown[]).map((_, i) => enumFields(spec, child(child(resolved, keyword), i), depth + 1)) : []);
  for (const member of members("allOf")) Object.assign(fields, member);
  for (const keyword of ["oneOf", "anyOf"]) {
    const alternatives = members(keyword);
    if (alternatives.length === 0) continue;
    for (const name of Object.keys(alternatives[0]!)) {
      if (fields[name] || !alternatives.every((a) => a[name])) continue;
      fields[name] = { values: [...new Set(alternatives.flatMap((a) => a[name]!.values))], required: alternatives.every((a) => a[name]!.required) };
    }
  }
  return fields;
}

/** The example a media type object gives: `example`, else its first `examples` entry, else its schema's `example`. */
function exampleOf(spec: LoadedSpec, media: Located): { value: unknown } | undefined {
  const object = media.value;
  if (!isRecord(object)) return undefined;
  if (object.example !== undefined) return { value: object.example };
  if (isRecord(object.examples)) {
    const first = Object.keys(object.examples).sort(compareText)[0];
    const example = first === undefined ? undefined : tryDeref(spec, child(child(media, "examples"), first))?.value;
    if (isRecord(example) && example.value !== undefined) return { value: example.value };
  }
  const schema = tryDeref(spec, child(media, "schema"))?.value;
  return isRecord(schema) && schema.example !== undefined ? { value: schema.example } : undefined;
}

const valueSetKey = (values: readonly string[] | undefined): string => (values ? JSON.stringify([...values].sort()) : "");

/**
 * The header whose values differ across the most webhooks: a header every webhook documents with the
 * same example (a user agent, a signature) names no event, and one documented by a single webhook
 * cannot tell two apart.
 */
function chooseEventHeader(webhooks: readonly WebhookModel[]): string | undefined {
  const names = [...new Set(webhooks.flatMap((w) => Object.keys(w.headerValues)))].sort(compareText);
  let best: { name: string; distinct: number } | undefined;
  for (const name of names) {
    const distinct = new Set(webhooks.map((w) => valueSetKey(w.headerValues[name]))).size;
    if (distinct > 1 && (!best || distinct > best.distinct)) best = { name, distinct };
  }
  return best?.name;
}

/** Body fields whose allowed values differ between webhooks: only those tell one from another. */
function discriminatingFields(webhooks: readonly WebhookModel[]): string[] {
  const names = new Set(webhooks.flatMap((w) => Object.keys(w.bodyValues)));
  return [...names].filter((name) => new Set(webhooks.map((w) => valueSetKey(w.bodyValues[name]?.values))).size > 1);
}

/** The runtime's table: per webhook, the event header values and body fields it is recognised by. */
export function webhookEntries(model: WebhooksModel): WebhookEntry[] {
  return model.webhooks.map((webhook) => {
    const event = model.eventHeader ? webhook.headerValues[model.eventHeader] : undefined;
    const markers = Object.entries(webhook.bodyValues);
    const body = markers.length > 0 ? Object.fromEntries(markers.map(([name, marker]) => [name, marker.values])) : undefined;
    const optional = markers.filter(([, marker]) => !marker.required).map(([name]) => name);
    return { name: webhook.name, ...(event ? { event } : {}), ...(body ? { body } : {}), ...(optional.length > 0 ? { optional } : {}), json: webhook.json };
  });
}

/** The schemes the config names, as the runtime lays them out. */
export const SIGNATURE_PRESETS = {
  github: {
    layout: "prefixed",
    header: "x-hub-signature-256",
    prefix: "sha256=",
    encoding: "hex",
    algorithm: "sha256",
    signedContent: "{body}",
  },
  stripe: {
    layout: "keyed",
    header: "stripe-signature",
    timestampKey: "t",
    signatureKey: "v1",
    encoding: "hex",
    algorithm: "sha256",
    signedContent: "{timestamp}.{body}",
  },
  "standard-webhooks": {
    layout: "versioned",
    header: "webhook-signature",
    version: "v1",
    idHeader: "webhook-id",
    timestampHeader: "webhook-timestamp",
    encoding: "base64",
    algorithm: "sha256",
    signedContent: "{id}.{timestamp}.{body}",
    secret: { encoding: "base64", prefix: "whsec_" },
  },
} as const satisfies Record<Extract<WebhookSignatureConfig, string>, SignatureScheme>;

/** The runtime's scheme for the config's `webhooks.signature` (a preset name, or a custom HMAC header). */
export function signatureScheme(signature: WebhookSignatureConfig): SignatureScheme {
  if (typeof signature === "string") return SIGNATURE_PRESETS[signature];
  return {
    layout: "prefixed",
    header: signature.header.toLowerCase(),
    prefix: signature.prefix ?? "",
    encoding: signature.encoding,
    algorithm: signature.algorithm ?? "sha256",
    signedContent: signature.signedContent ?? "{body}",
    ...(signature.timestampHeader ? { timestampHeader: signature.timestampHeader.toLowerCase() } : {}),
    ...(signature.idHeader ? { idHeader: signature.idHeader.toLowerCase() } : {}),
  };
}

/** What the generated `verify<Api>Webhook` passes the runtime. */
export function webhookDefinition(apiName: string, model: WebhooksModel, config: WebhooksConfig & { signature: WebhookSignatureConfig }): WebhookDefinition {
  return {
    name: apiName,
    scheme: signatureScheme(config.signature),
    // The runtime's default needs no line of its own in every generated verifier.
    ...(config.toleranceSeconds !== undefined && config.toleranceSeconds !== DEFAULT_WEBHOOK_TOLERANCE_SECONDS ? { toleranceSeconds: config.toleranceSeconds } : {}),
    ...(model.eventHeader ? { eventHeader: model.eventHeader } : {}),
    webhooks: webhookEntries(model),
  };
}

/** The view `webhooks.ts.hbs` loops over. */
export function buildWebhooksView(model: WebhooksModel, api: { typeName: string; title: string; specFile: string; config?: WebhooksConfig }) {
  const signature = api.config?.signature;
  return {
    typeName: api.typeName,
    title: api.title,
    specFile: api.specFile,
    verify: signature !== undefined,
    definition: signature !== undefined ? webhookDefinition(api.title, model, { ...api.config, signature }) : undefined,
    schemaImports: ["components", "webhooks"].filter((name) =>
      model.webhooks.some((w) => (name === "components" ? w.schemaName !== undefined : w.schemaName === undefined && w.mediaType !== undefined)),
    ),
    webhooks: model.webhooks.map((w) => ({
      name: w.name,
      method: w.method,
      mediaType: w.json ? (w.mediaType ?? "") : "",
      text: w.mediaType !== undefined && !w.json,
      schemaName: w.json ? (w.schemaName ?? "") : "",
    })),
  };
}
