// Worker thread for test/property.test.ts: runs load -> validate -> model -> render -> emit (no
// prettier, no write) over one mutated spec per message, so that the test thread can terminate it
// when a case hangs (a synchronous infinite loop cannot be stopped from its own thread).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { loadConfig } = await import("../../generator/config/index.ts");
const { UserError, UserErrors } = await import("../../generator/errors.ts");
const { loadSpec } = await import("../../generator/spec/load.ts");
const { validateSpec } = await import("../../generator/pipeline/validate.ts");
const { buildModel } = await import("../../generator/pipeline/model.ts");
const { emitSchemaTypes, renderFiles, renderSchemaFile, runtimeImportFor } = await import("../../generator/pipeline/emit.ts");
const { bundleSpec } = await import("../../generator/spec/refs.ts");
const { loadTemplates } = await import("../../generator/pipeline/templates.ts");

const { repo, scratch } = workerData;
const config = await loadConfig(join(repo, "contractgen.config.json"), repo);
const render = loadTemplates(config.templatesDir);

const plain = (e) => ({ message: e.message, kind: e.kind, position: e.position, pointer: e.pointer });

parentPort.on("message", async ({ id, api: name, text }) => {
  const api = config.apis.find((a) => a.name === name);
  const dir = join(scratch, `case-${id}`);
  mkdirSync(join(dir, "spec"), { recursive: true });
  const specPath = join(dir, "spec", `${name}.yaml`);
  writeFileSync(specPath, text);
  try {
    const spec = loadSpec(specPath);
    validateSpec(spec);
    const model = buildModel(spec, { ...api, spec: specPath }, `spec/${name}.yaml`);
    const emitOptions = { runtimeImport: runtimeImportFor(join(dir, "out", name), join(dir, "out", "runtime")), importExtension: config.importExtension, guards: api.guards, validateResponses: false };
    const rendered = renderFiles(model, render, emitOptions);
    const schema = emitSchemaTypes(await bundleSpec(spec), spec.rootPath, model.operations.filter((o) => o.typedUnderPaths));
    const files = new Map([...rendered, ...renderSchemaFile(model, schema, render)]);
    parentPort.postMessage({ id, outcome: "generated", files: [...files].sort(([a], [b]) => (a < b ? -1 : 1)) });
  } catch (err) {
    if (err instanceof UserError || err instanceof UserErrors) {
      parentPort.postMessage({ id, outcome: "user-error", errors: (err instanceof UserErrors ? err.errors : [err]).map(plain) });
    } else {
      parentPort.postMessage({ id, outcome: "crash", error: String(err?.stack ?? err) });
    }
  }
});
parentPort.postMessage({ ready: true });
