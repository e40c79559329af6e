/** `$ref` resolution over a loaded spec: follow chains across files, detect pure cycles, never recurse into schemas. */
import { createRequire } from "node:module";
import { UserError } from "../errors.ts";
import { locate, type LoadedSpec, type SourceFile } from "./load.ts";
import { escapeSegment, getAtPointer, parsePointer } from "./pointer.ts";
import { isRemoteRef, splitRef } from "./ref-walk.ts";

export interface Located<T = unknown> {
  value: T;
  /** File holding `value` (refs inside it are relative to this file). */
  file: string;
  pointer: string;
}

export function isRef(value: unknown): value is { $ref: string } {
  return value !== null && typeof value === "object" && typeof (value as { $ref?: unknown }).$ref === "string";
}

/** Look up one `$ref` without following further refs. Throws a positioned UserError when the target is missing. */
export function resolveRefOnce(spec: LoadedSpec, ref: string, from: { file: string; pointer: string }): Located {
  const at = () => locate(spec.files.get(from.file)!, from.pointer);
  if (isRemoteRef(ref)) {
    throw new UserError({
      kind: "spec",
      message: `remote $ref is not supported: ${ref}`,
      position: at(),
      pointer: from.pointer,
      hint: "download the referenced document and $ref it by relative path",
    });
  }
  const target = splitRef(ref, from.file);
  const file = spec.files.get(target.file);
  if (!file) {
    throw new UserError({ kind: "spec", message: `$ref to a file that was not loaded: ${ref}`, position: at(), pointer: from.pointer });
  }
  if (target.file === from.file && target.pointer === "") {
    throw new UserError({
      kind: "spec",
      message: `$ref to the whole document: ${JSON.stringify(ref)}`,
      position: at(),
      pointer: from.pointer,
      hint: 'a $ref names one object inside the document, for example "#/components/schemas/Pet"',
    });
  }
  let segments: string[];
  try {
    segments = parsePointer(target.pointer);
  } catch {
    throw new UserError({
      kind: "spec",
      message: `$ref has an invalid JSON pointer: ${ref}`,
      position: at(),
      pointer: from.pointer,
      hint: 'a $ref fragment starts with "/", for example "#/components/schemas/Pet"',
    });
  }
  const found = getAtPointer(file.data, segments);
  if (!found.found) {
    throw new UserError({
      kind: "spec",
      message: `$ref target not found: ${ref}`,
      position: at(),
      pointer: from.pointer,
      hint: target.file === from.file ? "no such key in this file; check the spelling of the path after #" : `no such key in ${target.file}`,
    });
  }
  return { value: found.value, file: target.file, pointer: target.pointer };
}

/**
 * Follow a chain of `$ref`s to a value that is not itself a `$ref`. A chain that comes back on itself
 * is an error, reported the same way whichever member of the cycle the chain started from (at the
 * member that sorts first), so that a cycle found from each of its members is one message.
 */
export function deref<T = unknown>(spec: LoadedSpec, node: Located): Located<T> {
  let current = node;
  const chain: Located<{ $ref: string }>[] = [];
  const seen = new Map<string, number>();
  while (isRef(current.value)) {
    const key = `${current.file}#${current.pointer}`;
    const repeat = seen.get(key);
    if (repeat !== undefined) {
      const cycle = chain.slice(repeat);
      const keyOf = (l: Located) => `${l.file}#${l.pointer}`;
      const startAt = cycle.reduce((best, l, i) => (keyOf(l) < keyOf(cycle[best]!) ? i : best), 0);
      const ordered = [...cycle.slice(startAt), ...cycle.slice(0, startAt)];
      const first = ordered[0]!;
      throw new UserError({
        kind: "spec",
        message: `circular $ref: ${[...ordered, first].map((l) => `${l.file === first.file ? "" : l.file}#${l.pointer}`).join(" -> ")} never reaches a schema or object`,
        position: locate(spec.files.get(first.file)!, first.pointer + "/$ref"),
        pointer: first.pointer + "/$ref",
        hint: "a $ref chain must end at a real object; a recursive schema needs one (for example `type: object` with a property that refers back)",
      });
    }
    seen.set(key, chain.length);
    chain.push(current as Located<{ $ref: string }>);
    current = resolveRefOnce(spec, current.value.$ref, { file: current.file, pointer: current.pointer + "/$ref" });
  }
  return current as Located<T>;
}

export function child(node: Located, key: string | number): Located {
  const value = node.value !== null && typeof node.value === "object" ? (node.value as Record<string, unknown>)[key] : undefined;
  return { value, file: node.file, pointer: `${node.pointer}/${escapeSegment(key)}` };
}

/**
 * The spec as one document, for the emit stage: external `$ref`s bundled in by redocly (as
 * openapi-typescript does), but every file served from the loaded spec, never read from disk, so a
 * `$ref` or `externalValue` that load left alone as data (an example, an `x-` extension, a file
 * outside the ref root) stays exactly as written instead of being fetched. A single-file spec is
 * returned as it is.
 */
export async function bundleSpec(spec: LoadedSpec): Promise<Record<string, unknown>> {
  const root = spec.root.data as Record<string, unknown>;
  if (spec.files.size === 1) return root;
  const redocly = createRequire(import.meta.url)("@redocly/openapi-core") as typeof import("@redocly/openapi-core");
  const document = (file: SourceFile) => ({ source: new redocly.Source(file.path, file.text), parsed: structuredClone(file.data) });
  class LoadedFilesOnly extends redocly.BaseResolver {
    override async resolveDocument(base: string | null, ref: string): Promise<ReturnType<typeof document>> {
      const file = spec.files.get(this.resolveExternalRef(base, ref));
      if (!file) throw new redocly.ResolveError(new Error(`not loaded: ${ref}`)); // left as written
      return document(file);
    }
  }
  quietConfig ??= redocly.createConfig({ rules: {} }, { extends: [] });
  const bundled = await redocly.bundle({ config: await quietConfig, dereference: false, doc: document(spec.root), externalRefResolver: new LoadedFilesOnly() });
  return bundled.bundle.parsed as Record<string, unknown>;
}

let quietConfig: ReturnType<typeof import("@redocly/openapi-core").createConfig> | undefined;
