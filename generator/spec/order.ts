/**
 * The one ordering helper. Every iteration over a spec map that reaches output goes through here, so
 * output order never depends on key insertion accidents or the file system.
 */

/** Made on first use: building a collator loads locale data, which a command that sorts nothing never needs. */
let collator: Intl.Collator | undefined;

export function compareText(a: string, b: string): number {
  // Collation first for a human order, then code units so that distinct keys never compare equal.
  // Equal strings first: sorts compare many (a finding's API and operation), and collation is slow.
  if (a === b) return 0;
  return (collator ??= new Intl.Collator("en-US", { numeric: true })).compare(a, b) || (a < b ? -1 : 1);
}

export function sortedEntries<T>(record: Record<string, T> | undefined | null): [string, T][] {
  if (!record || typeof record !== "object") return [];
  return Object.entries(record).sort(([a], [b]) => compareText(a, b));
}
