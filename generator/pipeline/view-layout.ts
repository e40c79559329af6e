/**
 * Presentation flags for the client, errors and operations templates: for each construct whose line
 * could overflow, which of prettier's layouts the template prints. Only widths are worked out here
 * (the text measured is what the templates print); the templates keep all the emitted text.
 */
import { fits, isBareKey, printKey, printLiteral, unionLayout, type UnionLayout } from "./layout.ts";
import { jsonLiteral, stringLiteral } from "./templates.ts";
import type { HeaderSpecs } from "../../templates/runtime/headers.ts";
import type { StreamModel } from "./model-io.ts";

interface OperationShape {
  methodName: string;
  typeName: string;
  method: string;
  path: string;
  operationId: string;
  summary: string;
  specOperationId: string;
  scopes: string[];
  security: string[][];
  success: { status: string; bodyType: string; stream: string; hasHeaders: boolean }[];
  errors: { status: string; statusNumber: number; bodyType: string; bodyParts: string[]; bodyAlias: string; codes: string[]; openCode: boolean; codeMayBeAbsent: boolean; hasHeaders: boolean; headersType: string }[];
  requestMediaType: string;
  accept: { mediaType: string; type: string }[];
  responses: { status: string; kind: string; json: boolean; content: Record<string, string> | undefined; codes: string[]; headers?: HeaderSpecs; stream?: StreamModel }[];
  /** The operation's functions read a streamed success. */
  streams: boolean;
  /** The success's headers type, or "". */
  headersType: string;
  paging: unknown;
}

const flags = (layout: UnionLayout) => ({
  line: layout === "line",
  afterEquals: layout === "afterEquals",
  broken: layout === "broken",
});

/** One documented media type of a response, as the body type is written from it. */
export interface BodyMedia {
  /** The key as the spec writes it (openapi-typescript's types are keyed by it). */
  key: string;
  read: string;
  schemaName?: string;
}

/**
 * A response's body type: `undefined` for a body-less response, else the union over `media` of
 * what the client gives for each: `Blob` for bytes, `string` for text (whatever openapi-typescript
 * says), else openapi-typescript's type, `components["schemas"]["Name"]` or
 * `operations["id"]["responses"][...]["content"][...]`.
 */
export function bodyType(
  op: { specOperationId: string; path: string; method: string },
  status: string,
  media: readonly BodyMedia[],
): string {
  return bodyTypeParts(op, status, media).join(" | ");
}

/** The members of `bodyType`'s union. */
export function bodyTypeParts(
  op: { specOperationId: string; path: string; method: string },
  status: string,
  media: readonly BodyMedia[],
): string[] {
  if (media.length === 0) return ["undefined"];
  const root = op.specOperationId
    ? `operations[${stringLiteral(op.specOperationId)}]`
    : `paths[${stringLiteral(op.path)}][${stringLiteral(op.method)}]`;
  const parts = media.map(({ key, read, schemaName }) =>
    read === "blob"
      ? "Blob"
      : read === "text"
        ? "string"
        : schemaName
          ? `components["schemas"][${stringLiteral(schemaName)}]`
          : `${root}["responses"][${stringLiteral(status)}]["content"][${stringLiteral(key)}]`,
  );
  return [...new Set(parts)];
}

const responseType = (_op: OperationShape, r: { bodyType: string }): string => r.bodyType;

const list = (items: readonly string[], separator: string) => items.map(stringLiteral).join(separator);
const arrayLiteral = (items: readonly string[]) => `[${list(items, ", ")}]`;

/** client.ts: the `XData` alias; operations.ts: the entry of the Operations interface. */
export function clientLayout(op: OperationShape) {
  const members =
    op.success.length === 0
      ? ["unknown"]
      : op.success.map((r) => responseType(op, r));
  const entry = `  ${op.methodName}: { path: ${stringLiteral(op.path)}; method: ${stringLiteral(op.method)}; data: Client.${op.typeName}Data; error: Errors.${op.typeName}Error };`;
  const extras = op.accept.length > 0 || op.headersType !== "" || op.streams || op.paging !== undefined;
  return { data: flags(unionLayout(`export type ${op.typeName}Data =`, members)), entryOneLine: !extras && fits(entry) };
}

/**
 * errors.ts: the `XError` union. Every documented member has a comment line of its own, so with two
 * or more the union always breaks; a lone member stays on one line with the transport members when
 * they fit together.
 */
export function errorsLayout(op: OperationShape, cardNumberGuard: boolean) {
  const tail = [...(cardNumberGuard ? ["CardNumberNotAllowedError"] : []), "TransportError"];
  const members = op.errors.map((e) => {
    const status = e.statusNumber ? String(e.statusNumber) : "number";
    const code =
      e.codes.length > 0 ? list(e.codes, " | ") + (e.codeMayBeAbsent ? " | undefined" : "") : e.openCode ? "string" : "undefined";
    const body = e.bodyAlias || "undefined";
    return {
      text: `DocumentedError<${status}, ${code}, ${body}${e.headersType ? `, ${e.headersType}` : ""}>`,
      codesBroken: e.codes.length > 1 && !fits(6, code, ","),
    };
  });
  const layout =
    members.length === 0
      ? unionLayout(`export type ${op.typeName}Error =`, tail)
      : members.length === 1 && fits(2, [members[0]!.text, ...tail].join(" | "), ";")
        ? "afterEquals"
        : "broken";
  return {
    errorLayout: { ...flags(layout), documented: members.length > 0 },
    memberLayouts: members.map((m, i) => ({
      oneLine: fits("  | ", m.text),
      codesBroken: m.codesBroken,
      // The member's body alias, `export type <Alias> = <body>;`.
      aliasLayout: flags(unionLayout(`export type ${op.errors[i]!.bodyAlias} =`, op.errors[i]!.bodyParts)),
    })),
  };
}

/** operations.ts: the operation's entry of the operation table (written expanded, as the template does). */
export function operationsLayout(op: OperationShape) {
  // prettier moves a long string to the next line, unless the key is shorter than tabWidth + 3 ("path").
  const stringBreaks = (key: string, value: string) =>
    key.length >= 5 && !fits(4, key, ": ", stringLiteral(value), ",");
  const security = printLiteral(op.security, { indent: 4, column: 4 + "security: ".length, trail: 1 });
  return {
    bareMethodKey: isBareKey(op.methodName),
    breakAfterColon: {
      operationId: stringBreaks("operationId", op.operationId),
      methodName: stringBreaks("methodName", op.methodName),
      summary: op.summary !== "" && stringBreaks("summary", op.summary),
      requestMediaType: op.requestMediaType !== "" && stringBreaks("requestMediaType", op.requestMediaType),
    },
    scopesBroken: !fits(4, "scopes: ", arrayLiteral(op.scopes), ","),
    // The entry of the OperationScopes interface: `  name: readonly [...];`.
    scopeTypeBroken: !fits(2, printKey(op.methodName), ": readonly ", arrayLiteral(op.scopes), ";"),
    securityBroken: security.includes("\n"),
    responseLayouts: op.responses.map((r) => {
      const key = isBareKey(r.status) ? r.status : stringLiteral(r.status);
      const content = r.content ? `, content: ${printLiteral(r.content, { indent: 0, column: 0, trail: 0 })}` : "";
      const codes = r.codes.length > 0 ? `, codes: ${arrayLiteral(r.codes)}` : "";
      return {
        bareKey: isBareKey(r.status),
        oneLine: !content.includes("\n") && fits(6, key, `: { kind: ${stringLiteral(r.kind)}, json: ${jsonLiteral(r.json)}${content}${codes} },`),
        contentLiteral: r.content ? printLiteral(r.content, { indent: 8, column: 8 + "content: ".length, trail: 1 }) : "",
        contentFlat: r.content ? printLiteral(r.content, { indent: 0, column: 0, trail: 0 }) : "",
        codesBroken: !fits(8, "codes: ", arrayLiteral(r.codes), ","),
      };
    }),
  };
}

/** client.ts: the literals of the `definition` object, each after its key at indent 2. */
export function definitionLiterals(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [
      key,
      printLiteral(value, { indent: 2, column: 2 + key.length + 2, trail: 1 }),
    ]),
  );
}

/**
 * functions.ts: an operation's metadata constant (`const <name> = {...};`, a literal as prettier
 * prints it) and its function, laid out as prettier breaks an arrow function assigned under a type.
 */
export function functionLayout(
  op: OperationShape,
  names: { call: string; encode: string; read: string; metaSuffix: string },
  functionType: string,
) {
  const metaName = `${op.methodName}${names.metaSuffix}`;
  const responses = Object.fromEntries(
    op.responses.map((r) => [
      r.status,
      {
        kind: r.kind,
        json: r.json,
        ...(r.content ? { content: r.content } : {}),
        ...(r.codes.length > 0 ? { codes: r.codes } : {}),
        ...(r.headers ? { headers: r.headers } : {}),
        ...(r.stream ? { stream: r.stream } : {}),
      },
    ]),
  );
  const meta = {
    operationId: op.operationId,
    method: op.method.toUpperCase(),
    path: op.path,
    ...(op.requestMediaType !== "" ? { requestMediaType: op.requestMediaType } : {}),
    responses,
  };
  const constHead = `const ${metaName} = `;
  // A body can only go with a method that takes one: GET and HEAD never carry one.
  const takesBody = op.requestMediaType !== "" || !["get", "head"].includes(op.method.toLowerCase());
  const args = ["core", metaName, "init", ...(takesBody || op.streams ? [takesBody ? names.encode : "undefined"] : []), ...(op.streams ? [names.read] : [])];
  const call = `${names.call}(${args.join(", ")});`;
  const typeArg = stringLiteral(op.methodName);
  const head = `export const ${op.methodName}: ${functionType}<${typeArg}> = (`;
  const arrow = `${head}core, init) =>`;
  // prettier breaks, in turn: after the arrow, the parameters, the type argument (then after the
  // arrow, then the call's arguments).
  const layout = fits(arrow, " ", call)
    ? "line"
    : fits(arrow)
      ? "afterArrow"
      : fits(head) && fits(") => ", call)
        ? "params"
        : fits("> = (core, init) => ", call)
          ? "typeArgument"
          : "typeArgumentAfterArrow";
  const callText =
    layout !== "typeArgumentAfterArrow" || fits(2, call)
      ? call
      : `${names.call}(\n${args.map((arg) => `    ${arg},\n`).join("")}  );`;
  return {
    metaName,
    metaLiteral: printLiteral(meta, { indent: 0, column: constHead.length, trail: 1 }),
    takesBody,
    // Identifiers only (the model's method names, and names clear of them).
    callText,
    functionLayout: {
      line: layout === "line",
      afterArrow: layout === "afterArrow",
      params: layout === "params",
      typeArgument: layout === "typeArgument",
      typeArgumentAfterArrow: layout === "typeArgumentAfterArrow",
    },
  };
}

/** An import statement's specifiers: on one line when the statement fits, else one per line. */
export function importLayout(specifiers: readonly string[], from: string) {
  return { specifiers, oneLine: fits("import { ", specifiers.join(", "), " } from ", stringLiteral(from), ";") };
}

/**
 * functions.ts: a paged operation's `<op>Pages`/`<op>All`, as prettier prints
 * `export const <name>: <Type><"<method>"> = (core, init, options) => <walker>((page, context) => <call>, <paging>, init, options);`
 * The arrow breaks after `=>`; when the head is still too long, its parameters break, else its type argument.
 */
export function pagerText(name: string, type: string, methodName: string, walker: string, call: readonly string[], paging: string): string {
  const typed = `export const ${name}: ${type}<${stringLiteral(methodName)}>`;
  const head = `${typed} = (core, init, options) =>`;
  const callText = `${call[0]}(${call.slice(1).join(", ")})`;
  const body = `${walker}((page, context) => ${callText}, ${paging}, init, options);`;
  if (fits(head, " ", body)) return `${head} ${body}`;
  const heads = fits(head)
    ? head
    : fits(`${typed} = (`)
      ? `${typed} = (\n  core,\n  init,\n  options,\n) =>`
      : `export const ${name}: ${type}<\n  ${stringLiteral(methodName)}\n> = (core, init, options) =>`;
  if (fits(2, body)) return `${heads}\n  ${body}`;
  const arrow = `(page, context) => ${callText},`;
  const first = fits(4, arrow)
    ? `    ${arrow}`
    : fits(6, callText, ",")
      ? `    (page, context) =>\n      ${callText},`
      : `    (page, context) =>\n      ${call[0]}(\n${call.slice(1).map((arg) => `        ${arg},\n`).join("")}      ),`;
  return `${heads}\n  ${walker}(\n${first}\n    ${paging},\n    init,\n    options,\n  );`;
}

/**
 * client.ts: `export type <name> = <type>;` as prettier prints it: on one line when it fits, else a
 * lone generic `G<inner>` broken inside its angle brackets.
 */
export function aliasText(name: string, type: string): string {
  const line = `export type ${name} = ${type};`;
  const generic = /^(\w+)<(.*)>$/s.exec(type);
  if (fits(line) || !generic || type.includes(" & ")) return line;
  return `export type ${name} = ${generic[1]}<\n  ${generic[2]}\n>;`;
}
