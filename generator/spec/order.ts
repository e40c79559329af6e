/**
 * The one ordering helper. Every iteration over a spec map that reaches output goes through here, so
 * output order never depends on key insertion accidents or the file system.
 */

const collator = new Intl.Collator("en-US", { numeric: true });

export function compareText(a: string, b: string): number {
  // Collation first for a human order, then code units so that distinct keys never compare equal.
  // Equal strings first: sorts compare many (a finding's API and operation), and collation is slow.
  if (a === b) return 0;
  return collator.compare(a, b) || (a < b ? -1 : 1);
}

export function sortedEntries<T>(record: Record<string, T> | undefined | null): [string, T][] {
  if (!record || typeof record !== "object") return [];
  return Object.entries(record).sort(([a], [b]) => compareText(a, b));
}
