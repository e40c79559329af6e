/**
 * The resolved context: every option, with its default, in one place, shared by the CLI and the tests.
 * The config file lists the APIs; an ad hoc `--spec/--out` run builds the same shape.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { UserError } from "./errors.ts";
import { locate, parseSourceFile } from "./load.ts";
import { toPointer } from "./pointer.ts";

/** Where an error response keeps its fields, as JSON pointers into the body. */
export interface ErrorEnvelope {
  /** Pointer to the machine-readable code. */
  code: string;
  /** Pointers tried in order for the human message. */
  message: string[];
  /** Pointer to the request id in the body, if the API sends one there. */
  requestId?: string;
  /** Response header that carries the request id, if any. */
  requestIdHeader?: string;
  /** Field-level errors: an array in the body and, per item, where the field, code and message are. */
  fieldErrors?: { items: string; location: string; code: string; message: string };
}

export const PROBLEM_DETAILS: ErrorEnvelope = {
  code: "/code",
  message: ["/detail", "/title"],
  requestId: "/requestId",
  requestIdHeader: "x-request-id",
  fieldErrors: { items: "/errors", location: "/pointer", code: "/code", message: "/detail" },
};

export interface ApiConfig {
  /** Short lower-case name: the output folder and `create<Name>Client`. */
  name: string;
  /** Absolute path of the root spec file. */
  spec: string;
  /** Absolute path of the output folder. */
  output: string;
  errorEnvelope: ErrorEnvelope;
}

export interface ResolvedConfig {
  /** Absolute path of the config file, when one was read. */
  file?: string;
  root: string;
  apis: ApiConfig[];
  templatesDir: string;
}

export const CONFIG_FILES = ["contractgen.config.json", "contractgen.config.mjs"];
export const TEMPLATES_DIR = resolve(dirname(new URL(import.meta.url).pathname), "../templates");

const API_KEYS = new Set(["name", "spec", "output", "errorEnvelope"]);
const ENVELOPE_KEYS = new Set(["code", "message", "requestId", "requestIdHeader", "fieldErrors"]);
const FIELD_ERROR_KEYS = new Set(["items", "location", "code", "message"]);
const NAME = /^[a-z][a-z0-9-]*$/;

export function findConfigFile(cwd: string): string | undefined {
  return CONFIG_FILES.map((name) => resolve(cwd, name)).find((path) => existsSync(path));
}

export async function loadConfig(path: string | undefined, cwd = process.cwd()): Promise<ResolvedConfig> {
  const file = path ? resolve(cwd, path) : findConfigFile(cwd);
  if (!file) {
    throw new UserError({
      kind: "usage",
      message: `no config file (${CONFIG_FILES.join(" or ")}) in the current folder`,
      hint: `create ${CONFIG_FILES[0]} or run \`contractgen generate --spec FILE --out DIR\``,
    });
  }
  if (!existsSync(file)) throw new UserError({ kind: "usage", message: `config file not found: ${file}` });
  const root = dirname(file);
  if (extname(file) === ".json") {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      throw new UserError({ kind: "usage", message: `cannot read config file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
    }
    const source = asUsage(() => parseSourceFile(file, text));
    const at = (segments: (string | number)[]) => ({ position: locate(source, toPointer(segments)), pointer: toPointer(segments) });
    const apis = parseApis(source.data, root, at);
    assertSpecsExist(apis, at);
    return { file, root, apis, templatesDir: TEMPLATES_DIR };
  }
  if (extname(file) === ".mjs" || extname(file) === ".js") {
    let mod: { default?: unknown };
    try {
      // A query string per load: watch re-reads an edited config instead of the cached module.
      mod = (await import(`${pathToFileURL(file).href}?t=${statSync(file).mtimeMs}`)) as { default?: unknown };
    } catch (err) {
      throw new UserError({
        kind: "usage",
        message: `cannot load config file ${file}: ${String((err as Error)?.message ?? err).split("\n")[0]}`,
        position: { file, line: 1, col: 1 },
        hint: "the config module must `export default { apis: [...] }`",
      });
    }
    const at = (segments: (string | number)[]) => ({ position: { file, line: 1, col: 1 }, pointer: toPointer(segments) });
    const apis = parseApis(mod.default, root, at);
    assertSpecsExist(apis, at);
    return { file, root, apis, templatesDir: TEMPLATES_DIR };
  }
  throw new UserError({ kind: "usage", message: `unsupported config file type: ${basename(file)}`, hint: `use ${CONFIG_FILES.join(" or ")}` });
}

/** An ad hoc single-API config, for `generate --spec FILE --out DIR [--name N]`. */
export function adHocConfig(spec: string, output: string, name: string | undefined, cwd = process.cwd()): ResolvedConfig {
  const derived = name ?? basename(spec).replace(/\.(ya?ml|json)$/i, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  if (!NAME.test(derived)) {
    throw new UserError({ kind: "usage", message: `invalid API name ${JSON.stringify(derived)}`, hint: "pass --name with lower-case letters, digits and dashes" });
  }
  return {
    root: cwd,
    apis: [{ name: derived, spec: resolve(cwd, spec), output: resolve(cwd, output), errorEnvelope: PROBLEM_DETAILS }],
    templatesDir: TEMPLATES_DIR,
  };
}

/** A config error is a usage error (exit 2), even when the YAML/JSON parser finds it. */
function asUsage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    throw new UserError({ kind: "usage", message: err.message, position: err.position, pointer: err.pointer, hint: err.hint });
  }
}

/** A spec the config names but that does not exist is reported at its config entry. */
function assertSpecsExist(apis: ApiConfig[], at: At): void {
  apis.forEach((api, index) => {
    if (existsSync(api.spec)) return;
    throw new UserError({
      kind: "spec",
      message: `spec file not found: ${api.spec}`,
      hint: "check the spec path, relative to the config file",
      ...at(["apis", index, "spec"]),
    });
  });
}

type At = (segments: (string | number)[]) => { position: { file: string; line: number; col: number }; pointer: string };

function parseApis(data: unknown, root: string, at: At): ApiConfig[] {
  const fail = (segments: (string | number)[], message: string, hint?: string): never => {
    throw new UserError({ kind: "usage", message, hint, ...at(segments) });
  };
  if (!isRecord(data)) fail([], "config must be an object with an `apis` list");
  const record = data as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== "apis" && key !== "$schema") fail([key], `unknown config key "${key}"`, "the config has one key, `apis`");
  }
  if (!Array.isArray(record.apis) || record.apis.length === 0) fail(["apis"], "`apis` must be a non-empty list");
  const names = new Set<string>();
  return (record.apis as unknown[]).map((entry, index) => {
    if (!isRecord(entry)) fail(["apis", index], "each API entry must be an object");
    const api = entry as Record<string, unknown>;
    for (const key of Object.keys(api)) {
      if (!API_KEYS.has(key)) fail(["apis", index, key], `unknown config key "${key}"`, `an API entry takes ${[...API_KEYS].join(", ")}`);
    }
    for (const key of ["name", "spec", "output"] as const) {
      if (typeof api[key] !== "string" || api[key] === "") fail(["apis", index], `API entry is missing "${key}"`);
    }
    const name = api.name as string;
    if (!NAME.test(name)) fail(["apis", index, "name"], `invalid API name "${name}"`, "use lower-case letters, digits and dashes");
    if (names.has(name)) fail(["apis", index, "name"], `duplicate API name "${name}"`);
    names.add(name);
    return {
      name,
      spec: resolve(root, api.spec as string),
      output: resolve(root, api.output as string),
      errorEnvelope: parseEnvelope(api.errorEnvelope, ["apis", index, "errorEnvelope"], fail),
    };
  });
}

function parseEnvelope(value: unknown, at: (string | number)[], fail: (segments: (string | number)[], message: string, hint?: string) => never): ErrorEnvelope {
  if (value === undefined || value === "problem-details") return PROBLEM_DETAILS;
  if (!isRecord(value)) return fail(at, 'errorEnvelope must be "problem-details" or an object of JSON pointers');
  const envelope = value as Record<string, unknown>;
  for (const key of Object.keys(envelope)) {
    if (!ENVELOPE_KEYS.has(key)) fail([...at, key], `unknown config key "${key}"`, `errorEnvelope takes ${[...ENVELOPE_KEYS].join(", ")}`);
  }
  const pointer = (key: string, v: unknown): string => {
    if (typeof v !== "string" || !v.startsWith("/")) fail([...at, key], `errorEnvelope.${key} must be a JSON pointer such as "/error/code"`);
    return v as string;
  };
  const message = Array.isArray(envelope.message) ? envelope.message : [envelope.message];
  let fieldErrors: ErrorEnvelope["fieldErrors"];
  if (envelope.fieldErrors !== undefined) {
    if (!isRecord(envelope.fieldErrors)) fail([...at, "fieldErrors"], "errorEnvelope.fieldErrors must be an object");
    const fe = envelope.fieldErrors as Record<string, unknown>;
    for (const key of Object.keys(fe)) {
      if (!FIELD_ERROR_KEYS.has(key)) fail([...at, "fieldErrors", key], `unknown config key "${key}"`, `fieldErrors takes ${[...FIELD_ERROR_KEYS].join(", ")}`);
    }
    fieldErrors = {
      items: pointer("fieldErrors", fe.items),
      location: pointer("fieldErrors", fe.location),
      code: pointer("fieldErrors", fe.code),
      message: pointer("fieldErrors", fe.message),
    };
  }
  return {
    code: pointer("code", envelope.code),
    message: message.map((m) => pointer("message", m)),
    ...(envelope.requestId !== undefined ? { requestId: pointer("requestId", envelope.requestId) } : {}),
    ...(typeof envelope.requestIdHeader === "string" ? { requestIdHeader: envelope.requestIdHeader.toLowerCase() } : {}),
    ...(fieldErrors ? { fieldErrors } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
