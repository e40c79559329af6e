/**
 * `$ref`s in raw parsed data, before a spec is assembled: where a `$ref` is a reference and where it
 * is data, the ref-root confinement of local file refs, and the inlining of `$ref`s that stand for a
 * whole map of names. Resolving refs over a loaded spec is refs.ts's.
 */
import { realpathSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { UserError } from "../errors.ts";
import type { RefSite, SourceFile } from "./load.ts";
import { getAtPointer, parsePointer } from "./pointer.ts";
import { isRecord } from "./walk.ts";

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

/** The folder with every symlink resolved; a folder that does not exist is taken as written. */
export function realFolder(path: string): string {
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
export function assertInsideRefRoot(ref: string, target: string, root: string, from: RefSite): void {
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
export interface MapRef {
  ref: string;
  segments: (string | number)[];
  context: RefContext;
}

/** The whole-map refs in `data`, walked from `start`; `visit`, if given, sees every `$ref` on the way. */
export function mapRefs(data: unknown, start: RefContext, visit?: (ref: string, segments: () => (string | number)[]) => void): MapRef[] {
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
export function inlineMapRefs(files: Map<string, SourceFile>, found: ReadonlyMap<string, MapRef[]>): void {
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
