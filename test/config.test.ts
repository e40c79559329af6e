/**
 * config/: the config file checked against schema.json (one positioned line per problem, with what
 * was meant for a misspelt key or value), resolved with its defaults and the top level's options
 * inherited, the same shape typed for `.mjs` configs by `defineConfig`, and the compiled validator
 * kept in step with the schema.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, expectTypeOf, it } from "vitest";
import { validatorSource, VALIDATOR_FILE } from "../generator/config/compile-validator.mjs";
import { defineConfig, type ApiEntry, type ContractgenConfig, type ErrorEnvelope, type PaginationConfig, type WebhookSignatureScheme, type WebhooksConfig } from "../generator/config/define.mjs";
import { DEFAULTS, loadConfig, PROBLEM_DETAILS } from "../generator/config/index.ts";
import { closest } from "../generator/config/validate.ts";
import { formatUserError, UserError } from "../generator/errors.ts";
import { scratchCopy } from "./support/tree.ts";

const repo = join(import.meta.dirname, "..");
type JsonSchema = { properties?: Record<string, JsonSchema>; definitions?: Record<string, JsonSchema>; anyOf?: JsonSchema[]; additionalProperties?: JsonSchema | boolean };
const schema = JSON.parse(readFileSync(join(repo, "generator/config/schema.json"), "utf8")) as JsonSchema;
const definitions = schema.definitions!;

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A scratch project with a spec and `config` as its contractgen.config.json (text as given, or JSON). */
function project(config: unknown, name = "contractgen.config.json"): string {
  const dir = scratchCopy("contractgen-config");
  dirs.push(dir);
  writeFileSync(join(dir, "spec.yaml"), "openapi: 3.1.0\ninfo: { title: T, version: '1' }\npaths: {}\n");
  writeFileSync(join(dir, name), typeof config === "string" ? config : JSON.stringify(config, null, 2));
  return dir;
}

const api = (extra: object = {}) => ({ name: "pets", spec: "spec.yaml", output: "out/pets", ...extra });

/** The first line and hint of the error loading `config` gives, paths relative to its folder. */
async function failure(config: unknown): Promise<string> {
  const dir = project(config);
  const err = await loadConfig(undefined, dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  expect((err as UserError).kind).toBe("usage");
  return formatUserError(err as UserError, dir);
}

describe("the compiled validator", () => {
  it("is the one schema.json compiles to (run node generator/config/compile-validator.mjs after editing the schema)", async () => {
    expect(readFileSync(VALIDATOR_FILE, "utf8") === (await validatorSource())).toBe(true);
  });

  it("loads without ajv: the validator imports nothing", () => {
    expect(readFileSync(VALIDATOR_FILE, "utf8")).not.toMatch(/\bimport\b[^(]|\brequire\(/);
  });
});

describe("schema.json and define.d.mts describe the same keys", () => {
  const keysOf = (s: JsonSchema | undefined) => Object.keys(s?.properties ?? {}).sort();
  const branch = (s: JsonSchema) => s.anyOf!.find((b) => b.properties)!;
  it.each([
    ["top level", keysOf(schema), { $schema: 1, apis: 1, refRoot: 1, runtimeOutput: 1, importExtension: 1, guards: 1, lint: 1, validateResponses: 1, mswHandlers: 1, tanstackQuery: 1 } satisfies Record<keyof ContractgenConfig, 1>],
    ["API entry", keysOf(definitions.api), { name: 1, spec: 1, output: 1, errorEnvelope: 1, refRoot: 1, guards: 1, lint: 1, validateResponses: 1, mswHandlers: 1, tanstackQuery: 1, webhooks: 1, pagination: 1 } satisfies Record<keyof ApiEntry, 1>],
    ["errorEnvelope", keysOf(branch(definitions.errorEnvelope!)), { code: 1, message: 1, requestId: 1, requestIdHeader: 1, fieldErrors: 1 } satisfies Record<keyof ErrorEnvelope, 1>],
    ["webhooks", keysOf(definitions.webhooks), { signature: 1, toleranceSeconds: 1 } satisfies Record<keyof WebhooksConfig, 1>],
    ["webhooks.signature", keysOf(branch(definitions.webhooks!.properties!.signature!)), { header: 1, prefix: 1, encoding: 1, algorithm: 1, signedContent: 1, timestampHeader: 1, idHeader: 1 } satisfies Record<keyof WebhookSignatureScheme, 1>],
    ["pagination", keysOf(branch(definitions.pagination!.additionalProperties as JsonSchema)), { kind: 1, cursorParam: 1, cursorPath: 1, itemsPath: 1, limitParam: 1, offsetParam: 1, pageParam: 1, hasMorePath: 1 } satisfies Record<keyof PaginationConfig, 1>],
  ])("%s", (_, inSchema, inType) => {
    expect(inSchema).toEqual(Object.keys(inType).sort());
  });
});

describe("a config that does not fit the schema: one positioned line", () => {
  it.each([
    ["not an object", "[]", "contractgen.config.json:1:1: error: config must be an object with an `apis` list"],
    ["no apis", { guards: [] }, 'contractgen.config.json:1:1: error: the config is missing "apis"'],
    ["empty apis", { apis: [] }, "contractgen.config.json:2:3: error: apis must be a non-empty list of API entries (at #/apis)"],
    ["an API entry without output", { apis: [{ name: "pets", spec: "spec.yaml" }] }, 'contractgen.config.json:3:5: error: API entry is missing "output" (at #/apis/0)'],
    ["a bad API name", { apis: [api({ name: "Pets" })] }, 'contractgen.config.json:4:7: error: name must be lower-case letters, digits and dashes, starting with a letter, got "Pets" (at #/apis/0/name)'],
    ["a misspelt top-level key", { apis: [api()], guard: [] }, 'contractgen.config.json:9:3: error: unknown config key "guard" (at #/guard)\n  hint: did you mean "guards"?'],
    ["a key in the wrong case", { apis: [api({ mswhandlers: true })] }, 'contractgen.config.json:7:7: error: unknown config key "mswhandlers" (at #/apis/0/mswhandlers)\n  hint: did you mean "mswHandlers"?'],
    ["an API key at the top level", { apis: [api()], spec: "x.yaml" }, 'contractgen.config.json:9:3: error: unknown config key "spec" (at #/spec)\n  hint: "spec" belongs in each entry of "apis"'],
    ["a key nothing is close to", { apis: [api({ colour: 1 })] }, "contractgen.config.json:7:7: error: unknown config key \"colour\" (at #/apis/0/colour)\n  hint: an API entry takes name, spec, output, errorEnvelope, refRoot, guards, lint, validateResponses, mswHandlers, tanstackQuery, webhooks, pagination"],
    ["a misspelt value", { apis: [api({ validateResponses: "reports" })] }, 'contractgen.config.json:7:7: error: validateResponses must be "off" or "report", got "reports" (at #/apis/0/validateResponses)\n  hint: did you mean "report"?'],
    ["a boolean as text", { mswHandlers: "yes", apis: [api()] }, 'contractgen.config.json:2:3: error: mswHandlers must be true or false, got "yes" (at #/mswHandlers)'],
    ["an unknown guard", { guards: ["cvv"], apis: [api()] }, 'contractgen.config.json:3:5: error: guards[0] must be a guard name: cardNumber, got "cvv" (at #/guards/0)'],
    ["a lint severity", { lint: { "operation-summary": "fatal" }, apis: [api()] }, 'contractgen.config.json:3:5: error: lint["operation-summary"] must be "off", "warn" or "error", got "fatal" (at #/lint/operation-summary)'],
    ["a lint preset", { lint: { preset: "vendor" }, apis: [api()] }, 'contractgen.config.json:3:5: error: lint.preset must be "recommended" or "foreign", got "vendor" (at #/lint/preset)'],
    ["an envelope of the wrong kind", { apis: [api({ errorEnvelope: 42 })] }, 'contractgen.config.json:7:7: error: errorEnvelope must be "problem-details", "infer" or an object of JSON pointers, got 42 (at #/apis/0/errorEnvelope)'],
    ["a misspelt envelope name", { apis: [api({ errorEnvelope: "problem-detail" })] }, 'contractgen.config.json:7:7: error: errorEnvelope must be "problem-details", "infer" or an object of JSON pointers, got "problem-detail" (at #/apis/0/errorEnvelope)\n  hint: did you mean "problem-details"?'],
    ["an envelope key", { apis: [api({ errorEnvelope: { message: "/m", cod: "/c" } })] }, 'contractgen.config.json:9:9: error: unknown config key "cod" (at #/apis/0/errorEnvelope/cod)\n  hint: did you mean "code"?'],
    ["a message pointer in a list", { apis: [api({ errorEnvelope: { message: ["detail"] } })] }, 'contractgen.config.json:9:11: error: errorEnvelope.message[0] must be a JSON pointer such as "/error/code", got "detail" (at #/apis/0/errorEnvelope/message/0)'],
    ["a message of the wrong kind", { apis: [api({ errorEnvelope: { message: 42 } })] }, "contractgen.config.json:8:9: error: errorEnvelope.message must be a JSON pointer or a list of them, got 42 (at #/apis/0/errorEnvelope/message)"],
    ["fieldErrors without a location", { apis: [api({ errorEnvelope: { message: "/m", fieldErrors: { items: "/errors", message: "/detail" } } })] }, 'contractgen.config.json:9:9: error: errorEnvelope.fieldErrors is missing "location" (at #/apis/0/errorEnvelope/fieldErrors)'],
    ["a signature scheme without its template", { apis: [api({ webhooks: { signature: { header: "x-sig", encoding: "hex" } } })] }, 'contractgen.config.json:8:9: error: webhooks.signature is missing "signedContent" (at #/apis/0/webhooks/signature)'],
    ["a signed content without the body", { apis: [api({ webhooks: { signature: { header: "x-sig", encoding: "hex", signedContent: "{timestamp}" } } })] }, 'contractgen.config.json:11:11: error: webhooks.signature.signedContent must be a template naming {body} (and optionally {timestamp}, {id}), got "{timestamp}" (at #/apis/0/webhooks/signature/signedContent)'],
    ["a pagination kind", { apis: [api({ pagination: { listPets: { kind: "cursr" } } })] }, 'contractgen.config.json:9:11: error: pagination.listPets.kind must be "link", "cursor", "offset" or "page", got "cursr" (at #/apis/0/pagination/listPets/kind)\n  hint: did you mean "cursor"?'],
    ["a pagination switched on with true", { apis: [api({ pagination: { listPets: true } })] }, 'contractgen.config.json:8:9: error: pagination.listPets must be an object with a "kind", or false, got true (at #/apis/0/pagination/listPets)'],
    ["a pagination field", { apis: [api({ pagination: { listPets: { kind: "cursor", cursorParm: "after" } } })] }, 'contractgen.config.json:10:11: error: unknown config key "cursorParm" (at #/apis/0/pagination/listPets/cursorParm)\n  hint: did you mean "cursorParam"?'],
  ])("%s", async (_, config, want) => {
    expect(await failure(config)).toBe(want);
  });

  it("reports the first problem in the file when there are several", async () => {
    expect(await failure({ mswHandlers: 1, apis: [api({ name: "Bad" })] })).toMatch(/^contractgen\.config\.json:2:3: error: mswHandlers must be true or false/);
  });

  it("checks what only the files can say: duplicate names, a missing spec, an output on the runtime folder", async () => {
    expect(await failure({ apis: [api(), api({ output: "out/b" })] })).toBe('contractgen.config.json:9:7: error: duplicate API name "pets" (at #/apis/1/name)');
    expect(await failure({ apis: [api({ spec: "nope.yaml" })] })).toMatch(/^contractgen\.config\.json:5:7: error: spec file not found: nope\.yaml \(at #\/apis\/0\/spec\)\n {2}hint: check the spec path/);
    expect(await failure({ runtimeOutput: "out/pets", apis: [api()] })).toMatch(/^contractgen\.config\.json:7:7: error: output out\/pets is the runtime folder/);
  });
});

describe("resolution", () => {
  it("fills every default, in one place", async () => {
    const config = await loadConfig(undefined, project({ apis: [api()] }));
    const [only] = config.apis;
    expect(only).toMatchObject({ errorEnvelope: PROBLEM_DETAILS, lint: {}, lintPreset: "recommended", validateResponses: "off", mswHandlers: false, tanstackQuery: false, webhooks: DEFAULTS.webhooks, pagination: {} });
    expect(config.importExtension).toBe(".js");
  });

  it("an API inherits the top level's options and overrides them one by one", async () => {
    const config = await loadConfig(
      undefined,
      project({
        tanstackQuery: true,
        guards: ["cardNumber"],
        lint: { preset: "foreign", "operation-summary": "warn" },
        apis: [api(), api({ name: "other", output: "out/other", tanstackQuery: false, guards: [], lint: { "operation-summary": "off", preset: "recommended" } })],
      }),
    );
    const [first, second] = config.apis;
    expect(first).toMatchObject({ tanstackQuery: true, guards: { cardNumber: true }, lint: { "operation-summary": "warn" }, lintPreset: "foreign" });
    expect(second).toMatchObject({ tanstackQuery: false, guards: { cardNumber: false }, lint: { "operation-summary": "off" }, lintPreset: "recommended" });
  });

  it("keeps webhooks and pagination as given, over their defaults", async () => {
    const signature = { header: "X-Signature", prefix: "sha256=", encoding: "hex", signedContent: "{timestamp}.{body}", timestampHeader: "X-Timestamp" } as const;
    const config = await loadConfig(undefined, project({ apis: [api({ webhooks: { signature, toleranceSeconds: 60 }, pagination: { listPets: { kind: "cursor", cursorParam: "after", cursorPath: "/next" }, listOwners: false } })] }));
    expect(config.apis[0]!.webhooks).toEqual({ signature, toleranceSeconds: 60 });
    expect(config.apis[0]!.pagination).toEqual({ listPets: { kind: "cursor", cursorParam: "after", cursorPath: "/next" }, listOwners: false });
  });

  it("takes field errors without a code, and one message pointer as a list of one", async () => {
    const errorEnvelope = { message: "/error", requestIdHeader: "X-Request-Id", fieldErrors: { items: "/errors", location: "/field", message: "/message" } };
    const config = await loadConfig(undefined, project({ apis: [api({ errorEnvelope })] }));
    expect(config.apis[0]!.errorEnvelope).toEqual({ message: ["/error"], requestIdHeader: "x-request-id", fieldErrors: errorEnvelope.fieldErrors });
  });

  it("accepts this repository's config, which names the schema", async () => {
    const config = await loadConfig(join(repo, "contractgen.config.json"), repo);
    expect(config.apis.map((a) => a.name)).toEqual(["hostup", "aether"]);
    expect(JSON.parse(readFileSync(join(repo, "contractgen.config.json"), "utf8")).$schema).toBe("./generator/config/schema.json");
  });
});

describe("contractgen.config.mjs with defineConfig", () => {
  const defineUrl = pathToFileURL(join(repo, "generator/config/define.mjs")).href;

  it("is read like the JSON config, and checked against the same schema (positions: the file's first line)", async () => {
    const good = project(`import { defineConfig } from ${JSON.stringify(defineUrl)};\nexport default defineConfig({ tanstackQuery: true, apis: [{ name: "pets", spec: "spec.yaml", output: "out/pets" }] });\n`, "contractgen.config.mjs");
    expect((await loadConfig(undefined, good)).apis[0]).toMatchObject({ name: "pets", tanstackQuery: true });
    const bad = project(`export default { apis: [{ name: "pets", spec: "spec.yaml", output: "out/pets", tanstack: true }] };\n`, "contractgen.config.mjs");
    await expect(loadConfig(undefined, bad)).rejects.toMatchObject({ message: 'unknown config key "tanstack"', hint: 'did you mean "tanstackQuery"?', position: { line: 1, col: 1 }, pointer: "/apis/0/tanstack" });
  });

  it("types the config: a misspelt key or a wrong value does not compile", () => {
    const config = defineConfig({ apis: [{ name: "pets", spec: "spec.yaml", output: "out", pagination: { listPets: false, listOwners: { kind: "page", pageParam: "p" } } }] });
    expectTypeOf(config).toEqualTypeOf<ContractgenConfig>();
    // @ts-expect-error: not a config key
    defineConfig({ apis: [], guard: [] });
    // @ts-expect-error: the severities are "off", "warn" and "error"
    defineConfig({ apis: [], lint: { "operation-summary": "fatal" } });
    // @ts-expect-error: a signature scheme needs what is signed
    defineConfig({ apis: [{ name: "a", spec: "a.yaml", output: "a", webhooks: { signature: { header: "x", encoding: "hex" } } }] });
    // @ts-expect-error: pagination is switched off with false, not true
    defineConfig({ apis: [{ name: "a", spec: "a.yaml", output: "a", pagination: { listPets: true } }] });
  });
});

describe("closest", () => {
  it.each([
    ["guard", ["guards", "lint"], "guards"],
    ["mswhandlers", ["mswHandlers"], "mswHandlers"],
    ["envelope", ["errorEnvelope", "refRoot"], "errorEnvelope"],
    ["colour", ["name", "spec", "output"], undefined],
    ["x", ["a", "b"], undefined],
  ])("%s in %j: %s", (word, candidates, want) => {
    expect(closest(word, candidates)).toBe(want);
  });
});
