/**
 * Stage 1, load: read a spec and every file it `$ref`s, parse with the `yaml` package and keep line
 * positions so that any later stage can point at `file:line:col` for a JSON pointer.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import jsYaml from "js-yaml";
import YAML, { isMap, isPair, isScalar, isSeq, LineCounter, type Node as YamlNode } from "yaml";
import { UserError, type SourcePosition } from "./errors.ts";
import { parsePointer, toPointer } from "./pointer.ts";

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
  /** sha256 over the root file and every file it references, in path order. */
  hash: string;
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
  let data: unknown;
  try {
    data = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, json: false, filename: path });
  } catch {
    return parsePositioned(path, text);
  }
  if (hasSharedNodes(data)) return parsePositioned(path, text);
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
  const lineCounter = new LineCounter();
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
  let found: YamlNode | undefined;
  YAML.visit(document, {
    Alias(_, alias) {
      found = alias as unknown as YamlNode;
      return YAML.visit.BREAK;
    },
  });
  return found;
}

export function readSourceFile(path: string, referencedFrom?: SourcePosition & { pointer: string }): SourceFile {
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

/** Load a spec and, transitively, every local file it references. Remote (http) refs are not followed. */
export function loadSpec(specPath: string, readFile: (path: string, from?: SourcePosition & { pointer: string }) => SourceFile = readSourceFile): LoadedSpec {
  const rootPath = resolve(specPath);
  const files = new Map<string, SourceFile>();
  const queue: { path: string; from?: SourcePosition & { pointer: string } }[] = [{ path: rootPath }];
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (files.has(next.path)) continue;
    const file = readFile(next.path, next.from);
    files.set(next.path, file);
    forEachRef(file.data, (ref, segments) => {
      if (isRemoteRef(ref)) return;
      const target = splitRef(ref, file.path);
      if (target.file !== file.path && !files.has(target.file)) {
        const pointer = toPointer([...segments, "$ref"]);
        queue.push({ path: target.file, from: { ...locate(file, pointer), pointer } });
      }
    });
  }
  const hash = createHash("sha256");
  for (const path of [...files.keys()].sort()) {
    // Paths relative to the root spec: the hash must not depend on where the project is checked out.
    hash.update(path === rootPath ? "" : relative(dirname(rootPath), path).split(sep).join("/")).update("\0").update(files.get(path)!.text).update("\0");
  }
  return { rootPath, root: files.get(rootPath)!, files, hash: hash.digest("hex") };
}

/** Calls `visit` for every `$ref` string value, with the segments of the object holding it. Never recurses into cycles (data is a tree). */
export function forEachRef(data: unknown, visit: (ref: string, segments: (string | number)[]) => void): void {
  const stack: { node: unknown; segments: (string | number)[] }[] = [{ node: data, segments: [] }];
  while (stack.length > 0) {
    const { node, segments } = stack.pop()!;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push({ node: node[i], segments: [...segments, i] });
    } else if (node !== null && typeof node === "object") {
      const record = node as Record<string, unknown>;
      if (typeof record.$ref === "string") visit(record.$ref, segments);
      const keys = Object.keys(record);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        if (key !== "$ref") stack.push({ node: record[key], segments: [...segments, key] });
      }
    }
  }
}

/**
 * Position of the node at `pointer` in `file`: the key of the deepest mapping entry that exists, so
 * that a message about a missing child points at its parent.
 */
export function locate(file: SourceFile, pointer: string): SourcePosition {
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
