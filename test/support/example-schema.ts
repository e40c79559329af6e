/**
 * Whether an example is valid against its own schema, decided apart from the generated validators:
 * ajv (JSON Schema 2020-12) over the spec's own files, each added whole under its file URL, with
 * OpenAPI's schema idioms read as the OpenAPI specification defines them:
 * - `nullable: true` admits null (3.0; also honoured in 3.1 documents, as openapi-typescript does);
 * - 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum` turn their bound exclusive;
 * - a `writeOnly` property is not required in a response.
 * Formats are ajv-formats' full set, as the generated validators check them; patterns run on RE2
 * (re2js), and one RE2 cannot run matches everything, as in the generated validators.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import { pathToFileURL } from "node:url";
import type { LoadedSpec } from "../../generator/spec/load.ts";
import type { Located } from "../../generator/spec/refs.ts";
import { linearRegExp } from "../../generator/spec/pattern.ts";

/** Values that are data, not schemas: left as they are. */
const DATA = new Set(["enum", "const", "example", "examples", "default"]);

export type Verdict = { valid: true } | { valid: false; errors: string } | { uncheckable: string };

export function exampleOracle(spec: LoadedSpec): (schema: Located, value: unknown) => Verdict {
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateSchema: false, logger: false, code: { regExp: linearRegExp(() => undefined) } });
  // CommonJS: its function is `default` under Node's ESM interop and in its types.
  formats.default(ajv);
  for (const [path, file] of spec.files) ajv.addSchema(asJsonSchema(file.data) as object, pathToFileURL(path).href);
  const compiled = new Map<string, ValidateFunction | string>();
  return (schema, value) => {
    const ref = `${pathToFileURL(schema.file).href}#${schema.pointer.split("/").map(encodeURIComponent).join("/")}`;
    let validate = compiled.get(ref);
    if (validate === undefined) {
      try {
        validate = ajv.compile({ $ref: ref });
      } catch (err) {
        validate = (err as Error).message.split("\n")[0]!;
      }
      compiled.set(ref, validate);
    }
    if (typeof validate === "string") return { uncheckable: validate };
    return validate(value) ? { valid: true } : { valid: false, errors: ajv.errorsText(validate.errors) };
  };
}

/** A copy of a spec file with OpenAPI's idioms in JSON Schema terms (see the module comment). */
function asJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(asJsonSchema);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = DATA.has(key) ? value : asJsonSchema(value);
  for (const [flag, bound] of [
    ["exclusiveMinimum", "minimum"],
    ["exclusiveMaximum", "maximum"],
  ] as const) {
    if (typeof out[flag] !== "boolean") continue;
    if (out[flag] === true) out[flag] = out[bound];
    if (out[flag] === true || out[flag] === false || out[flag] === undefined) delete out[flag];
    else delete out[bound];
  }
  const properties = out.properties;
  if (Array.isArray(out.required) && properties && typeof properties === "object") {
    const props = properties as Record<string, { writeOnly?: unknown } | undefined>;
    out.required = out.required.filter((name) => props[name]?.writeOnly !== true);
  }
  if (out.nullable !== true) return out;
  const { nullable: _, ...rest } = out;
  if (Array.isArray(rest.enum) && !rest.enum.includes(null)) rest.enum = [...rest.enum, null];
  if (typeof rest.type === "string") return { ...rest, type: [rest.type, "null"] };
  if (Array.isArray(rest.type)) return rest.type.includes("null") ? rest : { ...rest, type: [...rest.type, "null"] };
  return { anyOf: [rest, { type: "null" }] };
}
