/**
 * Lint rules are configurable: every rule has a severity (off, warn, error) that the config sets per
 * API; the house rules (scopes, security on every operation, the standard error responses) are off
 * by default; redocly's own rules take the same severities, and a redocly.yaml next to the config
 * replaces the built-in redocly rules. An undeclared path parameter is a lint error even though
 * generation accepts it. The "foreign" preset keeps only what breaks generation or clients.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LINT_RULES, lintSpec, type LintProblem } from "../generator/lint/index.ts";
import { loadSpec } from "../generator/spec/load.ts";
import { runMain } from "./support/cli.ts";
import { scratchCopy } from "./support/tree.ts";

/** A plain bearer API: security on every operation, no scopes, no standard error responses declared. */
const PLAIN_BEARER = `openapi: 3.1.0
info:
  title: Pets
  version: "1"
servers:
  - url: https://pets.test
security:
  - bearerAuth: []
paths:
  /pets/{petId}:
    get:
      operationId: getPet
      summary: Get a pet
      parameters:
        - name: petId
          in: path
          required: true
          schema:
            type: string
      responses:
        "200":
          description: The pet
          content:
            application/json:
              schema:
                type: object
        "404":
          description: No such pet
components:
  securitySchemes:
    bearerAuth:
      type: http
      scheme: bearer
`;

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A scratch project holding `files` (path -> text). */
function project(files: Record<string, string>): string {
  const dir = scratchCopy("contractgen-lint");
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

async function lintText(text: string, options: Parameters<typeof lintSpec>[1] = {}): Promise<LintProblem[]> {
  const dir = project({ "spec.yaml": text });
  return lintSpec(loadSpec(join(dir, "spec.yaml")), options);
}

const summary = (problems: LintProblem[]) => problems.map((p) => `${p.severity} ${p.rule} ${p.error.position?.line}`);

const run = runMain;

describe("the rule registry", () => {
  it("gives every contractgen rule a unique prefixed id, a severity and a description; house rules are off", () => {
    const ids = LINT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of LINT_RULES) {
      expect(rule.id).toMatch(/^contractgen\/[a-z]+(-[a-z]+)*$/);
      expect(["off", "warn", "error"]).toContain(rule.severity);
      expect(rule.description.length).toBeGreaterThan(20);
    }
    const defaults = Object.fromEntries(LINT_RULES.map((r) => [r.id, r.severity]));
    expect(defaults).toEqual({
      "contractgen/operation-security": "off",
      "contractgen/operation-scopes": "off",
      "contractgen/standard-error-responses": "off",
      "contractgen/method-name-collision": "warn",
    });
  });
});

describe("severities", () => {
  it("a plain bearer spec with no scopes passes with the defaults", async () => {
    expect(summary(await lintText(PLAIN_BEARER))).toEqual([]);
  });

  it("house rules report at the severity the config gives them, positioned at the operation", async () => {
    const asError = await lintText(PLAIN_BEARER, { severities: { "contractgen/operation-scopes": "error" } });
    expect(summary(asError)).toEqual(["error contractgen/operation-scopes 11"]);
    expect(asError[0]!.error.message).toBe("GET /pets/{petId} names no required scope [contractgen/operation-scopes]");
    const asWarning = await lintText(PLAIN_BEARER, { severities: { "contractgen/operation-scopes": "warn" } });
    expect(summary(asWarning)).toEqual(["warn contractgen/operation-scopes 11"]);
  });

  it("standard error responses: off by default, reported per operation when switched on", async () => {
    const text = PLAIN_BEARER.replace("paths:\n", 'x-standard-error-responses: ["401", "404"]\npaths:\n');
    expect(summary(await lintText(text))).toEqual([]);
    const problems = await lintText(text, { severities: { "contractgen/standard-error-responses": "error" } });
    expect(problems.map((p) => p.error.message)).toEqual(["GET /pets/{petId} does not document the standard 401 response [contractgen/standard-error-responses]"]);
  });

  it("operation-security refuses an anonymous alternative only when switched on", async () => {
    const text = PLAIN_BEARER.replace("security:\n  - bearerAuth: []\n", "security:\n  - bearerAuth: []\n  - {}\n");
    expect(summary(await lintText(text, { severities: { "contractgen/operation-scopes": "error" } }))).toEqual(["error contractgen/operation-scopes 12"]);
    expect(summary(await lintText(text, { severities: { "contractgen/operation-security": "error" } }))).toEqual(["error contractgen/operation-security 12"]);
    expect(summary(await lintText(PLAIN_BEARER, { severities: { "contractgen/operation-security": "error" } }))).toEqual([]);
  });

  it("redocly's rules take severities from the same map", async () => {
    const text = PLAIN_BEARER.replace("      summary: Get a pet\n", "");
    expect(summary(await lintText(text))).toEqual(["error operation-summary 11"]);
    expect(summary(await lintText(text, { severities: { "operation-summary": "warn" } }))).toEqual(["warn operation-summary 11"]);
    expect(summary(await lintText(text, { severities: { "operation-summary": "off" } }))).toEqual([]);
  });

  it("an undeclared path parameter is a lint error (generation only warns)", async () => {
    const text = PLAIN_BEARER.replace("  /pets/{petId}:", "  /owners/{ownerId}/pets/{petId}:");
    const problems = await lintText(text);
    expect(summary(problems)).toEqual(["error path-parameters-defined 14"]);
    expect(problems[0]!.error.message).toContain("{ownerId}");
  });

  it("two operationIds that make the same method name: a warning naming both", async () => {
    const text = PLAIN_BEARER.replace(
      "components:\n",
      "  /pets:\n    get:\n      operationId: get-pet\n      summary: Also a pet\n      responses:\n        \"200\":\n          description: ok\n        \"404\":\n          description: none\ncomponents:\n",
    );
    const problems = await lintText(text);
    expect(summary(problems)).toEqual(["warn contractgen/method-name-collision 12"]);
    expect(problems[0]!.error.message).toBe('operationId "getPet" of GET /pets/{petId} gives the client method getPet, as "get-pet" of GET /pets does [contractgen/method-name-collision]');
  });

  it("an unknown contractgen rule id is a usage error naming the rules", async () => {
    await expect(lintText(PLAIN_BEARER, { severities: { "contractgen/scopes": "error" } })).rejects.toMatchObject({
      kind: "usage",
      message: 'unknown lint rule "contractgen/scopes"',
    });
  });
});

describe("unknown rule ids", () => {
  it("a misspelt redocly rule id is a usage error, not a silent no-op", async () => {
    await expect(lintText(PLAIN_BEARER, { severities: { "operation-sumary": "off" } })).rejects.toMatchObject({ kind: "usage", message: 'unknown lint rule "operation-sumary"' });
  });
});

describe("contractgen lint with a config", () => {
  const config = (lint?: Record<string, string>) => JSON.stringify({ apis: [{ name: "pets", spec: "spec.yaml", output: "generated/pets", ...(lint ? { lint } : {}) }] });

  it("uses the API's severities from the config: exit 1 on an error, 0 on warnings", async () => {
    const strict = project({ "spec.yaml": PLAIN_BEARER, "contractgen.config.json": config({ "contractgen/operation-scopes": "error" }) });
    const failed = await run(["lint"], strict);
    expect(failed.code).toBe(1);
    expect(failed.err).toBe("spec.yaml:11:5: error: GET /pets/{petId} names no required scope [contractgen/operation-scopes] (at #/paths/~1pets~1{petId}/get)\n  hint: list the scope in the security requirement, or set `x-scopes-undocumented: true` when the documents give none");
    expect(failed.out).toMatch(/^spec\.yaml: 1 error\(s\), 0 warning\(s\) in \d+ ms$/);

    const lenient = project({ "spec.yaml": PLAIN_BEARER, "contractgen.config.json": config({ "contractgen/operation-scopes": "warn" }) });
    const passed = await run(["lint"], lenient);
    expect(passed.code).toBe(0);
    expect(passed.err).toMatch(/^spec\.yaml:11:5: warning: GET \/pets\/\{petId\} names no required scope/);
    expect((await run(["lint", "-q"], lenient)).err).toBe("");
  });

  it("a spec that cannot be generated fails the gate; the other specs are still linted", async () => {
    const dir = project({
      "broken.yaml": "openapi: 3.1.0\ninfo: { title: B, version: '1' }\npaths:\n  /a:\n    get:\n      responses:\n        '200': { $ref: '#/components/responses/Nope' }\n",
      "spec.yaml": PLAIN_BEARER,
    });
    const result = await run(["lint", "--spec", "broken.yaml", "--spec", "spec.yaml"], dir);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^broken\.yaml:7:\d+: error: \$ref target not found: #\/components\/responses\/Nope/);
    expect(result.out.split("\n")).toEqual(["broken.yaml: cannot be generated", expect.stringMatching(/^spec\.yaml: 0 error\(s\), 0 warning\(s\) in \d+ ms$/)]);
  });

  it("--format json, github and markdown list the same problems on stdout, a refused spec among them", async () => {
    const dir = project({
      "broken.yaml": "openapi: 3.1.0\ninfo: { title: B, version: '1' }\npaths:\n  /a:\n    get:\n      responses:\n        '200': { $ref: '#/components/responses/Nope' }\n",
      "spec.yaml": PLAIN_BEARER,
      "contractgen.config.json": config({ "contractgen/operation-scopes": "error" }),
    });
    const args = ["lint", "--spec", "broken.yaml", "--spec", "spec.yaml"];
    const json = await run([...args, "--format", "json"], dir);
    expect(json.code).toBe(1);
    expect(json.err).toBe("");
    expect(JSON.parse(json.out)).toEqual([
      expect.objectContaining({ rule: "contractgen/generation", level: "error", file: "broken.yaml", line: 7 }),
      { rule: "contractgen/operation-scopes", level: "error", message: "GET /pets/{petId} names no required scope", file: "spec.yaml", line: 11, col: 5, pointer: "/paths/~1pets~1{petId}/get", hint: expect.stringContaining("list the scope") },
    ]);
    const github = await run([...args, "--format", "github"], dir);
    expect(github.out.split("\n")[1]).toBe("::error file=spec.yaml,line=11,title=contractgen/operation-scopes::GET /pets/{petId} names no required scope (at #/paths/~1pets~1{petId}/get); list the scope in the security requirement, or set `x-scopes-undocumented: true` when the documents give none");
    const markdown = await run([...args, "--format", "markdown"], dir);
    expect(markdown.out.split("\n")).toHaveLength(4);
    expect((await run([...args, "--format", "xml"], dir)).code).toBe(2);
  });

  it("says when it linted a Swagger 2.0 document converted to OpenAPI 3.0", async () => {
    const swagger = 'swagger: "2.0"\ninfo: { title: P, version: "1" }\nhost: pets.test\nsecurity: [{ key: [] }]\nsecurityDefinitions: { key: { type: apiKey, in: header, name: X-Key } }\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      summary: List pets\n      responses:\n        "200": { description: ok }\n        "404": { description: none }\n';
    const dir = project({ "swagger.yaml": swagger });
    const result = await run(["lint", "--spec", "swagger.yaml"], dir);
    expect(result.err.split("\n")[0]).toBe("notice: swagger.yaml: Swagger 2.0 converted to OpenAPI 3.0 by swagger2openapi; positions in later errors refer to the converted document");
  });

  it("--spec FILE of a configured API uses that API's severities", async () => {
    const dir = project({ "spec.yaml": PLAIN_BEARER, "contractgen.config.json": config({ "contractgen/operation-scopes": "error" }) });
    expect((await run(["lint", "--spec", "spec.yaml"], dir)).code).toBe(1);
  });

  it("honours a redocly.yaml next to the config, and its per-API section for this spec", async () => {
    const text = PLAIN_BEARER.replace("      summary: Get a pet\n", "");
    const dir = project({
      "spec.yaml": text,
      "contractgen.config.json": config(),
      "redocly.yaml": "extends:\n  - minimal\nrules:\n  operation-summary: warn\n",
    });
    const result = await run(["lint"], dir);
    expect(result.code).toBe(0);
    expect(result.err).toContain("spec.yaml:11:5: warning: Operation object should contain `summary` field. [operation-summary]");

    writeFileSync(join(dir, "redocly.yaml"), "extends:\n  - minimal\nrules:\n  operation-summary: warn\napis:\n  pets:\n    root: ./spec.yaml\n    rules:\n      operation-summary: error\n");
    expect((await run(["lint"], dir)).code).toBe(1);
  });

  it("the config's severities win over redocly.yaml's", async () => {
    const text = PLAIN_BEARER.replace("      summary: Get a pet\n", "");
    const dir = project({
      "spec.yaml": text,
      "contractgen.config.json": config({ "operation-summary": "off" }),
      "redocly.yaml": "extends:\n  - recommended\nrules:\n  operation-summary: error\n  info-license: off\n",
    });
    const result = await run(["lint"], dir);
    expect({ code: result.code, err: result.err }).toEqual({ code: 0, err: "" });
  });
});

describe("the foreign preset, for a spec you do not own", () => {
  /** A vendor's spec as they come: no summary, an example that breaks its schema, and a security scheme it never defines. */
  const VENDOR = PLAIN_BEARER.replace("      summary: Get a pet\n", "")
    .replace("                type: object\n", "                type: object\n                properties: { name: { type: string } }\n              example: { name: 42 }\n")
    .replace("security:\n  - bearerAuth: []\n", "security:\n  - bearerAuth: []\n  - oauth: []\n");
  const rules = (problems: LintProblem[]) => problems.map((p) => `${p.severity} ${p.rule}`);

  it("keeps what breaks the client (an undefined security scheme) and drops the rest", async () => {
    expect(rules(await lintText(VENDOR))).toEqual(expect.arrayContaining(["error operation-summary", "error no-invalid-media-type-examples", "error security-defined"]));
    expect(rules(await lintText(VENDOR, { preset: "foreign" }))).toEqual(["error security-defined"]);
  });

  it("still reports an undeclared path parameter", async () => {
    const text = VENDOR.replace("  /pets/{petId}:", "  /owners/{ownerId}/pets/{petId}:");
    expect(rules(await lintText(text, { preset: "foreign" })).sort()).toEqual(["error path-parameters-defined", "error security-defined"]);
  });

  it("takes the config's severities on top", async () => {
    expect(rules(await lintText(VENDOR, { preset: "foreign", severities: { "operation-summary": "warn", "security-defined": "off" } }))).toEqual(["warn operation-summary"]);
  });

  it("is set by the config's lint.preset or by --preset, which wins", async () => {
    const configured = (lint: object) => JSON.stringify({ apis: [{ name: "pets", spec: "spec.yaml", output: "generated/pets", lint }] });
    const foreign = project({ "spec.yaml": VENDOR, "contractgen.config.json": configured({ preset: "foreign", "security-defined": "warn" }) });
    const passed = await run(["lint"], foreign);
    expect(passed.code, passed.err).toBe(0);
    expect(passed.out).toMatch(/^spec\.yaml: 0 error\(s\), 1 warning\(s\) in \d+ ms$/);
    const strict = project({ "spec.yaml": VENDOR, "contractgen.config.json": configured({}) });
    expect((await run(["lint"], strict)).code).toBe(1);
    const flagged = await run(["lint", "--preset", "foreign", "--spec", "spec.yaml"], project({ "spec.yaml": VENDOR.replace("  - oauth: []\n", "") }));
    expect({ code: flagged.code, err: flagged.err }).toEqual({ code: 0, err: "" });
    expect(await run(["lint", "--preset", "lenient", "--spec", "spec.yaml"], foreign)).toEqual({ code: 2, out: "", err: 'error: --preset must be recommended or foreign, got "lenient"' });
  });
});
