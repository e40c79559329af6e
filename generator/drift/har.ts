/**
 * Reading a HAR file (HTTP Archive 1.2, as browser devtools and proxies export it) into plain
 * exchanges: request and response with their bodies decoded.
 */
import type { Entry, Har } from "har-format";
import { readFileSync } from "node:fs";
import { UserError } from "../errors.ts";

export interface NameValue {
  name: string;
  value: string;
}

export interface RecordedBody {
  /** Media type without parameters, lower case ("" when none was recorded). */
  mediaType: string;
  /** The body text, or undefined when the recording left it out (devtools do for large bodies). */
  text: string | undefined;
}

export interface Exchange {
  /** Position in the HAR file, from 1. */
  index: number;
  method: string;
  url: string;
  requestHeaders: NameValue[];
  requestBody?: RecordedBody;
  /** 0 when the request got no response (blocked, aborted). */
  status: number;
  responseHeaders: NameValue[];
  responseBody: RecordedBody;
  /** The HAR's own cookie lists, request and response (a recording may hold cookies only there). */
  cookies: NameValue[];
}

export function readHar(path: string): Exchange[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UserError({ kind: "usage", message: `cannot read HAR file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
  }
  let har: unknown;
  try {
    har = JSON.parse(text);
  } catch (err) {
    throw new UserError({ kind: "usage", message: `${path} is not JSON: ${(err as Error).message}`, hint: "export the recording as HAR (devtools: Network, Export HAR)" });
  }
  return parseHar(har, path);
}

export function parseHar(har: unknown, path = "HAR"): Exchange[] {
  const entries = (har as Har | undefined)?.log?.entries;
  if (!Array.isArray(entries)) {
    throw new UserError({ kind: "usage", message: `${path} is not a HAR file: no log.entries list`, hint: "export the recording as HAR (devtools: Network, Export HAR)" });
  }
  return entries.map((entry, i) => exchange(entry, i + 1, path));
}

function exchange(entry: Entry, index: number, path: string): Exchange {
  const { request, response } = entry ?? ({} as Entry);
  if (typeof request?.method !== "string" || typeof request.url !== "string" || !URL.canParse(request.url)) {
    throw new UserError({ kind: "usage", message: `${path}: entry ${index} has no request method and absolute URL` });
  }
  const requestHeaders = headers(request.headers);
  const responseHeaders = headers(response?.headers);
  const postData = request.postData;
  return {
    index,
    method: request.method.toUpperCase(),
    url: request.url,
    requestHeaders,
    ...(postData
      ? { requestBody: { mediaType: mediaType(postData.mimeType || header(requestHeaders, "content-type")), text: postData.text ?? (postData.params ? new URLSearchParams(postData.params.map((p) => [p.name, p.value ?? ""])).toString() : undefined) } }
      : {}),
    status: typeof response?.status === "number" ? response.status : 0,
    responseHeaders,
    responseBody: {
      mediaType: mediaType(response?.content?.mimeType || header(responseHeaders, "content-type")),
      text: decode(response?.content),
    },
    cookies: [...headers(request.cookies), ...headers(response?.cookies)],
  };
}

function headers(list: unknown): NameValue[] {
  return Array.isArray(list) ? list.filter((h) => typeof h?.name === "string").map((h) => ({ name: h.name as string, value: String(h.value ?? "") })) : [];
}

export function header(list: NameValue[], name: string): string {
  return list.find((h) => h.name.toLowerCase() === name)?.value ?? "";
}

function mediaType(value: string): string {
  return value.split(";")[0]!.trim().toLowerCase();
}

function decode(content: Entry["response"]["content"] | undefined): string | undefined {
  if (!content) return undefined;
  if (typeof content.text !== "string") return content.size === 0 ? "" : undefined;
  return content.encoding === "base64" ? Buffer.from(content.text, "base64").toString("utf8") : content.text;
}
