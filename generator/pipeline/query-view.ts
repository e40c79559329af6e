/**
 * The view of query.ts (TanStack Query options): which operations are queries, which are
 * mutations. A read is a query: GET, HEAD and QUERY (whose body selects what is read, and so is part
 * of its key); every other method changes something and is a mutation.
 * @see https://tanstack.com/query/v5/docs/framework/react/guides/query-options
 */
import type { ApiModel } from "./model.ts";

const READS = new Set(["get", "head", "query"]);

export function buildQueryView<Client extends { operations: readonly { methodName: string; pager?: { pagesName: string } | undefined }[] }>(
  model: ApiModel,
  client: Client,
) {
  const pagers = new Map(client.operations.map((o) => [o.methodName, o.pager?.pagesName]));
  const operations = model.operations.map((operation) => ({
      // A paged read also gets infinite query options, walking with its `<op>Pages` function.
      pagesName: (READS.has(operation.method.toLowerCase()) && pagers.get(operation.methodName)) || "",
      methodName: operation.methodName,
      typeName: operation.typeName,
      method: operation.method,
      path: operation.path,
      query: READS.has(operation.method.toLowerCase()),
      withBody: operation.method.toLowerCase() === "query",
    }));
  return { ...client, apiName: model.name, anyPaged: operations.some((o) => o.pagesName !== ""), operations };
}
