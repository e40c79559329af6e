/**
 * Spec strings are data, never code. Every template is rendered from a model whose every string is
 * an injection payload; the TypeScript compiler then parses the output, and its top-level statements
 * must be exactly the imports, exports and declarations the templates mean to emit.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { PROBLEM_DETAILS } from "../generator/config/index.ts";
import { TEMPLATES_DIR } from "../generator/package-root.ts";
import { renderFiles, renderRuntimeFiles, renderSchemaFile, type EmitOptions } from "../generator/pipeline/emit.ts";
import type { ApiModel } from "../generator/pipeline/model.ts";
import { escapeComment, jsonLiteral, loadTemplates, propertyKey, stringLiteral, unescapedMustaches } from "../generator/pipeline/templates.ts";

const PAYLOADS = [
  'X */ console.log("PWNED"); /*',
  "/* open",
  "`${console.log('PWNED')}`",
  "\"'; console.log('PWNED'); '\"",
  "line\nconsole.log('PWNED')\n",
  "line\r\nconsole.log('PWNED')",
  "sep\u2028console.log('PWNED')\u2029end",
  "</script><script>console.log('PWNED')</script>",
  "4*/ never; console.log('PWNED'); export type J = /*",
  "// console.log('PWNED')",
];
const POISON = PAYLOADS.join(" | ");

/** A model whose every string field, including map keys, is the poison; identifiers stay identifiers. */
function poisonedModel(poison: string, withOperations = true): ApiModel {
  const member = (status: string) => ({
    status,
    description: poison,
    mediaType: poison,
    json: true,
    content: [{ mediaType: poison, key: poison, read: "json" }],
    codes: [poison, `${poison}2`],
    codeKind: "pinned",
  });
  return {
    name: "poison",
    typeName: "Poison",
    title: poison,
    version: poison,
    specFile: `spec/${poison}.yaml`,
    defaultBaseUrl: poison,
    envelope: {
      code: poison,
      message: [poison],
      requestId: poison,
      requestIdHeader: poison,
    },
    securitySchemes: {
      [poison]: { type: "apiKey", in: "header", name: poison },
      basic: { type: "http", scheme: "basic" },
    },
    hasWebhooks: true,
    operations: withOperations
      ? [
          {
            operationId: poison,
            specOperationId: poison,
            methodName: "poisonedOperation",
            typeName: "PoisonedOperation",
            method: "post",
            path: `/${poison}/{id}`,
            summary: poison,
            description: `${poison}\n\n${poison}`,
            deprecated: true,
            externalDocsUrl: poison,
            scopes: [poison],
            security: [[poison], []],
            success: [{ status: poison, mediaType: poison, json: true, content: [{ mediaType: poison, key: poison, read: "json" }, { mediaType: `${poison}2`, key: `${poison}2`, read: "text" }] }],
            errors: [member(poison), member("default")],
          },
        ]
      : [],
  } as unknown as ApiModel;
}

const OPTIONS: EmitOptions = {
  runtimeImport: "../runtime/index",
  importExtension: ".js",
  guards: { cardNumber: true },
  validateResponses: false,
};

/** The kinds and names of a file's top-level statements, and every parse error. */
function topLevel(name: string, source: string): { statements: string[]; diagnostics: string[] } {
  const file = ts.createSourceFile(name, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const diagnostics = ((file as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics ?? []).map((d) =>
    ts.flattenDiagnosticMessageText(d.messageText, "\n"),
  );
  const statements = file.statements.map((statement) => {
    const exported =
      ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const named = (statement as { name?: ts.Identifier }).name?.text;
    if (ts.isImportDeclaration(statement)) return `import ${(statement.moduleSpecifier as ts.StringLiteral).text}`;
    if (ts.isExportDeclaration(statement))
      return `export-from ${(statement.moduleSpecifier as ts.StringLiteral | undefined)?.text ?? ""}`;
    if (ts.isVariableStatement(statement))
      return `${exported ? "export " : ""}const ${statement.declarationList.declarations.map((d) => (d.name as ts.Identifier).text).join(",")}`;
    return `${exported ? "export " : ""}${ts.SyntaxKind[statement.kind]} ${named ?? ""}`;
  });
  return { statements, diagnostics };
}

/** Nowhere in the tree is there a call: generated declarations never run anything at import time, except the factory body. */
function callsOutsideFunctions(source: string): string[] {
  const file = ts.createSourceFile("x.ts", source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const calls: string[] = [];
  const visit = (node: ts.Node, insideFunction: boolean): void => {
    if (ts.isCallExpression(node) && !insideFunction) calls.push(node.getText(file).slice(0, 80));
    const entersFunction =
      ts.isFunctionDeclaration(node) ||
      ts.isArrowFunction(node) ||
      ts.isFunctionExpression(node) ||
      ts.isMethodDeclaration(node);
    ts.forEachChild(node, (childNode) => visit(childNode, insideFunction || entersFunction));
  };
  visit(file, false);
  return calls;
}

describe("templates print spec values only through an escaping helper", () => {
  const templates = [
    ...readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith(".hbs")),
    ...readdirSync(join(TEMPLATES_DIR, "partials")).map((f) => `partials/${f}`),
  ];

  it.each(templates)("%s has no raw mustache", (file) => {
    expect(unescapedMustaches(readFileSync(join(TEMPLATES_DIR, file), "utf8"))).toEqual([]);
  });

  it("the scan finds raw values, triple-stashes and helpers used as values", () => {
    expect(
      unescapedMustaches(
        "a {{title}} b {{{raw}}} {{this}} {{upper method}} {{str title}} {{#each x}}{{comment this}}{{/each}}",
      ),
    ).toEqual(["line 1: {{title}}", "line 1: {{raw}}", "line 1: {{this}}", "line 1: {{upper ...}}"]);
  });
});

describe("a poisoned model renders inert TypeScript", () => {
  const render = loadTemplates(TEMPLATES_DIR);
  const files = new Map([
    ...renderFiles(poisonedModel(POISON), render, OPTIONS),
    ...renderSchemaFile(poisonedModel(POISON), "export type paths = Record<string, never>;\n", render),
  ]);

  const expected: Record<string, string[]> = {
    "client.ts": [
      "import ../runtime/index.js",
      "import ./core.js",
      "import ./functions.js",
      "import ./operations.js",
      "import ./schema.js",
      "export TypeAliasDeclaration PoisonedOperationData",
      "export-from ",
      "export TypeAliasDeclaration PoisonClient",
      "export FunctionDeclaration createPoisonClient",
    ],
    "core.ts": [
      "import ../runtime/index.js",
      "import ./schema.js",
      "export InterfaceDeclaration PoisonCredentials",
      "export TypeAliasDeclaration PoisonClientOptions",
      "export TypeAliasDeclaration PoisonCore",
      "const definition",
      "export FunctionDeclaration createPoisonCore",
    ],
    "functions.ts": [
      "import ../runtime/index.js",
      "import ./operations.js",
      "import ./core.js",
      "import ./schema.js",
      "TypeAliasDeclaration Operation",
      "const poisonedOperationOperation",
      "export const poisonedOperation",
    ],
    "errors.ts": [
      "import ./schema.js",
      "import ../runtime/index.js",
      "export-from ../runtime/index.js",
      "export-from ../runtime/index.js",
      // the body alias is named from the status key, letters and digits only
      expect.stringMatching(/^export TypeAliasDeclaration PoisonedOperation[0-9A-Z]+Body$/),
      "export TypeAliasDeclaration PoisonedOperationDefaultBody",
      "export TypeAliasDeclaration PoisonedOperationError",
    ],
    "operations.ts": [
      "import ../runtime/index.js",
      "import ./client.js",
      "import ./errors.js",
      "import ./schema.js",
      "export InterfaceDeclaration PoisonOperations",
      "export InterfaceDeclaration OperationScopes",
      "export TypeAliasDeclaration OperationId",
      "export const operationTable",
      "export FunctionDeclaration requiredScopes",
    ],
    "index.ts": [
      "export-from ./core.js",
      "export-from ./functions.js",
      "export-from ./client.js",
      "export-from ./errors.js",
      "export-from ./operations.js",
      "export-from ../runtime/index.js",
      "export-from ./schema.js",
    ],
    "schema.ts": ["export TypeAliasDeclaration paths"],
  };

  it.each(Object.keys(expected))("%s: only the expected top-level statements, no parse errors", (name) => {
    const { statements, diagnostics } = topLevel(name, files.get(name)!);
    expect(diagnostics).toEqual([]);
    expect(statements).toEqual(expected[name]);
  });

  it.each(Object.keys(expected))("%s: no call outside a function body", (name) => {
    expect(callsOutsideFunctions(files.get(name)!)).toEqual([]);
  });

  it("every payload is still there as data: in string literals and in comments, never as code", () => {
    const client = files.get("client.ts")!;
    expect(client).toContain(stringLiteral(POISON).slice(1, 40));
    expect(files.get("operations.ts")).toContain(stringLiteral(POISON));
    expect(files.get("functions.ts")).toContain(stringLiteral(POISON));
    expect(files.get("schema.ts")).toContain(escapeComment(`spec/${POISON}.yaml`));
    for (const text of files.values()) {
      expect(text).not.toMatch(/[\u2028\u2029]/);
      expect(text.split("\n").filter((line) => /^\s*console\.log/.test(line))).toEqual([]);
    }
  });

  it("a spec without operations renders only its types, just as inert", () => {
    const typesOnly = renderFiles(poisonedModel(POISON, false), render, OPTIONS);
    expect([...typesOnly.keys()]).toEqual(["index.ts"]);
    const { statements, diagnostics } = topLevel("index.ts", typesOnly.get("index.ts")!);
    expect(diagnostics).toEqual([]);
    expect(statements).toEqual(["export-from ./schema.js"]);
  });

  it("an identifier that is not one is refused at render time, never printed", () => {
    const model = poisonedModel(POISON);
    (model.operations[0] as { methodName: string }).methodName = "x: 1 }; console.log('PWNED'); interface Y {";
    expect(() => renderFiles(model, render, OPTIONS)).toThrow(/not an identifier/);
  });

  it('"__proto__" as a key stays an own property, never the prototype', () => {
    const literal = jsonLiteral(JSON.parse('{"__proto__": {"polluted": true}, "b": 1}'));
    const value = new Function(`return (${literal});`)() as Record<string, unknown>;
    expect(Object.hasOwn(value, "__proto__")).toBe(true);
    expect((value as { polluted?: boolean }).polluted).toBeUndefined();
    expect(propertyKey("__proto__")).toBe('["__proto__"]');
  });

  it("the escapes themselves: comments cannot close, strings cannot break", () => {
    expect(escapeComment("a */ b /* c\nd\u2028e\u2029f\rg")).toBe("a *\\/ b /\\* c d e f g");
    expect(stringLiteral('a\u2028b"c')).toBe('"a\\u2028b\\"c"');
    expect(PROBLEM_DETAILS.code).toBe("/code");
  });

  it("imported (with the runtime beside it), it prints nothing and builds a client", () => {
    const root = fileURLToPath(new URL("..", import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), "contractgen-poison-"));
    try {
      const write = (name: string, text: string) => {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
      };
      for (const [name, text] of files) write(`api/${name}`, text);
      for (const [name, text] of renderRuntimeFiles(TEMPLATES_DIR, render, ".js")) write(`runtime/${name}`, text);
      symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
      write(
        "main.ts",
        'import { createPoisonClient } from "./api/index.ts";\nif (typeof createPoisonClient({ baseUrl: "https://example.com" }).poisonedOperation !== "function") process.exitCode = 3;\n',
      );
      const output = execFileSync(process.execPath, ["--import", "tsx", join(dir, "main.ts")], {
        cwd: dir,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      expect(output).toBe("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
