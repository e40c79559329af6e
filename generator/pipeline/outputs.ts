/**
 * Every file a template writes into an API folder, declared as data: which template, over which
 * view, when, and how it is formatted. A new output is one entry here and its template.
 */
import type { ApiConfig } from "../config/index.ts";
import type { LoadedSpec } from "../spec/load.ts";
import type { ApiModel } from "./model.ts";
import { buildMswView } from "./msw-view.ts";
import type { RenderTemplate } from "./templates.ts";
import { buildQueryView } from "./query-view.ts";
import { buildValidatorsView } from "./validators.ts";
import { buildWebhooksModel, buildWebhooksView, type WebhooksModel } from "./webhooks.ts";
import { toView, type EmitOptions } from "./view.ts";

/** What outputs are rendered from. `spec` and `api` are absent where only the model is at hand. */
export interface EmitInput {
  model: ApiModel;
  options: EmitOptions;
  spec?: LoadedSpec;
  api?: Pick<ApiConfig, "mswHandlers" | "validateResponses" | "tanstackQuery" | "webhooks">;
}

/**
 * - `laid-out`: the template lays its text out as prettier prints it (view-layout.ts); prettier runs
 *   only where the check of format.ts finds a line it must redo.
 * - `prettier`: formatted by prettier.
 * - `verbatim`: kept as rendered (code a library printed, such as ajv's).
 */
export type OutputFormat = "laid-out" | "prettier" | "verbatim";

export interface OutputFile {
  file: string;
  template: string;
  format: OutputFormat;
  when(input: EmitInput, has: Has): boolean;
  view(input: EmitInput, client: () => ClientView, has: Has): object;
  /** The API's index re-exports the file (the optional outputs an application imports). */
  reexport?: boolean;
}

/** The client files' view, and the optional outputs the index re-exports. */
type ClientView = ReturnType<typeof toView> & { reexports: string[] };

/** Facts `when` decides by. */
interface Has {
  operations: boolean;
  /** The spec's webhooks, modelled (undefined: it documents none). */
  webhooks: WebhooksModel | undefined;
}

const clientView: OutputFile["view"] = (_input, client) => client();

export const OUTPUTS: readonly OutputFile[] = [
  // A spec without operations gets only its types.
  { file: "index.ts", template: "types-index.ts", format: "laid-out", when: (_, has) => !has.operations, view: clientView },
  { file: "index.ts", template: "index.ts", format: "laid-out", when: (_, has) => has.operations, view: clientView },
  {
    file: "webhooks.ts",
    template: "webhooks.ts",
    format: "prettier",
    when: (_, has) => has.webhooks !== undefined,
    view: (input, _client, has) => ({
      ...buildWebhooksView(has.webhooks!, { ...input.model, config: input.api?.webhooks }),
      runtimeImport: input.options.runtimeImport,
      importExtension: input.options.importExtension,
    }),
    reexport: true,
  },
  {
    file: "query.ts",
    template: "query.ts",
    format: "prettier",
    when: (input, has) => has.operations && input.api?.tanstackQuery === true,
    view: (input, client) => buildQueryView(input.model, client()),
    reexport: true,
  },
  { file: "core.ts", template: "core.ts", format: "laid-out", when: (_, has) => has.operations, view: clientView },
  { file: "functions.ts", template: "functions.ts", format: "laid-out", when: (_, has) => has.operations, view: clientView },
  { file: "client.ts", template: "client.ts", format: "laid-out", when: (_, has) => has.operations, view: clientView },
  { file: "errors.ts", template: "errors.ts", format: "laid-out", when: (_, has) => has.operations, view: clientView },
  { file: "operations.ts", template: "operations.ts", format: "laid-out", when: (_, has) => has.operations, view: clientView },
  {
    file: "msw.ts",
    template: "msw.ts",
    format: "prettier",
    when: (input, has) => has.operations && input.spec !== undefined && input.api?.mswHandlers === true,
    view: (input) => buildMswView(input.spec!, input.model),
  },
  {
    file: "validators.ts",
    template: "validators.ts",
    format: "verbatim",
    when: (input, has) => has.operations && input.spec !== undefined && input.api?.validateResponses === "report",
    view: (input) => buildValidatorsView(input.spec!, input.model),
  },
];

/** The files the formatter may take as they are, when its check passes. */
export const LAID_OUT_FILES: ReadonlySet<string> = new Set(
  OUTPUTS.filter((o) => o.format === "laid-out").map((o) => o.file),
);

export interface RenderedOutput {
  file: string;
  text: string;
  format: OutputFormat;
}

/** Every output whose `when` holds, rendered, in the order of OUTPUTS. */
export function renderOutputs(input: EmitInput, render: RenderTemplate): RenderedOutput[] {
  const has: Has = {
    operations: input.model.operations.length > 0,
    webhooks: input.spec ? buildWebhooksModel(input.spec) : undefined,
  };
  const active = OUTPUTS.filter((output) => output.when(input, has));
  // The index re-exports the optional outputs that are written, by module name.
  const reexports = active.filter((output) => output.reexport).map((output) => `./${output.file.replace(/\.ts$/, "")}`);
  let client: ClientView | undefined;
  const clientOnce = () => (client ??= { ...toView(input.model, input.options), reexports });
  return active.map((output) => ({
    file: output.file,
    text: render(output.template, output.view(input, clientOnce, has)),
    format: output.format,
  }));
}

/** The outputs rendered from the model alone (no spec, no config switches), by file name. */
export function renderFiles(model: ApiModel, render: RenderTemplate, options: EmitOptions): Map<string, string> {
  return new Map(renderOutputs({ model, options }, render).map((o) => [o.file, o.text]));
}
