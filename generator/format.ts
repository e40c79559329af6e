/** Stage 5, format: prettier over what our templates rendered (openapi-typescript's output is kept as it comes). */
import { format } from "prettier";

export const PRETTIER_OPTIONS = { parser: "typescript", printWidth: 120, trailingComma: "all" } as const;

export async function formatFiles(files: Map<string, string>): Promise<Map<string, string>> {
  const entries = await Promise.all(
    [...files].map(async ([name, source]) => [name, await format(source, { ...PRETTIER_OPTIONS, filepath: name })] as const),
  );
  return new Map(entries);
}
