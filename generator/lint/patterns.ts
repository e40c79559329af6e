/**
 * Example validation with linear-time patterns: redocly checks examples with its own ajv, which runs a
 * spec's `pattern` on JavaScript's backtracking engine (`^(a+)+$` against a long example stalls it).
 * While `run` lasts, redocly's ajv is built with RE2 as its `code.regExp` engine instead; a pattern RE2
 * cannot run checks nothing, with a positioned warning in `spec.warnings`.
 */
import { createRequire } from "node:module";
import { UserError } from "../errors.ts";
import { locate, type LoadedSpec } from "../spec/load.ts";
import { linearRegExp } from "../spec/pattern.ts";
import { escapeSegment } from "../spec/pointer.ts";

type AjvClass = new (options?: Record<string, unknown>) => object;

export async function withLinearPatterns<T>(spec: LoadedSpec, run: () => Promise<T>): Promise<T> {
  // The modules redocly itself loads: its ajv fork, and the cache of its one ajv instance.
  const fromRedocly = createRequire(createRequire(import.meta.url).resolve("@redocly/openapi-core"));
  const ajv2020 = fromRedocly("@redocly/ajv/dist/2020") as { default: AjvClass };
  const instance = fromRedocly("./rules/ajv") as { releaseAjvInstance(): void };
  const reported = new Set<string>();
  const regExp = linearRegExp((source, reason) => {
    if (reported.has(source)) return;
    reported.add(source);
    (spec.warnings ??= []).push(unsupported(spec, source, reason));
  });
  const Original = ajv2020.default;
  ajv2020.default = class extends Original {
    constructor(options: Record<string, unknown> = {}) {
      super({ ...options, code: { ...(options.code as object | undefined), regExp } });
    }
  };
  instance.releaseAjvInstance();
  try {
    return await run();
  } finally {
    ajv2020.default = Original;
    instance.releaseAjvInstance();
  }
}

function unsupported(spec: LoadedSpec, source: string, reason: string): UserError {
  const where = firstUse(spec, source);
  return new UserError({
    kind: "spec",
    message: `pattern ${JSON.stringify(source)} cannot run in linear time (${reason}); examples are not checked against it`,
    ...(where ? { position: locate(spec.files.get(where.file)!, where.pointer), pointer: where.pointer } : {}),
  });
}

/** The first `pattern: source` (or `patternProperties` key) in the spec's files, walked without recursion. */
function firstUse(spec: LoadedSpec, source: string): { file: string; pointer: string } | undefined {
  for (const [file, { data }] of spec.files) {
    const stack: [unknown, string][] = [[data, ""]];
    while (stack.length > 0) {
      const [node, pointer] = stack.pop()!;
      if (node === null || typeof node !== "object") continue;
      const record = node as Record<string, unknown>;
      if (record.pattern === source) return { file, pointer: `${pointer}/pattern` };
      const map = record.patternProperties;
      if (map !== null && typeof map === "object" && Object.hasOwn(map, source)) return { file, pointer: `${pointer}/patternProperties/${escapeSegment(source)}` };
      for (const [key, value] of Object.entries(record)) stack.push([value, `${pointer}/${escapeSegment(key)}`]);
    }
  }
  return undefined;
}
