/**
 * The view of query.ts (TanStack Query options): which operations are queries, which are
 * mutations. A read is a query: GET, HEAD and QUERY (whose body selects what is read, and so is part
 * of its key); every other method changes something and is a mutation.
 * @see https://tanstack.com/query/v5/docs/framework/react/guides/query-options
 */
import type { ApiModel } from "./model.ts";

const READS = new Set(["get", "head", "query"]);

export function buildQueryView<Client extends object>(model: ApiModel, client: Client) {
  return {
    ...client,
    apiName: model.name,
    operations: model.operations.map((operation) => ({
      methodName: operation.methodName,
      typeName: operation.typeName,
      method: operation.method,
      path: operation.path,
      query: READS.has(operation.method.toLowerCase()),
      withBody: operation.method.toLowerCase() === "query",
    })),
  };
}
