/**
 * Stage 1, load: read a spec and every local file it `$ref`s (confined to the ref root), convert a
 * Swagger 2.0 root, and place any JSON pointer at `file:line:col`. Parsing is parse.ts's; finding
 * `$ref`s in raw data and inlining whole-map refs is ref-walk.ts's.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type YAML from "yaml";
import type { LineCounter, Node as YamlNode } from "yaml";
import { convertSwagger2 } from "./swagger2.ts";
import { UserError, type SourcePosition } from "../errors.ts";
import { parseSourceFile, yamlPackage } from "./parse.ts";
import { parsePointer, toPointer } from "./pointer.ts";
import { assertInsideRefRoot, inlineMapRefs, isRemoteRef, mapRefs, realFolder, splitRef, type MapRef } from "./ref-walk.ts";
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
 * A Swagger 2.0 root is converted to OpenAPI 3.0 first (see swagger2.ts), with a notice.
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
