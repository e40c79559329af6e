/**
 * Validate's operation checks: each operation and path item is a mapping, `parameters` a list,
 * `responses` a mapping of status keys, `operationId` a string.
 */
import type { LoadedSpec } from "../spec/load.ts";
import { child, type Located } from "../spec/refs.ts";
import { forEachOperation, isRecord } from "../spec/walk.ts";
import { describe, type Report } from "./validate-report.ts";

/** A response key: a status, a range or `default` (OpenAPI's Responses Object); `x-` extensions aside. It reaches types and tables as a key. */
export const STATUS_KEY = /^([1-5](\d\d|XX)|default)$/;

/**
 * What openapi-typescript and the model need of each operation: a mapping, with `responses` (when
 * present) a mapping of status keys. Names, undeclared path parameters and missing responses are not
 * refused: the model works around them and warns.
 */
export function validateOperations(spec: LoadedSpec, report: Report, attempt: (fn: () => void) => void): void {
  forEachOperation(
    spec,
    ({ path, method, operation: op }) => {
      const label = `${method.toUpperCase()} ${path}`;
      if (!isRecord(op.value)) {
        report(
          op.file,
          op.pointer,
          `operation ${label} must be a mapping, got ${describe(op.value)}`,
          "an operation holds operationId, parameters, responses...",
        );
        return;
      }
      const operationId = op.value.operationId;
      if (operationId !== undefined && typeof operationId !== "string") {
        // openapi-typescript calls string methods on it and throws; a missing one is synthesised instead.
        report(
          op.file,
          `${op.pointer}/operationId`,
          `operationId of ${label} must be a string, got ${describe(operationId)}`,
          "quote it, or leave it out to have one made from the method and path",
        );
      }
      parametersAreAList(child(op, "parameters"), report);
      const responses = child(op, "responses");
      if (responses.value === undefined) return;
      if (!isRecord(responses.value)) {
        report(op.file, responses.pointer, `responses of ${label} must be a mapping of status codes`);
        return;
      }
      for (const status of Object.keys(responses.value)) {
        if (status.startsWith("x-") || STATUS_KEY.test(status)) continue;
        report(
          op.file,
          child(responses, status).pointer,
          `response status ${JSON.stringify(status)} of ${label} is not a status code`,
          'use a three-digit status such as "404", a range such as "4XX", or "default"',
        );
      }
    },
    {
      onError: (err) =>
        attempt(() => {
          throw err;
        }),
      onPathItem: (path, pathItem) => {
        if (!isRecord(pathItem.value))
          report(
            pathItem.file,
            pathItem.pointer,
            `path item for ${path} must be a mapping, got ${describe(pathItem.value)}`,
          );
        else parametersAreAList(child(pathItem, "parameters"), report);
      },
    },
  );
}

function parametersAreAList(parameters: Located, report: Report): void {
  if (parameters.value !== undefined && !Array.isArray(parameters.value)) {
    report(
      parameters.file,
      parameters.pointer,
      `parameters must be a list, got ${describe(parameters.value)}`,
      "write each parameter as a list item: - name: id",
    );
  }
}
