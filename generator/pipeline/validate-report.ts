/** How validate's checks report a problem, and how they name the value they found instead. */

export type Report = (file: string, pointer: string, message: string, hint?: string) => void;

export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
}
