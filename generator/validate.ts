/**
 * Stage 2, validate: refuse only what truly stops generation (an unresolvable `$ref`, an operation
 * without an operationId, an undeclared path parameter...). Style rules live in lint.ts, for the
 * project's own specs. Collects every problem, positioned, before failing.
 */
import { UserError, UserErrors } from "./errors.ts";
import { forEachRef, locate, type LoadedSpec } from "./load.ts";
import { sortedEntries } from "./order.ts";
import { toPointer } from "./pointer.ts";
import { child, deref, isRef, resolveRefOnce, type Located } from "./refs.ts";

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** An operationId must yield a method name: at least one letter or digit (model.ts camel-cases the rest). */
const NAMEABLE = /[A-Za-z0-9]/;

export function validateSpec(spec: LoadedSpec): void {
  const problems: UserError[] = [];
  const report = (file: string, pointer: string, message: string, hint?: string) =>
    problems.push(new UserError({ kind: "spec", message, position: locate(spec.files.get(file)!, pointer), pointer, hint }));
  const attempt = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      if (err instanceof UserError) problems.push(err);
      else throw err;
    }
  };

  const root = spec.root.data as Record<string, unknown> | null;
  const rootFile = spec.rootPath;
  if (root === null || typeof root !== "object" || Array.isArray(root)) {
    throw new UserError({ kind: "spec", message: "the spec is not a YAML mapping", position: locate(spec.root, ""), hint: "an OpenAPI document starts with `openapi: 3.1.0`" });
  }
  if (typeof root.openapi !== "string" || !/^3\.[01](\.\d+)?/.test(root.openapi)) {
    const message =
      root.openapi === undefined
        ? root.swagger !== undefined
          ? "Swagger 2.0 is not supported"
          : "missing `openapi` version field"
        : `unsupported OpenAPI version: ${JSON.stringify(root.openapi)}`;
    report(rootFile, root.openapi === undefined ? "" : "/openapi", message, 'use OpenAPI 3.0 or 3.1, written as a string: openapi: "3.1.0"');
  }
  if (root.paths !== undefined && (root.paths === null || typeof root.paths !== "object" || Array.isArray(root.paths))) {
    report(rootFile, "/paths", "`paths` must be a mapping of path templates to path items");
  }

  // Every $ref in every loaded file must name something that exists, and no chain of $refs may come
  // back on itself without a real object in between (a recursive *schema* is fine: it has one).
  for (const file of spec.files.values()) {
    forEachRef(file.data, (ref, segments) => {
      const pointer = toPointer([...segments, "$ref"]);
      attempt(() => {
        resolveRefOnce(spec, ref, { file: file.path, pointer });
        deref(spec, { value: { $ref: ref }, file: file.path, pointer: toPointer(segments) });
      });
    });
    forEachKey(file.data, "$ref", (value, segments) => {
      if (typeof value === "string" || (value !== null && typeof value === "object" && !Array.isArray(value))) return; // a property named "$ref" is an object
      report(file.path, toPointer([...segments, "$ref"]), `$ref must be a string, got ${describe(value)}`, 'write it as $ref: "#/components/schemas/Name"');
    });
  }

  if (problems.length === 0) validateOperations(spec, report, attempt);
  if (problems.length > 0) {
    // One cycle is found from each of its members: report each distinct message once.
    const unique = [...new Map(problems.map((p) => [`${p.position?.file}:${p.position?.line}:${p.position?.col}:${p.message}`, p])).values()];
    throw unique.length === 1 ? unique[0]! : new UserErrors(unique);
  }
}

/** Calls `visit` for every value stored under `key` in any mapping of `data`, with the segments of that mapping. */
function forEachKey(data: unknown, key: string, visit: (value: unknown, segments: (string | number)[]) => void): void {
  const stack: { node: unknown; segments: (string | number)[] }[] = [{ node: data, segments: [] }];
  while (stack.length > 0) {
    const { node, segments } = stack.pop()!;
    if (Array.isArray(node)) {
      node.forEach((item, i) => stack.push({ node: item, segments: [...segments, i] }));
    } else if (node !== null && typeof node === "object") {
      if (Object.hasOwn(node, key)) visit((node as Record<string, unknown>)[key], segments);
      for (const [k, v] of Object.entries(node)) stack.push({ node: v, segments: [...segments, k] });
    }
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

type Report = (file: string, pointer: string, message: string, hint?: string) => void;

function validateOperations(spec: LoadedSpec, report: Report, attempt: (fn: () => void) => void): void {
  const root = { value: spec.root.data, file: spec.rootPath, pointer: "" } satisfies Located;
  const seenIds = new Map<string, string>();
  for (const [path] of sortedEntries(child(root, "paths").value as Record<string, unknown>)) {
    attempt(() => {
      const pathItem = deref<Record<string, unknown>>(spec, child(child(root, "paths"), path));
      if (!isMapping(pathItem.value)) {
        report(pathItem.file, pathItem.pointer, `path item for ${path} must be a mapping, got ${describe(pathItem.value)}`);
        return;
      }
      const templateParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
      const pathLevel = declaredPathParams(spec, child(pathItem, "parameters"), attempt, report);
      for (const method of HTTP_METHODS) {
        const operation = child(pathItem, method);
        if (operation.value === undefined) continue;
        const op = deref<Record<string, unknown>>(spec, operation);
        const label = `${method.toUpperCase()} ${path}`;
        if (!isMapping(op.value)) {
          report(op.file, op.pointer, `operation ${label} must be a mapping, got ${describe(op.value)}`, "an operation holds operationId, parameters, responses...");
          continue;
        }
        const operationId = op.value?.operationId;
        if (operationId === undefined) {
          report(op.file, op.pointer, `operation ${label} has no operationId`, "add `operationId: someName`: client methods and error types are named after it");
        } else if (typeof operationId !== "string" || !NAMEABLE.test(operationId)) {
          report(op.file, op.pointer + "/operationId", `operationId of ${label} must be a string with letters or digits, got ${JSON.stringify(operationId)}`, "use camelCase, for example listSavedCards");
        } else if (seenIds.has(operationId)) {
          report(op.file, op.pointer + "/operationId", `duplicate operationId "${operationId}" (also used by ${seenIds.get(operationId)})`, "every operationId must be unique in the spec");
        } else {
          seenIds.set(operationId, label);
        }
        const declared = new Set([...pathLevel, ...declaredPathParams(spec, child(op, "parameters"), attempt, report)]);
        for (const name of templateParams) {
          if (!declared.has(name)) {
            report(op.file, op.pointer, `path parameter {${name}} of ${label} is not declared`, `add a parameter with \`name: ${name}\` and \`in: path\` to the operation or its path item`);
          }
        }
        const responses = child(op, "responses");
        if (responses.value === undefined) {
          report(op.file, op.pointer, `operation ${label} has no responses`, "document at least the success response");
        } else if (responses.value === null || typeof responses.value !== "object" || Array.isArray(responses.value)) {
          report(op.file, responses.pointer, `responses of ${label} must be a mapping of status codes`);
        }
      }
    });
  }
}

function declaredPathParams(spec: LoadedSpec, parameters: Located, attempt: (fn: () => void) => void, report: Report): string[] {
  if (parameters.value === undefined) return [];
  if (!Array.isArray(parameters.value)) {
    report(parameters.file, parameters.pointer, `parameters must be a list, got ${describe(parameters.value)}`, "write each parameter as a list item: - name: id");
    return [];
  }
  const names: string[] = [];
  parameters.value.forEach((_, index) =>
    attempt(() => {
      const param = deref<Record<string, unknown>>(spec, child(parameters, index));
      if (param.value?.in === "path" && typeof param.value.name === "string") names.push(param.value.name);
    }),
  );
  return names;
}

export { isRef };
