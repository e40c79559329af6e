/**
 * Every file a template writes into an API folder, declared as data: which template, over which
 * view, when, and how it is formatted. A new output is one entry here and its template.
 */
import type { ApiConfig } from "../config/index.ts";
import type { LoadedSpec } from "../spec/load.ts";
import type { ApiModel } from "./model.ts";
import { buildMswView } from "./msw-view.ts";
import type { RenderTemplate } from "./templates.ts";
import { buildValidatorsView } from "./validators.ts";
import { toView, type EmitOptions } from "./view.ts";

/** What outputs are rendered from. `spec` and `api` are absent where only the model is at hand. */
export interface EmitInput {
  model: ApiModel;
  options: EmitOptions;
  spec?: LoadedSpec;
  api?: Pick<ApiConfig, "mswHandlers" | "validateResponses">;
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
  view(input: EmitInput, client: () => ReturnType<typeof toView>): object;
}

/** Facts `when` decides by. */
interface Has {
  operations: boolean;
}

const clientView: OutputFile["view"] = (_input, client) => client();

export const OUTPUTS: readonly OutputFile[] = [
  // A spec without operations gets only its types.
  { file: "index.ts", template: "types-index.ts", format: "laid-out", when: (_, has) => !has.operations, view: clientView },
  { file: "index.ts", template: "index.ts", format: "laid-out", when: (_, has) => has.operations, view: clientView },
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
  const has: Has = { operations: input.model.operations.length > 0 };
  let client: ReturnType<typeof toView> | undefined;
  const clientOnce = () => (client ??= toView(input.model, input.options));
  return OUTPUTS.filter((output) => output.when(input, has)).map((output) => ({
    file: output.file,
    text: render(output.template, output.view(input, clientOnce)),
    format: output.format,
  }));
}

/** The outputs rendered from the model alone (no spec, no config switches), by file name. */
export function renderFiles(model: ApiModel, render: RenderTemplate, options: EmitOptions): Map<string, string> {
  return new Map(renderOutputs({ model, options }, render).map((o) => [o.file, o.text]));
}
