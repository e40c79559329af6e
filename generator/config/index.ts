/**
 * The resolved context: every option, with its default, in one place (`DEFAULTS`), shared by the CLI,
 * the pipeline and the tests. The config file lists the APIs; an ad hoc `--spec/--out` run builds the
 * same shape through `adHocConfig`, and tests through `apiConfig`/`resolvedConfig`.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, extname, join, parse as parsePath, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { UserError } from "../errors.ts";
import { locate, parseSourceFile } from "../spec/load.ts";
import { TEMPLATES_DIR } from "../package-root.ts";
import { toPointer } from "../spec/pointer.ts";
import { parseWebhooks, type WebhooksConfig } from "./webhooks.ts";

export type { WebhooksConfig } from "./webhooks.ts";

/** Where an error response keeps its fields, as JSON pointers into the body. */
export interface ErrorEnvelope {
  /** Pointer to the machine-readable code (a string or a number in the body); absent when bodies carry none. */
  code?: string;
  /** Pointers tried in order for the human message. */
  message: string[];
  /** Pointer to the request id in the body, if the API sends one there. */
  requestId?: string;
  /** Response header that carries the request id, if any. */
  requestIdHeader?: string;
  /** Field-level errors: an array in the body and, per item, where the field, code and message are. */
  fieldErrors?: {
    items: string;
    location: string;
    code: string;
    message: string;
  };
}

export const PROBLEM_DETAILS: ErrorEnvelope = {
  code: "/code",
  message: ["/detail", "/title"],
  requestId: "/requestId",
  requestIdHeader: "x-request-id",
  fieldErrors: {
    items: "/errors",
    location: "/pointer",
    code: "/code",
    message: "/detail",
  },
};

export type LintSeverity = "off" | "warn" | "error";
export type ImportExtension = ".js" | ".ts";
export type ValidateResponses = "off" | "report";
/** Request guards the runtime can run before a call leaves the process; each is off unless listed. */
export const GUARDS = ["cardNumber"] as const;
export type GuardName = (typeof GUARDS)[number];

export interface ApiConfig {
  /** Short lower-case name: the output folder and `create<Name>Client`. */
  name: string;
  /** Absolute path of the root spec file. */
  spec: string;
  /** Absolute path of the output folder. */
  output: string;
  /** The envelope as configured, or "infer": work it out from the spec's error schemas. */
  errorEnvelope: ErrorEnvelope | "infer";
  /** Local `$ref`s must resolve inside this folder (absolute, before symlinks are followed). */
  refRoot: string;
  guards: Record<GuardName, boolean>;
  /** Lint severities set in the config, by rule id (top level, then this API's own); rules default in lint.ts. */
  lint: Record<string, LintSeverity>;
  /** Check response bodies against the spec at run time and report drift (issue 15). */
  validateResponses: ValidateResponses;
  /** Also write `msw.ts`: MSW request handlers that answer with the spec's examples, for application tests. */
  mswHandlers: boolean;
  /** How the API signs its webhook deliveries: switches on `verify<Api>Webhook` and `contractgen webhook send`. */
  webhooks?: WebhooksConfig;
}

export interface ResolvedConfig {
  /** Absolute path of the config file, when one was read. */
  file?: string;
  root: string;
  apis: ApiConfig[];
  templatesDir: string;
  /** The one runtime folder every API folder of this config imports. */
  runtimeOutput: string;
  /** Extension of the relative imports in generated source: ".js" (Node, tsc) or ".ts" (Deno, bundlers). */
  importExtension: ImportExtension;
}

/** Every default, in one place. */
export const DEFAULTS = {
  configFiles: ["contractgen.config.json", "contractgen.config.mjs"],
  errorEnvelope: PROBLEM_DETAILS,
  /** `--spec` runs have no config to say what the error bodies look like. */
  adHocErrorEnvelope: "infer",
  guards: { cardNumber: false } satisfies Record<GuardName, boolean>,
  lint: {} as Record<string, LintSeverity>,
  validateResponses: "off" as ValidateResponses,
  mswHandlers: false,
  importExtension: ".js" as ImportExtension,
  /** Folder name of the shared runtime, beside the API folders (or inside the one `--out` folder). */
  runtimeFolder: "runtime",
  templatesDir: TEMPLATES_DIR,
} as const;

export const CONFIG_FILES = DEFAULTS.configFiles;

const TOP_KEYS = new Set([
  "mswHandlers",
  "$schema",
  "apis",
  "refRoot",
  "lint",
  "runtimeOutput",
  "importExtension",
  "guards",
  "validateResponses",
]);
const API_KEYS = new Set([
  "mswHandlers",
  "name",
  "spec",
  "output",
  "errorEnvelope",
  "refRoot",
  "guards",
  "lint",
  "validateResponses",
  "webhooks",
]);
const ENVELOPE_KEYS = new Set(["code", "message", "requestId", "requestIdHeader", "fieldErrors"]);
const FIELD_ERROR_KEYS = new Set(["items", "location", "code", "message"]);
const SEVERITIES = new Set<string>(["off", "warn", "error"]);
const NAME = /^[a-z][a-z0-9-]*$/;

/** The nearest config file, looking in `cwd` and then each parent folder, as prettier and eslint do. */
export function findConfigFile(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const found = CONFIG_FILES.map((name) => join(dir, name)).find((path) => existsSync(path));
    if (found) return found;
    if (existsSync(join(dir, ".git")) || dir === parsePath(dir).root) return undefined;
  }
}

/** One API entry with every option not given set to its default (tests and `--spec` runs). */
export function apiConfig(api: Pick<ApiConfig, "name" | "spec" | "output"> & Partial<ApiConfig>): ApiConfig {
  return {
    errorEnvelope: DEFAULTS.errorEnvelope,
    refRoot: dirname(api.spec),
    guards: { ...DEFAULTS.guards },
    lint: { ...DEFAULTS.lint },
    validateResponses: DEFAULTS.validateResponses,
    mswHandlers: DEFAULTS.mswHandlers,
    ...api,
  };
}

/** A whole resolved config around some APIs, with the defaults for the rest. */
export function resolvedConfig(
  root: string,
  apis: ApiConfig[],
  overrides: Partial<ResolvedConfig> = {},
): ResolvedConfig {
  return {
    root,
    apis,
    templatesDir: DEFAULTS.templatesDir,
    runtimeOutput: defaultRuntimeOutput(apis, root),
    importExtension: DEFAULTS.importExtension,
    ...overrides,
  };
}

/** Beside the API folders when they share a parent; else at the root. */
function defaultRuntimeOutput(apis: ApiConfig[], root: string): string {
  const parents = new Set(apis.map((api) => dirname(api.output)));
  const [parent] = parents;
  return join(parents.size === 1 && parent ? parent : root, DEFAULTS.runtimeFolder);
}

export async function loadConfig(path: string | undefined, cwd = process.cwd()): Promise<ResolvedConfig> {
  const file = path ? resolve(cwd, path) : findConfigFile(cwd);
  if (!file) {
    throw new UserError({
      kind: "usage",
      message: `no config file (${CONFIG_FILES.join(" or ")}) in ${cwd} or any folder above it`,
      hint: "run `contractgen init --spec FILE` to write one, or `contractgen generate --spec FILE --out DIR`",
    });
  }
  if (!existsSync(file))
    throw new UserError({
      kind: "usage",
      message: `config file not found: ${file}`,
    });
  const root = dirname(file);
  if (extname(file) === ".json") {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      throw new UserError({
        kind: "usage",
        message: `cannot read config file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      });
    }
    const source = asUsage(() => parseSourceFile(file, text));
    const at = (segments: (string | number)[]) => ({
      position: locate(source, toPointer(segments)),
      pointer: toPointer(segments),
    });
    return { file, ...parseConfig(source.data, root, at) };
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
    const at = (segments: (string | number)[]) => ({
      position: { file, line: 1, col: 1 },
      pointer: toPointer(segments),
    });
    return { file, ...parseConfig(mod.default, root, at) };
  }
  throw new UserError({
    kind: "usage",
    message: `unsupported config file type: ${basename(file)}`,
    hint: `use ${CONFIG_FILES.join(" or ")}`,
  });
}

/**
 * An ad hoc single-API config, for `generate --spec FILE --out DIR [--name N]`: the error envelope is
 * inferred, `$ref`s stay inside the spec's folder, and the runtime goes inside DIR.
 */
export function adHocConfig(
  spec: string,
  output: string,
  name: string | undefined,
  cwd = process.cwd(),
  derivedName?: string,
): ResolvedConfig {
  const apiName = name ?? derivedName ?? nameFromFile(spec);
  if (!NAME.test(apiName)) {
    throw new UserError({
      kind: "usage",
      message: `invalid API name ${JSON.stringify(apiName)}`,
      hint: "pass --name with lower-case letters, digits and dashes, starting with a letter",
    });
  }
  const api = apiConfig({
    name: apiName,
    spec: resolve(cwd, spec),
    output: resolve(cwd, output),
    errorEnvelope: DEFAULTS.adHocErrorEnvelope,
  });
  return resolvedConfig(cwd, [api], {
    runtimeOutput: join(api.output, DEFAULTS.runtimeFolder),
  });
}

/** A name from a file name: lower-case words joined by dashes, leading digits dropped ("2-petstore.yaml" -> "petstore"). */
export function nameFromFile(spec: string): string {
  const words = basename(spec)
    .replace(/\.(ya?ml|json)$/i, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[-0-9]+|-+$/g, "");
  return words === "" ? "api" : words;
}

/** A config error is a usage error (exit 2), even when the YAML/JSON parser finds it. */
function asUsage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    throw new UserError({
      kind: "usage",
      message: err.message,
      position: err.position,
      pointer: err.pointer,
      hint: err.hint,
    });
  }
}

type At = (segments: (string | number)[]) => {
  position: { file: string; line: number; col: number };
  pointer: string;
};
export type Fail = (segments: (string | number)[], message: string, hint?: string) => never;

function parseConfig(data: unknown, root: string, at: At): Omit<ResolvedConfig, "file"> {
  const fail: Fail = (segments, message, hint) => {
    throw new UserError({ kind: "usage", message, hint, ...at(segments) });
  };
  if (!isRecord(data)) fail([], "config must be an object with an `apis` list");
  const record = data as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!TOP_KEYS.has(key))
      fail(
        [key],
        `unknown config key "${key}"`,
        `the config takes ${[...TOP_KEYS].filter((k) => k !== "$schema").join(", ")}`,
      );
  }
  if (!Array.isArray(record.apis) || record.apis.length === 0) fail(["apis"], "`apis` must be a non-empty list");
  const shared = {
    refRoot: record.refRoot === undefined ? root : folderOption(record.refRoot, ["refRoot"], root, fail),
    guards: parseGuards(record.guards, ["guards"], { ...DEFAULTS.guards }, fail),
    lint: parseLint(record.lint, ["lint"], { ...DEFAULTS.lint }, fail),
    validateResponses: parseValidateResponses(
      record.validateResponses,
      ["validateResponses"],
      DEFAULTS.validateResponses,
      fail,
    ),
    mswHandlers: parseBoolean(record.mswHandlers, ["mswHandlers"], DEFAULTS.mswHandlers, fail),
  };
  const names = new Set<string>();
  const apis = (record.apis as unknown[]).map((entry, index) => {
    const api = parseApi(entry, index, root, shared, fail);
    if (names.has(api.name)) fail(["apis", index, "name"], `duplicate API name "${api.name}"`);
    names.add(api.name);
    if (!existsSync(api.spec))
      fail(
        ["apis", index, "spec"],
        `spec file not found: ${api.spec}`,
        "check the spec path, relative to the config file",
      );
    return api;
  });
  const importExtension = record.importExtension ?? DEFAULTS.importExtension;
  if (importExtension !== ".js" && importExtension !== ".ts")
    fail(["importExtension"], 'importExtension must be ".js" or ".ts"');
  const runtimeOutput =
    record.runtimeOutput === undefined
      ? defaultRuntimeOutput(apis, root)
      : folderOption(record.runtimeOutput, ["runtimeOutput"], root, fail);
  apis.forEach((api, index) => {
    if (api.output === runtimeOutput)
      fail(
        ["apis", index, "output"],
        `output ${api.output} is the runtime folder`,
        "set `runtimeOutput` or choose another output folder",
      );
  });
  return {
    root,
    apis,
    templatesDir: DEFAULTS.templatesDir,
    runtimeOutput,
    importExtension: importExtension as ImportExtension,
  };
}

type SharedOptions = Pick<ApiConfig, "refRoot" | "guards" | "lint" | "validateResponses" | "mswHandlers">;

function parseApi(entry: unknown, index: number, root: string, shared: SharedOptions, fail: Fail): ApiConfig {
  const at = (...segments: (string | number)[]) => ["apis", index, ...segments];
  if (!isRecord(entry)) fail(at(), "each API entry must be an object");
  const api = entry as Record<string, unknown>;
  for (const key of Object.keys(api)) {
    if (!API_KEYS.has(key))
      fail(at(key), `unknown config key "${key}"`, `an API entry takes ${[...API_KEYS].join(", ")}`);
  }
  for (const key of ["name", "spec", "output"] as const) {
    if (typeof api[key] !== "string" || api[key] === "") fail(at(), `API entry is missing "${key}"`);
  }
  const name = api.name as string;
  if (!NAME.test(name))
    fail(at("name"), `invalid API name "${name}"`, "use lower-case letters, digits and dashes, starting with a letter");
  return {
    name,
    spec: resolve(root, api.spec as string),
    output: resolve(root, api.output as string),
    errorEnvelope: parseEnvelope(api.errorEnvelope, at("errorEnvelope"), fail),
    refRoot: api.refRoot === undefined ? shared.refRoot : folderOption(api.refRoot, at("refRoot"), root, fail),
    guards: parseGuards(api.guards, at("guards"), shared.guards, fail),
    lint: parseLint(api.lint, at("lint"), shared.lint, fail),
    validateResponses: parseValidateResponses(
      api.validateResponses,
      at("validateResponses"),
      shared.validateResponses,
      fail,
    ),
    mswHandlers: parseBoolean(api.mswHandlers, at("mswHandlers"), shared.mswHandlers, fail),
    ...(api.webhooks !== undefined ? { webhooks: parseWebhooks(api.webhooks, at("webhooks"), fail) } : {}),
  };
}

function folderOption(value: unknown, at: (string | number)[], root: string, fail: Fail): string {
  if (typeof value !== "string" || value === "")
    fail(at, `${at.at(-1)} must be a folder path, relative to the config file`);
  return resolve(root, value as string);
}

function parseGuards(
  value: unknown,
  at: (string | number)[],
  inherited: Record<GuardName, boolean>,
  fail: Fail,
): Record<GuardName, boolean> {
  if (value === undefined) return { ...inherited };
  if (!Array.isArray(value)) return fail(at, `guards must be a list of guard names (${GUARDS.join(", ")})`);
  const guards = { ...DEFAULTS.guards } as Record<GuardName, boolean>;
  value.forEach((guard, i) => {
    if (!GUARDS.includes(guard as GuardName))
      fail([...at, i], `unknown guard ${JSON.stringify(guard)}`, `guards are ${GUARDS.join(", ")}`);
    guards[guard as GuardName] = true;
  });
  return guards;
}

function parseLint(
  value: unknown,
  at: (string | number)[],
  inherited: Record<string, LintSeverity>,
  fail: Fail,
): Record<string, LintSeverity> {
  if (value === undefined) return { ...inherited };
  if (!isRecord(value)) return fail(at, 'lint must map rule ids to "off", "warn" or "error"');
  const lint = { ...inherited };
  for (const [rule, severity] of Object.entries(value)) {
    if (typeof severity !== "string" || !SEVERITIES.has(severity))
      fail([...at, rule], `lint rule "${rule}" must be "off", "warn" or "error"`);
    lint[rule] = severity as LintSeverity;
  }
  return lint;
}

function parseValidateResponses(
  value: unknown,
  at: (string | number)[],
  inherited: ValidateResponses,
  fail: Fail,
): ValidateResponses {
  if (value === undefined) return inherited;
  if (value !== "off" && value !== "report") fail(at, 'validateResponses must be "off" or "report"');
  return value as ValidateResponses;
}

function parseBoolean(value: unknown, at: (string | number)[], inherited: boolean, fail: Fail): boolean {
  if (value === undefined) return inherited;
  if (typeof value !== "boolean") fail(at, `${at.at(-1)} must be true or false`);
  return value as boolean;
}

function parseEnvelope(value: unknown, at: (string | number)[], fail: Fail): ErrorEnvelope | "infer" {
  if (value === undefined || value === "problem-details") return PROBLEM_DETAILS;
  if (value === "infer") return "infer";
  if (!isRecord(value))
    return fail(at, 'errorEnvelope must be "problem-details", "infer" or an object of JSON pointers');
  const envelope = value as Record<string, unknown>;
  for (const key of Object.keys(envelope)) {
    if (!ENVELOPE_KEYS.has(key))
      fail([...at, key], `unknown config key "${key}"`, `errorEnvelope takes ${[...ENVELOPE_KEYS].join(", ")}`);
  }
  const pointer = (key: string, v: unknown): string => {
    if (typeof v !== "string" || !(v === "" || v.startsWith("/")))
      fail([...at, key], `errorEnvelope.${key} must be a JSON pointer such as "/error/code"`);
    return v as string;
  };
  if (envelope.message === undefined) fail(at, 'errorEnvelope needs "message": the pointer(s) to the human message');
  const message = Array.isArray(envelope.message) ? envelope.message : [envelope.message];
  let fieldErrors: ErrorEnvelope["fieldErrors"];
  if (envelope.fieldErrors !== undefined) {
    if (!isRecord(envelope.fieldErrors)) fail([...at, "fieldErrors"], "errorEnvelope.fieldErrors must be an object");
    const fe = envelope.fieldErrors as Record<string, unknown>;
    for (const key of Object.keys(fe)) {
      if (!FIELD_ERROR_KEYS.has(key))
        fail(
          [...at, "fieldErrors", key],
          `unknown config key "${key}"`,
          `fieldErrors takes ${[...FIELD_ERROR_KEYS].join(", ")}`,
        );
    }
    fieldErrors = {
      items: pointer("fieldErrors", fe.items),
      location: pointer("fieldErrors", fe.location),
      code: pointer("fieldErrors", fe.code),
      message: pointer("fieldErrors", fe.message),
    };
  }
  if (
    typeof envelope.requestIdHeader !== "undefined" &&
    (typeof envelope.requestIdHeader !== "string" || !/^[A-Za-z0-9-]+$/.test(envelope.requestIdHeader))
  ) {
    fail([...at, "requestIdHeader"], "errorEnvelope.requestIdHeader must be a header name");
  }
  return {
    ...(envelope.code !== undefined ? { code: pointer("code", envelope.code) } : {}),
    message: message.map((m) => pointer("message", m)),
    ...(envelope.requestId !== undefined ? { requestId: pointer("requestId", envelope.requestId) } : {}),
    ...(typeof envelope.requestIdHeader === "string"
      ? { requestIdHeader: envelope.requestIdHeader.toLowerCase() }
      : {}),
    ...(fieldErrors ? { fieldErrors } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
