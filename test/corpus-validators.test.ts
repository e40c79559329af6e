/**
 * Report mode over the corpus: every spec that validates gets response validators without a refusal
 * or a crash (OpenAI's 3.0 idioms in a 3.1 document, DigitalOcean's files of named parameters,
 * Directus-shaped null schemas), with a warning only where a schema is read generously.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { apiConfig } from "../generator/config/index.ts";
import { loadSpec } from "../generator/spec/load.ts";
import { buildModel } from "../generator/pipeline/model.ts";
import { validateSpec } from "../generator/pipeline/validate.ts";
import { loadTemplates } from "../generator/pipeline/templates.ts";
import { buildValidatorsView } from "../generator/pipeline/validators.ts";

const corpus = join(import.meta.dirname, "corpus");
const entries = (JSON.parse(readFileSync(join(corpus, "index.json"), "utf8")) as { specs: { spec: string; kind: string }[] }).specs.filter((e) => e.kind !== "refused");

function reportMode(spec: string) {
  const file = join(corpus, spec);
  const loaded = loadSpec(file);
  validateSpec(loaded);
  const model = buildModel(loaded, apiConfig({ name: "corpus", spec: file, output: join(corpus, "out"), validateResponses: "report" }), spec);
  const view = buildValidatorsView(loaded, model);
  const warnings = (loaded.warnings ?? []).map((w) => `${w.position!.line}:${w.position!.col} ${w.message}`);
  return { view, warnings, loaded };
}

const render = loadTemplates(join(import.meta.dirname, "../templates"));

describe("report mode over the corpus", () => {
  it.each(entries.map((e) => [e.spec]))("%s", (spec) => {
    const { view, warnings } = reportMode(spec);
    expect(warnings.filter((w) => !w.includes("a schema is null"))).toEqual([]);
    expect(view.operations.length).toBeGreaterThanOrEqual(0);
  });

  it("reads OpenAI's exclusiveMinimum: true and nullable in a 3.1 document without a warning, and checks them", () => {
    const { view, warnings } = reportMode("real/openai-fine-tuning.yaml");
    expect(warnings).toEqual([]);
    expect(view.operations.find((o) => o.operationId === "cancelFineTuningJob")!.responses).toEqual([{ status: "200", mediaTypes: [{ mediaType: "application/json", validator: expect.stringMatching(/^validator\d+$/) }] }]);
  });

  it("compiles DigitalOcean's multi-file schemas, files of named parameters beside them", () => {
    const { view, warnings } = reportMode("real/digitalocean/DigitalOcean-public.v2.yaml");
    expect(warnings).toEqual([]);
    const list = view.operations.find((o) => o.operationId === "images_list")!;
    expect(list.responses.map((r) => [r.status, r.mediaTypes.map((m) => m.validator !== "")])).toEqual([
      ["200", [true]],
      ["401", [true]],
      ["429", [true]],
      ["500", [true]],
      ["default", [true]],
    ]);
  });

  it("reads a null schema as any value, one positioned warning each", () => {
    const { warnings } = reportMode("edge/null-schema.yaml");
    expect(warnings).toEqual([
      "20:13 a schema is null; it is read as any value (unknown), and nothing is checked there",
      "31:21 a schema is null; it is read as any value (unknown), and nothing is checked there",
      "34:21 a schema is null; it is read as any value (unknown), and nothing is checked there",
    ]);
  });

  // The spec's JSON: every file it is made of, as JSON.stringify prints it.
  it.each([["real/blockfrost.yaml"], ["real/openai-fine-tuning.yaml"], ["real/digitalocean/DigitalOcean-public.v2.yaml"]])("writes validators.ts for %s in no more bytes than the spec's JSON", (spec) => {
    const { view, loaded } = reportMode(spec);
    const specBytes = [...loaded.files.values()].reduce((sum, file) => sum + JSON.stringify(file.data).length, 0);
    const validators = render("validators.ts", view);
    expect(view.validatorNames.length).toBeGreaterThanOrEqual(3);
    expect(validators.length).toBeLessThanOrEqual(specBytes);
  });
});
