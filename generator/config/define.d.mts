/**
 * The config file as a user writes it (contractgen.config.json, or the default export of
 * contractgen.config.mjs). schema.json checks the same shape; a test keeps the two in step.
 * Paths are relative to the config file.
 */

/** Where an error body keeps its fields, as JSON pointers into the body. */
export interface ErrorEnvelope {
  /** The machine-readable code (a string or a number in the body); absent when bodies carry none. */
  code?: string;
  /** The human message: pointers tried in order. */
  message: string | string[];
  /** The request id in the body, if the API sends one there. */
  requestId?: string;
  /** Response header that carries the request id, if any. */
  requestIdHeader?: string;
  /** Field-level errors: the list in the body and, per item, where the field, code and message are. */
  fieldErrors?: { items: string; location: string; code?: string; message: string };
}

export type LintSeverity = "off" | "warn" | "error";
/** "recommended": the whole gate. "foreign": only the rules whose findings break generation or the client, for a spec you do not own. */
export type LintPreset = "recommended" | "foreign";
/** Rule severities by rule id (redocly's and contractgen's), and the preset. */
export type LintConfig = { preset?: LintPreset } & { [ruleId: string]: LintSeverity | LintPreset | undefined };

export type GuardName = "cardNumber";
export type ValidateResponses = "off" | "report";
export type ImportExtension = ".js" | ".ts";

/** How a webhook's sender signs it, when it is none of the named schemes. */
export interface WebhookSignatureScheme {
  /** The header carrying the signature. */
  header: string;
  /** Text before the signature in the header, such as "sha256=". */
  prefix?: string;
  encoding: "hex" | "base64";
  algorithm?: "sha256" | "sha512";
  /** What is signed: a template over `{body}`, `{timestamp}` and `{id}`, such as "{timestamp}.{body}". */
  signedContent: string;
  timestampHeader?: string;
  idHeader?: string;
}

export interface WebhooksConfig {
  signature?: "github" | "stripe" | "standard-webhooks" | WebhookSignatureScheme;
  /** How old a signed timestamp may be, in seconds. */
  toleranceSeconds?: number;
}

export type PaginationKind = "link" | "cursor" | "offset" | "page";

/** How one operation pages; each path (a JSON pointer, `-1` the last element) or parameter named here replaces what was recognised from the spec. */
export interface PaginationConfig {
  kind: PaginationKind;
  cursorParam?: string;
  cursorPath?: string;
  itemsPath?: string;
  limitParam?: string;
  offsetParam?: string;
  pageParam?: string;
  hasMorePath?: string;
}

/** The options an API entry and the top level share; an API's own value wins. */
export interface SharedOptions {
  /** Local `$ref`s must resolve inside this folder. */
  refRoot?: string;
  guards?: GuardName[];
  lint?: LintConfig;
  validateResponses?: ValidateResponses;
  mswHandlers?: boolean;
  tanstackQuery?: boolean;
}

export interface ApiEntry extends SharedOptions {
  /** Lower-case letters, digits and dashes, starting with a letter: `create<Name>Client`. */
  name: string;
  /** The OpenAPI document (YAML or JSON). */
  spec: string;
  /** The folder the client is generated into. */
  output: string;
  errorEnvelope?: "problem-details" | "infer" | ErrorEnvelope;
  webhooks?: WebhooksConfig;
  /** By operationId: how it pages, or false to switch recognition off for it. */
  pagination?: Record<string, PaginationConfig | false>;
}

export interface ContractgenConfig extends SharedOptions {
  $schema?: string;
  apis: ApiEntry[];
  /** The shared runtime folder every API folder imports. */
  runtimeOutput?: string;
  importExtension?: ImportExtension;
}

/** The config as given, typed: `export default defineConfig({ apis: [...] })`. */
export function defineConfig(config: ContractgenConfig): ContractgenConfig;
