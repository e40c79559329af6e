/**
 * The generated-client change: generate both sides in memory and compare their exported TypeScript
 * API (operations, client methods, error-union members, exported types). No other tool shows this.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, relative } from "node:path";
import type { ApiConfig } from "../config.ts";
import { TEMPLATES_DIR } from "../config.ts";
import { formatUserFailure, isUserFailure } from "../errors.ts";
import type { LoadedSpec } from "../load.ts";
import { compareText } from "../order.ts";
import { closeRunContext, createRunContext, generateApi, type RunContext } from "../pipeline.ts";

export interface Surface {
  operations: string[];
  methods: string[];
  /** `ListSavedCardsError: 404 not_found`. */
  errors: string[];
  types: string[];
}

export interface SurfaceDelta {
  added: string[];
  removed: string[];
}

export interface SurfaceDiff {
  api: string;
  operations: SurfaceDelta;
  methods: SurfaceDelta;
  errors: SurfaceDelta;
  types: SurfaceDelta;
  /** Why a side could not be generated, if it could not. */
  problems: string[];
}

export const EMPTY_SURFACE: Surface = { operations: [], methods: [], errors: [], types: [] };

import type * as ts from "typescript";

type Ts = typeof ts;

/** Generate one side in a temporary folder (the loaded files are written there, so git sides work too). */
export async function generateSurface(spec: LoadedSpec, api: ApiConfig, root: string, run: RunContext): Promise<Surface> {
  const dir = mkdtempSync(join(tmpdir(), "contractgen-diff-"));
  try {
    const place = (file: string) => {
      const rel = relative(root, file);
      return join(dir, "src", rel.startsWith("..") || isAbsolute(rel) ? relative(dirname(spec.rootPath), file) : rel);
    };
    for (const [file, source] of spec.files) {
      const target = place(file);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, source.text);
    }
    const generated = await generateApi({ ...api, spec: place(spec.rootPath), output: join(dir, "out") }, { ...run, root: join(dir, "src") });
    const mod = (await import("typescript")) as unknown as { default?: Ts } & Ts;
    return parseSurface(generated.files, mod.default ?? mod);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The exported API of a generated client, read from its files with the TypeScript parser. */
export function parseSurface(files: ReadonlyMap<string, string>, ts: Ts): Surface {
  const parse = (name: string) => {
    const text = files.get(name);
    return text === undefined ? undefined : ts.createSourceFile(name, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  };
  const exported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const operations: string[] = [];
  const methods: string[] = [];
  const errors: string[] = [];
  const types = new Set<string>();

  const ops = parse("operations.ts");
  ops?.forEachChild((node) => {
    if (!ts.isVariableStatement(node)) return;
    for (const decl of node.declarationList.declarations) {
      if (!ts.isIdentifier(decl.name) || decl.name.text !== "operationTable" || !decl.initializer) continue;
      let init: ts.Expression = decl.initializer;
      while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init)) init = init.expression;
      if (ts.isObjectLiteralExpression(init)) for (const p of init.properties) if (p.name) operations.push(p.name.getText(ops));
    }
  });

  const client = parse("client.ts");
  client?.forEachChild((node) => {
    // The client's methods are mapped from the `<Api>Operations` table, one property per method.
    if (ts.isInterfaceDeclaration(node) && exported(node) && node.name.text.endsWith("Operations")) {
      for (const member of node.members) if (ts.isPropertySignature(member) || ts.isMethodSignature(member)) methods.push(member.name.getText(client));
    }
  });

  const errorFile = parse("errors.ts");
  errorFile?.forEachChild((node) => {
    if (!ts.isTypeAliasDeclaration(node) || !exported(node) || !ts.isUnionTypeNode(node.type)) return;
    for (const member of node.type.types) {
      if (!ts.isTypeReferenceNode(member)) continue;
      const args = member.typeArguments ?? [];
      if (member.typeName.getText(errorFile) === "DocumentedError" && args.length >= 2) {
        const literal = (t: ts.TypeNode) => (ts.isLiteralTypeNode(t) ? t.literal.getText(errorFile).replace(/^"|"$/g, "") : t.getText(errorFile));
        errors.push(`${node.name.text}: ${literal(args[0]!)} ${literal(args[1]!)}`);
      } else {
        errors.push(`${node.name.text}: ${member.getText(errorFile)}`);
      }
    }
  });

  // Exported names: follow index.ts (`export *` and named re-exports), one level deep.
  const declaredExports = (name: string): string[] => {
    const file = parse(name);
    const out: string[] = [];
    file?.forEachChild((node) => {
      if ((ts.isTypeAliasDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isEnumDeclaration(node)) && exported(node) && node.name) {
        out.push(node.name.text);
      } else if (ts.isVariableStatement(node) && exported(node)) {
        for (const d of node.declarationList.declarations) if (ts.isIdentifier(d.name)) out.push(d.name.text);
      } else if (ts.isExportDeclaration(node) && node.exportClause && ts.isNamedExports(node.exportClause)) {
        for (const e of node.exportClause.elements) out.push(e.name.text);
      }
    });
    return out;
  };
  const index = parse("index.ts");
  index?.forEachChild((node) => {
    if (!ts.isExportDeclaration(node) || !node.moduleSpecifier || !ts.isStringLiteral(node.moduleSpecifier)) return;
    const target = node.moduleSpecifier.text.replace(/^\.\//, "").replace(/\.js$/, ".ts");
    if (!node.exportClause) for (const name of declaredExports(target)) types.add(name);
    else if (ts.isNamedExports(node.exportClause)) for (const e of node.exportClause.elements) types.add(e.name.text);
  });
  // Schema types are part of the surface too: `components["schemas"]["Card"]`.
  const schema = parse("schema.ts");
  schema?.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node) || node.name.text !== "components") return;
    for (const group of node.members) {
      if (!ts.isPropertySignature(group) || !group.type || !ts.isTypeLiteralNode(group.type)) continue;
      const groupName = group.name.getText(schema);
      for (const member of group.type.members) if (member.name) types.add(`components["${groupName}"][${JSON.stringify(member.name.getText(schema).replace(/^"|"$/g, ""))}]`);
    }
  });

  const sorted = (list: Iterable<string>) => [...new Set(list)].sort(compareText);
  return { operations: sorted(operations), methods: sorted(methods), errors: sorted(errors), types: sorted(types) };
}

function delta(base: string[], head: string[]): SurfaceDelta {
  const was = new Set(base);
  const now = new Set(head);
  return { added: head.filter((x) => !was.has(x)), removed: base.filter((x) => !now.has(x)) };
}

function errorType(member: string): string {
  return member.slice(0, member.indexOf(":"));
}

export function compareSurfaces(api: string, base: Surface, head: Surface, problems: string[] = []): SurfaceDiff {
  return {
    api,
    operations: delta(base.operations, head.operations),
    methods: delta(base.methods, head.methods),
    // Members of an error type that exists on both sides; a whole type added or removed is in `types`.
    errors: delta(
      base.errors.filter((e) => head.errors.some((h) => errorType(h) === errorType(e))),
      head.errors.filter((e) => base.errors.some((b) => errorType(b) === errorType(e))),
    ),
    types: delta(base.types, head.types),
    problems,
  };
}

/** Generate both sides and compare; a side that cannot be generated is reported, not thrown. */
export async function diffSurfaces(api: ApiConfig, base: LoadedSpec | undefined, head: LoadedSpec, root: string, cwd: string): Promise<SurfaceDiff> {
  const problems: string[] = [];
  const run = createRunContext({ root, apis: [], templatesDir: TEMPLATES_DIR });
  const side = async (label: string, spec: LoadedSpec | undefined): Promise<Surface> => {
    if (!spec) return EMPTY_SURFACE;
    try {
      return await generateSurface(spec, api, root, run);
    } catch (err) {
      if (!isUserFailure(err)) throw err;
      problems.push(`${label} could not be generated: ${formatUserFailure(err, cwd).split("\n")[0]}`);
      return EMPTY_SURFACE;
    }
  };
  try {
    const b = await side("base", base);
    const h = await side("head", head);
    return compareSurfaces(api.name, b, h, problems);
  } finally {
    await closeRunContext(run);
  }
}

export function surfaceIsEmpty(diff: SurfaceDiff): boolean {
  return [diff.operations, diff.methods, diff.errors, diff.types].every((d) => d.added.length === 0 && d.removed.length === 0) && diff.problems.length === 0;
}
