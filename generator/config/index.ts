/**
 * The resolved context: every option, with its default, in one place (`DEFAULTS`), shared by the CLI,
 * the pipeline and the tests. The config file lists the APIs (its shape is schema.json's, typed in
 * define.d.mts); an ad hoc `--spec/--out` run builds the same shape through `adHocConfig`, and tests
 * through `apiConfig`/`resolvedConfig`.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, extname, join, parse as parsePath, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { UserError } from "../errors.ts";
import { TEMPLATES_DIR } from "../package-root.ts";
import { defaultApiName } from "../pipeline/naming.ts";
import { locate } from "../spec/load.ts";
import { parseSourceFile } from "../spec/parse.ts";
import { toPointer } from "../spec/pointer.ts";
import type { ApiEntry, ContractgenConfig, ErrorEnvelope as ErrorEnvelopeInput, GuardName, ImportExtension, LintPreset, LintSeverity, PaginationConfig, SharedOptions, ValidateResponses, WebhooksConfig } from "./define.mjs";
import { checkConfigShape, type Locate } from "./validate.ts";

export type { ContractgenConfig, GuardName, ImportExtension, LintPreset, LintSeverity, PaginationConfig, ValidateResponses, WebhooksConfig } from "./define.mjs";

/** Where an error response keeps its fields, as JSON pointers into the body (the message pointers always a list). */
export interface ErrorEnvelope extends Omit<ErrorEnvelopeInput, "message"> {
  message: string[];
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

/** Request guards the runtime can run before a call leaves the process; each is off unless listed. */
export const GUARDS = ["cardNumber"] as const satisfies readonly GuardName[];

/** Webhook options with their defaults; `signature` stays absent when the config names none. */
export interface ResolvedWebhooks extends Required<Omit<WebhooksConfig, "signature">> {
  signature?: WebhooksConfig["signature"];
}

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
  /** Lint severities set in the config, by rule id (top level, then this API's own); rules default in lint/. */
  lint: Record<string, LintSeverity>;
  /** The lint rule set: all of the gate, or only what breaks generation or clients (a spec you do not own). */
  lintPreset: LintPreset;
  /** Check response bodies against the spec at run time and report drift. */
  validateResponses: ValidateResponses;
  /** Also write `msw.ts`: MSW request handlers that answer with the spec's examples, for application tests. */
  mswHandlers: boolean;
  /** Also write TanStack Query options for each operation. */
  tanstackQuery: boolean;
  webhooks: ResolvedWebhooks;
  /** By operationId: how it pages (replacing what was recognised), or false to recognise none. */
  pagination: Record<string, PaginationConfig | false>;
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
  lintPreset: "recommended" as LintPreset,
  validateResponses: "off" as ValidateResponses,
  mswHandlers: false,
  tanstackQuery: false,
  webhooks: { toleranceSeconds: 300 } satisfies ResolvedWebhooks,
  pagination: {} as Record<string, PaginationConfig | false>,
  importExtension: ".js" as ImportExtension,
  /** Folder name of the shared runtime, beside the API folders (or inside the one `--out` folder). */
  runtimeFolder: "runtime",
  templatesDir: TEMPLATES_DIR,
} as const;

export const CONFIG_FILES = DEFAULTS.configFiles;

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
    ...defaultOptions(dirname(api.spec)),
    webhooks: { ...DEFAULTS.webhooks },
    pagination: { ...DEFAULTS.pagination },
    ...api,
  };
}

/** The options an API entry may inherit from the top level. */
type Inherited = Omit<ApiConfig, "name" | "spec" | "output" | "errorEnvelope" | "webhooks" | "pagination">;

function defaultOptions(refRoot: string): Inherited {
  return {
    refRoot,
    guards: { ...DEFAULTS.guards },
    lint: { ...DEFAULTS.lint },
    lintPreset: DEFAULTS.lintPreset,
    validateResponses: DEFAULTS.validateResponses,
    mswHandlers: DEFAULTS.mswHandlers,
    tanstackQuery: DEFAULTS.tanstackQuery,
  };
}

/** A whole resolved config around some APIs, with the defaults for the rest. */
export function resolvedConfig(root: string, apis: ApiConfig[], overrides: Partial<ResolvedConfig> = {}): ResolvedConfig {
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
  if (!existsSync(file)) throw new UserError({ kind: "usage", message: `config file not found: ${file}` });
  const { data, locate } = await readConfigFile(file);
  checkConfigShape(data, locate);
  return { file, ...resolveConfig(data as ContractgenConfig, dirname(file), locate) };
}

/** The config file's data, and where each pointer into it is (a `.mjs` config has no positions: its first line). */
async function readConfigFile(file: string): Promise<{ data: unknown; locate: Locate }> {
  if (extname(file) === ".json") {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      throw new UserError({ kind: "usage", message: `cannot read config file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}` });
    }
    const source = asUsage(() => parseSourceFile(file, text));
    return { data: source.data, locate: (pointer) => locate(source, pointer) };
  }
  if (extname(file) === ".mjs" || extname(file) === ".js") {
    try {
      // A query string per load: watch re-reads an edited config instead of the cached module.
      const mod = (await import(`${pathToFileURL(file).href}?t=${statSync(file).mtimeMs}`)) as { default?: unknown };
      return { data: mod.default, locate: () => ({ file, line: 1, col: 1 }) };
    } catch (err) {
      throw new UserError({
        kind: "usage",
        message: `cannot load config file ${file}: ${String((err as Error)?.message ?? err).split("\n")[0]}`,
        position: { file, line: 1, col: 1 },
        hint: "the config module must `export default defineConfig({ apis: [...] })`",
      });
    }
  }
  throw new UserError({ kind: "usage", message: `unsupported config file type: ${basename(file)}`, hint: `use ${CONFIG_FILES.join(" or ")}` });
}

/**
 * An ad hoc single-API config, for `generate --spec FILE --out DIR [--name N]`: the error envelope is
 * inferred, `$ref`s stay inside the spec's folder, and the runtime goes inside DIR.
 */
export function adHocConfig(spec: string, output: string, name: string | undefined, cwd = process.cwd(), derivedName?: string): ResolvedConfig {
  const apiName = name ?? derivedName ?? defaultApiName(undefined, spec);
  if (!API_NAME.test(apiName)) {
    throw new UserError({ kind: "usage", message: `invalid API name ${JSON.stringify(apiName)}`, hint: "pass --name with lower-case letters, digits and dashes, starting with a letter" });
  }
  const api = apiConfig({ name: apiName, spec: resolve(cwd, spec), output: resolve(cwd, output), errorEnvelope: DEFAULTS.adHocErrorEnvelope });
  return resolvedConfig(cwd, [api], { runtimeOutput: join(api.output, DEFAULTS.runtimeFolder) });
}

/** What an API name must look like: it names a folder and `create<Name>Client` (schema.json says the same). */
export const API_NAME = /^[a-z][a-z0-9-]*$/;

/** A config error is a usage error (exit 2), even when the YAML/JSON parser finds it. */
function asUsage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    throw new UserError({ kind: "usage", message: err.message, position: err.position, pointer: err.pointer, hint: err.hint });
  }
}

type Fail = (segments: (string | number)[], message: string, hint?: string) => never;

/** A config schema.json accepts, resolved: paths absolute, defaults filled in, the top level's options inherited. */
function resolveConfig(config: ContractgenConfig, root: string, locate: Locate): Omit<ResolvedConfig, "file"> {
  const fail: Fail = (segments, message, hint) => {
    const pointer = toPointer(segments);
    throw new UserError({ kind: "usage", message, hint, position: locate(pointer), pointer });
  };
  const shared = apiOptions(config, root, defaultOptions(root));
  const names = new Set<string>();
  const apis = config.apis.map((entry, index) => {
    const api = resolveApi(entry, root, shared);
    if (names.has(api.name)) fail(["apis", index, "name"], `duplicate API name "${api.name}"`);
    names.add(api.name);
    if (!existsSync(api.spec)) fail(["apis", index, "spec"], `spec file not found: ${api.spec}`, "check the spec path, relative to the config file");
    return api;
  });
  const runtimeOutput = config.runtimeOutput === undefined ? defaultRuntimeOutput(apis, root) : resolve(root, config.runtimeOutput);
  apis.forEach((api, index) => {
    if (api.output === runtimeOutput) fail(["apis", index, "output"], `output ${api.output} is the runtime folder`, "set `runtimeOutput` or choose another output folder");
  });
  return { root, apis, templatesDir: DEFAULTS.templatesDir, runtimeOutput, importExtension: config.importExtension ?? DEFAULTS.importExtension };
}

/** The options a level sets (the top level or an API entry), over those it inherits. */
function apiOptions(options: SharedOptions, root: string, inherited: Inherited): Inherited {
  const { preset, ...severities } = options.lint ?? {};
  return {
    refRoot: options.refRoot === undefined ? inherited.refRoot : resolve(root, options.refRoot),
    guards: options.guards === undefined ? { ...inherited.guards } : { ...DEFAULTS.guards, ...Object.fromEntries(options.guards.map((g) => [g, true])) },
    lint: { ...inherited.lint, ...(severities as Record<string, LintSeverity>) },
    lintPreset: (preset as LintPreset | undefined) ?? inherited.lintPreset,
    validateResponses: options.validateResponses ?? inherited.validateResponses,
    mswHandlers: options.mswHandlers ?? inherited.mswHandlers,
    tanstackQuery: options.tanstackQuery ?? inherited.tanstackQuery,
  };
}

function resolveApi(entry: ApiEntry, root: string, shared: Inherited): ApiConfig {
  return {
    name: entry.name,
    spec: resolve(root, entry.spec),
    output: resolve(root, entry.output),
    errorEnvelope: resolveEnvelope(entry.errorEnvelope),
    ...apiOptions(entry, root, shared),
    webhooks: { ...DEFAULTS.webhooks, ...entry.webhooks },
    pagination: { ...DEFAULTS.pagination, ...entry.pagination },
  };
}

function resolveEnvelope(envelope: ApiEntry["errorEnvelope"]): ErrorEnvelope | "infer" {
  if (envelope === undefined || envelope === "problem-details") return PROBLEM_DETAILS;
  if (envelope === "infer") return "infer";
  return {
    ...(envelope.code !== undefined ? { code: envelope.code } : {}),
    message: Array.isArray(envelope.message) ? envelope.message : [envelope.message],
    ...(envelope.requestId !== undefined ? { requestId: envelope.requestId } : {}),
    ...(envelope.requestIdHeader !== undefined ? { requestIdHeader: envelope.requestIdHeader.toLowerCase() } : {}),
    ...(envelope.fieldErrors !== undefined ? { fieldErrors: envelope.fieldErrors } : {}),
  };
}
