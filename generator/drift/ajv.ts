/**
 * The one JSON Schema 2020-12 validator (OpenAPI 3.1 schemas are 2020-12), with the formats the specs
 * use. OpenAPI's own keywords (`example`, `discriminator`, `x-*` ...) are ignored, not refused. A
 * spec's `pattern` runs on RE2 (linear time); `onUnsupportedPattern` hears each one RE2 cannot run,
 * which then checks nothing.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import { linearRegExp } from "../spec/pattern.ts";

export function createAjv(onUnsupportedPattern: (source: string, reason: string) => void = () => undefined): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false, validateSchema: false, code: { regExp: linearRegExp(onUnsupportedPattern) } });
  // ajv-formats is CommonJS: its function is `default` under Node's ESM interop and in its types.
  formats.default(ajv);
  return ajv;
}
