/**
 * Stage 1, load: read a spec and every file it `$ref`s, parse with the `yaml` package and keep line
 * positions so that any later stage can point at `file:line:col` for a JSON pointer.
 */
import { readFileSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import jsYaml from "js-yaml";
import type YAML from "yaml";
import type { LineCounter, Node as YamlNode } from "yaml";
import { convertSwagger2 } from "./swagger2.ts";
import { UserError, type SourcePosition } from "../errors.ts";
import { getAtPointer, parsePointer, toPointer } from "./pointer.ts";
import { isRecord } from "./walk.ts";

export interface SourceFile {
  path: string;
  text: string;
  data: unknown;
  /** The `yaml` package's document, with source ranges. Built on first use (see parseSourceFile). */
  readonly document: YAML.Document.Parsed;
  readonly lineCounter: LineCounter;
}

export interface LoadedSpec {
  /** Absolute path of the root spec. */
  rootPath: string;
  root: SourceFile;
  /** Every file read, keyed by absolute path, root included. */
  files: Map<string, SourceFile>;
  /** The folder local file `$ref`s were confined to (real path). */
  refRoot: string;
  /** Things the user should know that are not errors, e.g. that a Swagger 2.0 spec was converted. */
  notices: string[];
  /**
   * What later stages read generously and say so, positioned: a null schema read as any value
   * (validate), a schema the response validators or drift cannot check (validators, drift).
   */
  warnings?: UserError[];
}

export interface RefTarget {
  file: string;
  pointer: string;
}

/** Split a `$ref` into the file it names (absolute) and the pointer inside it. */
export function splitRef(ref: string, fromFile: string): RefTarget {
  const hashAt = ref.indexOf("#");
  const filePart = hashAt === -1 ? ref : ref.slice(0, hashAt);
  const pointer = hashAt === -1 ? "" : ref.slice(hashAt + 1);
  const file = filePart === "" ? fromFile : resolve(dirname(fromFile), decodeURI(filePart));
  return { file, pointer };
}

export function isRemoteRef(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(ref);
}

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

export function readSourceFile(path: string, referencedFrom?: RefSite): SourceFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError({
      kind: "spec",
      message:
        code === "ENOENT"
          ? `${referencedFrom ? "referenced file" : "spec file"} not found: ${path}`
          : `cannot read ${path}: ${code ?? String(err)}`,
      position: referencedFrom,
      pointer: referencedFrom?.pointer,
      hint: referencedFrom ? "check the file part of the $ref, relative to the referencing file" : "check the spec path in the config or on the command line",
    });
  }
  return parseSourceFile(path, text);
}

/** Where a `$ref` was written: the position of its `$ref` key and the pointer to it. */
export type RefSite = SourcePosition & { pointer: string };

export type ReadFile = (path: string, from?: RefSite) => SourceFile;

export interface LoadOptions {
  /** Local file `$ref`s must resolve inside this folder (symlinks resolved). Default: the spec's own folder. */
  refRoot?: string;
  /** How a file is read (diff/git.ts reads them from a commit). Default: from disk. */
  readFile?: ReadFile;
}

/**
 * Load a spec and, transitively, every local file it references, inside the ref root only. Remote
 * refs are never fetched, and a `$ref` inside example data or an `x-` extension is data, never read.
 * A Swagger 2.0 root is converted to OpenAPI 3.0 first (see convert.ts), with a notice.
 */
export function loadSpec(specPath: string, options: LoadOptions | ReadFile = {}): LoadedSpec {
  const { refRoot, readFile = readSourceFile } = typeof options === "function" ? { readFile: options, refRoot: undefined } : options;
  const rootPath = resolve(specPath);
  const root = realFolder(resolve(refRoot ?? dirname(rootPath)));
  const files = new Map<string, SourceFile>();
  const mapRefsFound = new Map<string, MapRef[]>();
  const notices: string[] = [];
  const queue: { path: string; from?: RefSite }[] = [{ path: rootPath }];
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (files.has(next.path)) continue;
    let file = readFile(next.path, next.from);
    if (next.path === rootPath && isSwagger2(file.data)) {
      file = convertSwagger2(file);
      notices.push(`${rootPath}: Swagger 2.0 converted to OpenAPI 3.0 by swagger2openapi; positions in later errors refer to the converted document`);
    }
    files.set(next.path, file);
    // One walk per file finds both the files it references and its whole-map refs (for inlineMapRefs).
    const found = mapRefs(file.data, "object", (ref, segments) => {
      if (isRemoteRef(ref)) return; // never fetched; refused when resolved (refs.ts)
      const target = splitRef(ref, file.path);
      if (target.file === file.path || files.has(target.file)) return;
      const pointer = toPointer([...segments(), "$ref"]);
      const from = { ...locate(file, pointer), pointer };
      assertInsideRefRoot(ref, target.file, root, from);
      queue.push({ path: target.file, from });
    });
    mapRefsFound.set(next.path, found);
  }
  inlineMapRefs(files, mapRefsFound);
  return { rootPath, root: files.get(rootPath)!, files, refRoot: root, notices };
}

function isSwagger2(data: unknown): boolean {
  return isRecord(data) && data.openapi === undefined && (data.swagger === "2.0" || data.swagger === 2);
}

/** The folder with every symlink resolved; a folder that does not exist is taken as written. */
function realFolder(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * The real path of `path`, following symlinks as far as the path exists: a missing file below a
 * symlinked folder is still placed where the link points.
 */
export function realPathAsFarAsExists(path: string): string {
  const missing: string[] = [];
  let existing = path;
  for (;;) {
    try {
      return join(realpathSync(existing), ...missing.reverse());
    } catch {
      const parent = dirname(existing);
      if (parent === existing) return path;
      missing.push(basename(existing));
      existing = parent;
    }
  }
}

export function isInsideFolder(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === "" || (rel !== ".." && !rel.startsWith(".." + sep) && !isAbsolute(rel));
}

/** Refuse a local file `$ref` that leaves the ref root once symlinks are resolved. */
function assertInsideRefRoot(ref: string, target: string, root: string, from: RefSite): void {
  const real = realPathAsFarAsExists(target);
  if (isInsideFolder(real, root)) return;
  throw new UserError({
    kind: "spec",
    message: `$ref ${JSON.stringify(ref)} leaves the ref root: it resolves to ${real}, outside ${root}`,
    position: { file: from.file, line: from.line, col: from.col },
    pointer: from.pointer,
    hint: "local $refs must stay inside the `refRoot` folder (default: the config file's folder, or the spec's for --spec); set `refRoot` in the config to a folder that holds both files, or copy the file inside",
  });
}

/** How a mapping holds its keys: where a `$ref` is a reference, and which keys are data. */
type RefContext =
  /** An OpenAPI or Schema object: keys are keywords; `example`, `default`, `const`, `enum`, `value`, `x-` are data. */
  | "object"
  /** A map of names to objects (`paths`, `responses`, `content`, `examples`...): `x-` keys are extensions (data). */
  | "names"
  /** A map of schema names (`properties`, `$defs`...): every key is a name, `x-` too. */
  | "schemaNames"
  /** `components`: kinds of named objects. */
  | "components";

/** Keywords whose value is data wherever they are a keyword (`value` is an Example Object's only; no other object has it). */
const DATA_KEYWORDS = new Set(["example", "default", "const", "enum", "value"]);
const SCHEMA_NAME_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);
const NAME_MAPS = new Set(["paths", "webhooks", "responses", "callbacks", "content", "encoding", "headers", "links", "variables", "securitySchemes"]);

/** The context of the value under `key` in a mapping of context `context`; undefined when the value is data. */
function childContext(context: RefContext, key: string, value: unknown): RefContext | undefined {
  switch (context) {
    case "schemaNames":
      return "object";
    case "names":
      return key.startsWith("x-") ? undefined : "object";
    case "components":
      if (key.startsWith("x-")) return undefined;
      return key === "schemas" ? "schemaNames" : "names";
    case "object":
      if (key.startsWith("x-") || DATA_KEYWORDS.has(key)) return undefined;
      if (key === "examples") return isRecord(value) ? "names" : undefined; // a schema's `examples` list is data
      if (key === "components") return "components";
      if (SCHEMA_NAME_MAPS.has(key)) return "schemaNames";
      return NAME_MAPS.has(key) ? "names" : "object";
  }
}

/** What a `$ref` stands for: one object, or a whole map of names (`properties: { $ref }`). */
export type RefHolder = "object" | "map";

interface WalkEntry {
  node: unknown;
  context: RefContext;
  key: string | number;
  parent: WalkEntry | undefined;
}

function segmentsOf(entry: WalkEntry): (string | number)[] {
  const segments: (string | number)[] = [];
  for (let e: WalkEntry | undefined = entry; e?.parent; e = e.parent) segments.push(e.key);
  return segments.reverse();
}

/**
 * Calls `visit` for every `$ref` that is a reference, with the segments of the object holding it.
 * A `$ref` inside example data (`example`, `examples[*].value`, `default`, `const`, `enum`) or an
 * `x-` extension is data and is skipped: never read, never refused. A file's top level is taken as
 * an OpenAPI or Schema object. Iterative (a deep spec cannot overflow the stack); data is a tree.
 */
export function forEachRef(data: unknown, visit: (ref: string, segments: (string | number)[], holder: RefHolder) => void): void {
  walkRefs(data, "object", (ref, _holder, context, segments) => visit(ref, segments(), isNameMap(context) ? "map" : "object"));
}

function isNameMap(context: RefContext): boolean {
  return context !== "object";
}

type RefVisitor = (ref: string, holder: Record<string, unknown>, context: RefContext, segments: () => (string | number)[]) => void;

/**
 * forEachRef from a given context, telling the visitor the mapping holding each `$ref` and its
 * context; the holder's segments are built only when asked for (most visitors never need them).
 */
function walkRefs(data: unknown, start: RefContext, visit: RefVisitor): void {
  const stack: WalkEntry[] = [{ node: data, context: start, key: "", parent: undefined }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const { node, context } = entry;
    // Only objects go on the stack: a string or number can hold no `$ref`.
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) if (isObject(node[i])) stack.push({ node: node[i], context, key: i, parent: entry });
    } else if (isRecord(node)) {
      if (typeof node.$ref === "string") visit(node.$ref, node, context, () => segmentsOf(entry));
      const keys = Object.keys(node);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        const value = node[key];
        if (!isObject(value)) continue;
        // In a map of schema names, a `$ref` holding a mapping is a property named "$ref".
        if (key === "$ref" && !(context === "schemaNames" && isRecord(value))) continue;
        const next = childContext(context, key, value);
        if (next !== undefined) stack.push({ node: value, context: next, key, parent: entry });
      }
    }
  }
}

function isObject(value: unknown): value is object {
  return value !== null && typeof value === "object";
}

/** A `$ref` standing for a whole map of names: the only key of a mapping below the top. */
interface MapRef {
  ref: string;
  segments: (string | number)[];
  context: RefContext;
}

/** The whole-map refs in `data`, walked from `start`; `visit`, if given, sees every `$ref` on the way. */
function mapRefs(data: unknown, start: RefContext, visit?: (ref: string, segments: () => (string | number)[]) => void): MapRef[] {
  const found: MapRef[] = [];
  walkRefs(data, start, (ref, holder, context, segments) => {
    visit?.(ref, segments);
    if (!isNameMap(context) || Object.keys(holder).length !== 1) return;
    const at = segments();
    if (at.length > 0) found.push({ ref, segments: at, context });
  });
  return found;
}

/** Refs in a chain of whole-map refs, at most: a longer chain is left for validate to report. */
const MAX_MAP_REF_CHAIN = 32;

/**
 * A `$ref` standing for a whole map of names (`properties: { $ref: "props.yaml" }`, as DigitalOcean
 * writes) is replaced in the data by a copy of the map it names, with the copy's `$ref`s rewritten
 * relative to the file it now sits in, so that every later stage sees a plain map. A map that would
 * contain itself, or a ref that does not resolve, is left as written (validate reports it).
 */
function inlineMapRefs(files: Map<string, SourceFile>, found: ReadonlyMap<string, MapRef[]>): void {
  const work = [...files].map(([path, file]) => ({ file, data: file.data, found: found.get(path) ?? [], inlined: new Set<string>() as ReadonlySet<string> }));
  if (work.every((w) => w.found.length === 0)) return;
  // Targets are looked up in the data as written: the result must not depend on which file is inlined first.
  const asWritten = new Map([...files].map(([path, file]) => [path, { data: structuredClone(file.data) }]));
  while (work.length > 0) {
    const { file, data, found, inlined } = work.pop()!;
    for (const { ref, segments, context } of found) {
      const target = followMapRef(asWritten, ref, file.path);
      if (!target || inlined.has(target.key)) continue;
      const copy = rebaseRefs(structuredClone(target.value), context, target.file, file.path);
      const parent = getAtPointer(data, segments.slice(0, -1).map(String)).value as Record<string, unknown>;
      parent[segments[segments.length - 1]!] = copy;
      work.push({ file, data: copy, found: mapRefs(copy, context), inlined: new Set([...inlined, target.key]) });
    }
  }
}

/** Follow a whole-map `$ref` (and refs it lands on) to a mapping, or undefined. */
function followMapRef(files: ReadonlyMap<string, { data: unknown }>, ref: string, fromFile: string): { value: Record<string, unknown>; file: string; key: string } | undefined {
  let current = { ref, file: fromFile };
  for (let hop = 0; hop < MAX_MAP_REF_CHAIN; hop++) {
    if (isRemoteRef(current.ref)) return undefined;
    const target = splitRef(current.ref, current.file);
    const file = files.get(target.file);
    if (!file) return undefined;
    let segments: string[];
    try {
      segments = parsePointer(target.pointer);
    } catch {
      return undefined;
    }
    const found = getAtPointer(file.data, segments);
    if (!found.found || !isRecord(found.value)) return undefined;
    const next = found.value.$ref;
    if (typeof next !== "string" || Object.keys(found.value).length !== 1) return { value: found.value, file: target.file, key: `${target.file}#${target.pointer}` };
    current = { ref: next, file: target.file };
  }
  return undefined;
}

/** Rewrite the `$ref`s of `data`, written relative to `fromFile`, to resolve the same from `toFile`. */
function rebaseRefs<T>(data: T, context: RefContext, fromFile: string, toFile: string): T {
  if (fromFile === toFile) return data;
  walkRefs(data, context, (ref, holder) => {
    if (isRemoteRef(ref)) return;
    const target = splitRef(ref, fromFile);
    const hashAt = ref.indexOf("#");
    const fragment = hashAt === -1 ? "" : ref.slice(hashAt);
    holder.$ref = target.file === toFile ? fragment || "#" : encodeURI(relative(dirname(toFile), target.file).split(sep).join("/")) + fragment;
  });
  return data;
}

/**
 * Position of the node at `pointer` in `file`: the key of the deepest mapping entry that exists, so
 * that a message about a missing child points at its parent.
 */
export function locate(file: SourceFile, pointer: string): SourcePosition {
  const { isMap, isPair, isScalar, isSeq } = yamlPackage();
  let node: unknown = file.document.contents;
  let offset = (node as YamlNode | null)?.range?.[0] ?? 0;
  for (const segment of parsePointer(pointer)) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === segment);
      if (!pair) break;
      offset = (pair.key as YamlNode).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined) break;
      offset = (item as YamlNode).range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  const { line, col } = file.lineCounter.linePos(offset);
  return { file: file.path, line, col };
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}
