/**
 * Compiles config/schema.json into config/schema-validator.mjs with ajv's standalone code, so that
 * reading a config never loads ajv itself (diff, drift and the others start without it). Run
 * `node generator/config/compile-validator.mjs` after editing the schema; a test fails while the
 * committed validator is not the one the schema compiles to.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
export const SCHEMA_FILE = join(HERE, "schema.json");
export const VALIDATOR_FILE = join(HERE, "schema-validator.mjs");

/** The validator module's text for the schema as it is now. */
export async function validatorSource() {
  const { default: Ajv } = await import("ajv");
  const { default: standalone } = await import("ajv/dist/standalone/index.js");
  // allErrors: the mapping in validate.ts picks the most precise of them; verbose: each error carries its schema.
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, code: { source: true, esm: true } });
  // Shown by editors (VS Code reads `errorMessage`) and by contractgen's own messages; not a check.
  ajv.addKeyword({ keyword: "errorMessage", schemaType: "string" });
  const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, "utf8")));
  const code = standalone(ajv, validate);
  if (/\brequire\(/.test(code)) throw new Error("the schema needs ajv's runtime (minLength, a deep-equal const...): the validator must stay free of imports");
  return `// Compiled from schema.json by compile-validator.mjs; do not edit.\n${code}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(VALIDATOR_FILE, await validatorSource());
  console.log(`wrote ${VALIDATOR_FILE}`);
}
