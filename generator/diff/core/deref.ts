/**
 * `deref` for the diff: the same result as refs.ts's, remembered. The diff follows the same `$ref`
 * objects thousands of times (every operation reaching a shared schema, every memo hit of the schema
 * differ), and each resolution parses the pointer and walks the document again. Specs are never
 * modified, so a `$ref` string written in a file always lands on the same target (the pointer of the
 * `$ref` itself only names it in an error message). A node that is not a `$ref`
 * is returned as it is (refs.ts's `deref` does the same, after allocating its cycle bookkeeping).
 * Failures (a cycle, a missing target) are not remembered: they throw again, from refs.ts.
 */
import type { LoadedSpec } from "../../spec/load.ts";
import { deref as resolve, isRef, type Located } from "../../spec/refs.ts";

/** Per spec, per file (a relative `$ref` depends on the file it is written in), per `$ref` string. */
const TARGETS = new WeakMap<LoadedSpec, Map<string, Map<string, Located>>>();

export function deref<T = unknown>(spec: LoadedSpec, node: Located): Located<T> {
  const value = node.value;
  if (!isRef(value)) return node as Located<T>;
  let files = TARGETS.get(spec);
  if (!files) TARGETS.set(spec, (files = new Map()));
  let targets = files.get(node.file);
  if (!targets) files.set(node.file, (targets = new Map()));
  let target = targets.get(value.$ref);
  if (!target) targets.set(value.$ref, (target = resolve(spec, node)));
  return target as Located<T>;
}
