/**
 * Every documented response example of a spec, read straight off the spec (not through the
 * generator's model): a media type's `example`, and the `value` of each of its `examples` (`$ref`s
 * to components followed). An `externalValue`, or an example object with no value, is not served
 * and is returned with the reason.
 */
import { loadSpec, type LoadedSpec } from "../../generator/spec/load.ts";
import { child, deref, type Located } from "../../generator/spec/refs.ts";
import { forEachOperation, isRecord } from "../../generator/spec/walk.ts";

export interface ResponseExample {
  /** `GET /repos/{owner}/{repo}` */
  operation: string;
  method: string;
  path: string;
  /** The status key as documented: "200", "4XX", "default". */
  status: string;
  /** As written in `content`. */
  mediaType: string;
  /** `example`, or `examples/<name>`. */
  source: string;
  value: unknown;
  /** How many media types the status documents. */
  mediaTypes: number;
  /** The media type's schema, where it has one. */
  schema: Located | undefined;
  /** The operation's path parameters (path item's and operation's), for building the call. */
  pathParams: string[];
}

export interface NotServed {
  operation: string;
  status: string;
  mediaType: string;
  source: string;
  why: string;
}

export interface SpecExamples {
  spec: LoadedSpec;
  examples: ResponseExample[];
  notServed: NotServed[];
}

export function collectExamples(specPath: string): SpecExamples {
  const spec = loadSpec(specPath);
  const examples: ResponseExample[] = [];
  const notServed: NotServed[] = [];
  forEachOperation(spec, ({ path, method, pathItem, operation }) => {
    const label = `${method.toUpperCase()} ${path}`;
    const pathParams = pathParameters(spec, pathItem, operation);
    const responses = child(operation, "responses");
    if (!isRecord(responses.value)) return;
    for (const status of Object.keys(responses.value)) {
      if (status.startsWith("x-")) continue;
      const content = child(deref(spec, child(responses, status)), "content");
      if (!isRecord(content.value)) continue;
      for (const mediaType of Object.keys(content.value)) {
        const media = deref(spec, child(content, mediaType));
        if (!isRecord(media.value)) continue;
        const schema = media.value.schema === undefined ? undefined : child(media, "schema");
        const base = { operation: label, method, path, status, mediaType, mediaTypes: Object.keys(content.value).length, schema, pathParams };
        if (media.value.example !== undefined) examples.push({ ...base, source: "example", value: media.value.example });
        const named = child(media, "examples");
        for (const name of Object.keys(isRecord(named.value) ? named.value : {})) {
          const example = deref(spec, child(named, name));
          const source = `examples/${name}`;
          const value = isRecord(example.value) ? example.value : {};
          if ("value" in value) examples.push({ ...base, source, value: value.value });
          else notServed.push({ operation: label, status, mediaType, source, why: "externalValue" in value ? "externalValue" : "no value" });
        }
      }
    }
  });
  return { spec, examples, notServed };
}

/** The names of the path parameters of an operation (its own and its path item's). */
function pathParameters(spec: LoadedSpec, pathItem: Located, operation: Located): string[] {
  const names = new Set<string>();
  for (const holder of [pathItem, operation]) {
    const list = child(holder, "parameters");
    if (!Array.isArray(list.value)) continue;
    list.value.forEach((_, i) => {
      const parameter = deref(spec, child(list, i)).value;
      if (isRecord(parameter) && parameter.in === "path" && typeof parameter.name === "string") names.add(parameter.name);
    });
  }
  return [...names];
}
