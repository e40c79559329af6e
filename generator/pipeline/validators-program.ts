/**
 * The code of a report-mode `validators.ts`, as one expression whose value is `validateResponse`:
 * validators-support.ts (the lookup, the wording of mismatches, ajv's run-time helpers, the function
 * formats), the formats object ajv's code reads, ajv's validators and the table of validators by
 * operation, status and media type, minified together by esbuild. What that API's validators never
 * call is dropped, so the file carries only the formats and helpers it uses.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../package-root.ts";
import { propertyKey } from "./templates.ts";
import { minifyToExpression, type ValidatorSource } from "./validators-code.ts";

/** The formats ajv-formats implements as functions, by the flag `usedFormats` sets. */
export const FUNCTION_FORMATS = {
  date: "date",
  time: "time",
  "date-time": "dateTime",
  "iso-time": "isoTime",
  "iso-date-time": "isoDateTime",
  uri: "uri",
  regex: "regex",
  byte: "byte",
  int32: "int32",
  int64: "int64",
  float: "float",
  double: "double",
} as const;
export type FormatFlag = (typeof FUNCTION_FORMATS)[keyof typeof FUNCTION_FORMATS];

/** Each function format's entry in the formats object ajv's code calls (`contractgenFormats[name].validate(value)`). */
const FORMAT_ENTRIES: Record<FormatFlag, string> = {
  date: "date: { validate: isDate }",
  time: "time: { validate: (text: string) => isTime(text, true) }",
  dateTime: '"date-time": { validate: (text: string) => isDateTime(text, true) }',
  isoTime: '"iso-time": { validate: (text: string) => isTime(text, false) }',
  isoDateTime: '"iso-date-time": { validate: (text: string) => isDateTime(text, false) }',
  uri: "uri: { validate: isUri }",
  regex: "regex: { validate: isRegex }",
  byte: "byte: { validate: isByte }",
  int32: 'int32: { type: "number", validate: (value: number) => Number.isInteger(value) && value <= 2 ** 31 - 1 && value >= -(2 ** 31) }',
  int64: 'int64: { type: "number", validate: (value: number) => Number.isInteger(value) }',
  float: 'float: { type: "number", validate: () => true }',
  double: 'double: { type: "number", validate: () => true }',
};

const SUPPORT_FILE = join(PACKAGE_ROOT, "generator/pipeline/validators-support.ts");
let support: string | undefined;

/** validators-support.ts as module code of the program: its exports (there for the tests) are plain declarations. */
function supportSource(): string {
  support ??= readFileSync(SUPPORT_FILE, "utf8").replace(/^export (?=function |const |interface |type )/gm, "");
  return support;
}

export interface ValidatorsTable {
  operationId: string;
  responses: { status: string; mediaTypes: { mediaType: string; validator: string }[] }[];
}

/** The program's expression. `validators`: ajv's code and its exported names; `table`: validator names, "" for nothing to check. */
export function validatorsProgram(validators: ValidatorSource, formats: Record<FormatFlag, boolean>, table: ValidatorsTable[]): string {
  const local = (name: string): string => {
    const found = validators.exported.get(name);
    if (found === undefined) throw new Error(`validators: no compiled validator ${name}`);
    return found;
  };
  const entries = (Object.keys(FORMAT_ENTRIES) as FormatFlag[]).filter((flag) => formats[flag]).map((flag) => FORMAT_ENTRIES[flag]);
  const rows = table.map(({ operationId, responses }) => {
    const statuses = responses.map(({ status, mediaTypes }) => {
      const types = mediaTypes.map(({ mediaType, validator }) => `${propertyKey(mediaType)}: ${validator === "" ? "null" : local(validator)}`);
      return `${propertyKey(status)}: { ${types.join(", ")} }`;
    });
    return `${propertyKey(operationId)}: { ${statuses.join(", ")} },`;
  });
  const code = [supportSource(), `const contractgenFormats = { ${entries.join(", ")} };`, validators.code, `const validators = {\n${rows.join("\n")}\n};`].join("\n");
  return minifyToExpression(code, "validateResponse");
}
