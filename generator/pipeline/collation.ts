/**
 * `a.localeCompare(b, locales, options)` builds an `Intl.Collator` on every call (ECMA-402 defines it
 * as a new collator's compare), which makes a sort that way tens of times slower than one through a
 * single collator. openapi-typescript sorts every map of the spec so when it alphabetizes. While `run`
 * runs, those calls go to one collator per locale and options: by that same definition, the same answers.
 * @see https://tc39.es/ecma402/#sup-String.prototype.localeCompare
 */
export function withSharedCollators<T>(run: () => T): T {
  const original = String.prototype.localeCompare;
  const collators = new Map<string, Intl.Collator>();
  // A sort passes the same locale and options each time: the last collator is checked first.
  let last: { locales: string; options: Options | undefined; collator: Intl.Collator } | undefined;
  String.prototype.localeCompare = function localeCompare(
    this: unknown,
    that: string,
    locales?: string | string[],
    options?: Intl.CollatorOptions,
  ) {
    if (typeof this !== "string" || typeof that !== "string" || typeof locales !== "string" || !isPlain(options)) {
      return original.call(this as string, that, locales, options);
    }
    if (last === undefined || last.locales !== locales || !sameOptions(last.options, options)) {
      const key = collatorKey(locales, options);
      let collator = collators.get(key);
      if (!collator) collators.set(key, (collator = new Intl.Collator(locales, options)));
      last = { locales, options: options === undefined ? undefined : { ...(options as Options) }, collator };
    }
    return last.collator.compare(this, that);
  };
  try {
    return run();
  } finally {
    String.prototype.localeCompare = original;
  }
}

type Options = Record<string, string | boolean | undefined>;

/** Absent, or a plain object of strings and booleans (what a collator's options are). */
function isPlain(options: unknown): options is Options | undefined {
  if (options === undefined) return true;
  if (options === null || typeof options !== "object" || Object.getPrototypeOf(options) !== Object.prototype)
    return false;
  for (const name in options) {
    const value: unknown = (options as Options)[name];
    if (value !== undefined && typeof value !== "string" && typeof value !== "boolean") return false;
  }
  return true;
}

function sameOptions(a: Options | undefined, b: Options | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  let count = 0;
  for (const name in b) {
    if (a[name] !== b[name]) return false;
    count++;
  }
  for (const _ in a) count--;
  return count === 0;
}

function collatorKey(locales: string, options: Options | undefined): string {
  let key = locales;
  for (const name in options) key += `\0${name}=${options[name]}`;
  return key;
}
