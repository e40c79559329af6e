/**
 * Parse one spec file: JSON.parse for JSON without duplicate keys, js-yaml for plain YAML, and the
 * `yaml` package (with source positions) for anything unusual or an error to report; nesting depth
 * and alias expansion are limited here. Positions are built lazily for files that parse cleanly.
 */
import { createRequire } from "node:module";
import jsYaml from "js-yaml";
import type YAML from "yaml";
import type { Node as YamlNode } from "yaml";
import { UserError } from "../errors.ts";
import type { SourceFile } from "./load.ts";
import { toPointer } from "./pointer.ts";

let yamlModule: typeof YAML | undefined;

/**
 * The `yaml` package, loaded on first use: only positions (an error to report) and Swagger 2.0
 * conversion need it, and most loads are spared its start-up cost.
 */
export function yamlPackage(): typeof YAML {
  return (yamlModule ??= createRequire(import.meta.url)("yaml") as typeof YAML);
}

/** Alias expansions allowed per document (the yaml package's own default): a bigger fan-out is an alias bomb. */
const MAX_ALIAS_COUNT = 100;

/**
 * Parse a spec file. Positions are needed only to report a problem, and building the `yaml`
 * package's positioned document costs about 3x a plain parse (over a second for a 4 MB spec), so a
 * file that parses cleanly with js-yaml (YAML 1.2 core schema, duplicate keys refused) gets its
 * positioned document lazily, on the first `locate`. Anything unusual (a parse error, anchors and
 * aliases, which js-yaml shares by reference) takes the positioned path at once, which owns every
 * error message.
 */
export function parseSourceFile(path: string, text: string): SourceFile {
  let data = parseJson(text);
  if (data !== undefined && depthOf(data) > MAX_DEPTH) data = undefined; // js-yaml below says where
  if (data === undefined) {
    try {
      // js-yaml's maxDepth is newer than its types.
      data = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, json: false, filename: path, maxDepth: MAX_DEPTH } as jsYaml.LoadOptions);
    } catch (err) {
      if (err instanceof jsYaml.YAMLException && err.reason.startsWith("nesting exceeded maxDepth")) throw tooDeep(path, err.mark);
      return parsePositioned(path, text);
    }
    if (MAY_HOLD_ANCHOR.test(text) && hasSharedNodes(data)) return parsePositioned(path, text);
  }
  let positioned: SourceFile | undefined;
  const withPositions = () => (positioned ??= parsePositioned(path, text));
  return {
    path,
    text,
    data,
    get document() {
      return withPositions().document;
    },
    get lineCounter() {
      return withPositions().lineCounter;
    },
  };
}

/**
 * A JSON document parsed by JSON.parse (several times faster than a YAML parser on a large spec),
 * when it is one with no key repeated in a mapping: JSON.parse keeps the last of duplicate keys
 * silently, so the keys written in the text are counted against the keys parsed. Undefined for
 * anything else (YAML, invalid JSON, a duplicate key), which the YAML paths parse or report.
 */
function parseJson(text: string): unknown {
  const first = text.trimStart()[0];
  if (first !== "{" && first !== "[") return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  return keysWritten(text) === keysParsed(data) ? data : undefined;
}

/**
 * How deep mappings and lists may nest in one file: openapi-typescript's limit (js-yaml's default),
 * far beyond any real spec, and well within what every later stage can walk.
 */
export const MAX_DEPTH = 100;

/** The deepest nesting of mappings and lists in `data`, counted without recursion. */
function depthOf(data: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[data, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth > deepest) deepest = depth;
    for (const value of Object.values(node)) if (value !== null && typeof value === "object") stack.push([value, depth + 1]);
  }
  return deepest;
}

function tooDeep(path: string, mark: { line: number; column: number }): UserError {
  return new UserError({
    kind: "spec",
    message: `mappings and lists nest more than ${MAX_DEPTH} levels deep here; generation stops at ${MAX_DEPTH}`,
    position: { file: path, line: mark.line + 1, col: mark.column + 1 },
    hint: "move the nested schemas under components/schemas and $ref them",
  });
}

/** The number of object keys in a valid JSON text: strings followed by a colon. */
function keysWritten(text: string): number {
  let keys = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== 0x22 /* " */) continue;
    for (i++; text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
    let next = i + 1;
    while (next < text.length && text.charCodeAt(next) <= 0x20) next++;
    if (text.charCodeAt(next) === 0x3a /* : */) keys++;
  }
  return keys;
}

function keysParsed(data: unknown): number {
  let keys = 0;
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object") continue;
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
    } else {
      for (const key in node) {
        keys++;
        stack.push((node as Record<string, unknown>)[key]);
      }
    }
  }
  return keys;
}

/**
 * Text that may hold a YAML anchor as js-yaml reads one: `&` then a name character (anything but
 * a space, tab, line break or flow indicator), where a node may start (after whitespace, a flow
 * indicator, a JSON-like key's `:` or a verbatim tag's `>`). An alias needs an anchor, so text
 * without one has no shared nodes, and the walk looking for them is skipped. A `&` in prose
 * ("Sources & Customers", `?a=1&b=2`) does not match.
 */
const MAY_HOLD_ANCHOR = /(?:^|[\s[{,:>])&[^\t\n\r [\]{},]/;

/** True when an object or array is reachable twice: js-yaml expands YAML aliases by reference. */
function hasSharedNodes(data: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object") continue;
    if (seen.has(node)) return true;
    seen.add(node);
    if (Array.isArray(node)) for (const item of node) stack.push(item);
    else for (const key in node) stack.push((node as Record<string, unknown>)[key]);
  }
  return false;
}

/** The `yaml` package's parse, with positions: every YAML error message comes from here. */
function parsePositioned(path: string, text: string): SourceFile {
  const YAML = yamlPackage();
  const lineCounter = new YAML.LineCounter();
  const document = YAML.parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const [first] = document.errors;
  if (first) {
    const [offset] = first.pos;
    const { line, col } = lineCounter.linePos(offset);
    const duplicate = first.code === "DUPLICATE_KEY";
    const pointer = pointerAt(document, offset);
    throw new UserError({
      kind: "spec",
      message: duplicate ? `duplicate key ${JSON.stringify(keyAt(text, offset))}` : `${/\.json$/i.test(path) ? "JSON" : "YAML"} syntax error: ${firstLine(first.message)}`,
      position: { file: path, line, col },
      ...(pointer !== undefined ? { pointer } : {}),
      hint: duplicate ? "each key may appear once per mapping; remove or rename one of them" : "fix the YAML syntax at this position",
    });
  }
  // A recursive alias (`a: &x { b: *x }`) would make the data a cycle that no later stage can walk.
  let recursive: YamlNode | undefined;
  YAML.visit(document, {
    Alias(_, alias, path) {
      const source = alias.resolve(document);
      if (source && (path as readonly unknown[]).includes(source)) {
        recursive = alias as unknown as YamlNode;
        return YAML.visit.BREAK;
      }
    },
  });
  if (recursive) {
    const offset = recursive.range?.[0] ?? 0;
    throw new UserError({
      kind: "spec",
      message: `recursive YAML alias ${String(recursive)} refers to a node that contains it`,
      position: { file: path, ...lineCounter.linePos(offset) },
      pointer: pointerAt(document, offset) ?? "",
      hint: "use a $ref for recursive structures; YAML anchors must not contain their own aliases",
    });
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // The yaml package throws a ReferenceError when aliases expand beyond maxAliasCount.
    const alias = firstAlias(document);
    const offset = alias?.range?.[0] ?? 0;
    throw new UserError({
      kind: "spec",
      message: `YAML aliases expand too much: ${firstLine((err as Error).message)}`,
      position: { file: path, ...lineCounter.linePos(offset) },
      pointer: pointerAt(document, offset) ?? "",
      hint: "write the repeated part once under components and $ref it",
    });
  }
  return { path, text, data, document, lineCounter };
}

/** JSON pointer of the deepest node whose source range contains `offset` (undefined outside any entry). */
export function pointerAt(document: YAML.Document.Parsed, offset: number): string | undefined {
  const { isMap, isScalar, isSeq } = yamlPackage();
  const segments: (string | number)[] = [];
  let node: unknown = document.contents;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((item) => {
        const start = (item.key as YamlNode | null)?.range?.[0];
        const end = (item.value as YamlNode | null)?.range?.[2] ?? (item.key as YamlNode | null)?.range?.[2];
        return start !== undefined && end !== undefined && start <= offset && offset < Math.max(end, start + 1);
      });
      if (!pair || !isScalar(pair.key)) break;
      segments.push(String(pair.key.value));
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => {
        const range = (item as YamlNode | null)?.range;
        return range != null && range[0] <= offset && offset < Math.max(range[2], range[0] + 1);
      });
      if (index === -1) break;
      segments.push(index);
      node = node.items[index];
    } else {
      break;
    }
  }
  return segments.length > 0 ? toPointer(segments) : undefined;
}

function keyAt(text: string, offset: number): string {
  const match = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:\n]*)/.exec(text.slice(offset));
  const raw = (match?.[1] ?? "").trim();
  return raw.startsWith('"') || raw.startsWith("'") ? raw.slice(1, -1) : raw;
}

function firstAlias(document: YAML.Document.Parsed): YamlNode | undefined {
  const YAML = yamlPackage();
  let found: YamlNode | undefined;
  YAML.visit(document, {
    Alias(_, alias) {
      found = alias as unknown as YamlNode;
      return YAML.visit.BREAK;
    },
  });
  return found;
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}
