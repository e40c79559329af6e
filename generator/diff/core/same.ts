/**
 * Unchanged parts of a contract, found before they are compared: two nodes whose JSON is equal, with
 * every `$ref` in the same place, written the same, and landing on targets that are unchanged in turn.
 * A pair like that can only compare empty (every keyword, property, alternative and `$ref` target
 * pairs with an equal one), so the differ skips it without building a view. Most of a release is
 * unchanged: this is what keeps the diff of two large specs proportional to what changed.
 *
 * `$ref` cycles are read coinductively (a pair met again while it is being compared is assumed equal);
 * a "same" that leaned on an enclosing pair still being compared is not remembered, since that pair may
 * still turn out changed, while a "changed" always is.
 *
 * A view merges `allOf` members, and the one non-null alternative of an `anyOf`/`oneOf`, into itself,
 * cutting merge cycles by the path it came from: such a view can depend on which node was viewed
 * first. So a merge through a `$ref` makes the pair "not known to be equal", and the differ compares
 * it as before: skipping never changes which views are built, or in what order, outside the skipped part.
 */
import type { LoadedSpec } from "../../spec/load.ts";
import { isRef, type Located } from "../../spec/refs.ts";
import { deref } from "./deref.ts";
import { isNullSchema } from "./view.ts";

type Json = Record<string, unknown>;

export class Sameness {
  /** Settled answers, by the base object (and its last head partner). */
  private readonly settled = new WeakMap<object, { head: object; same: boolean }>();
  /** Pairs being compared, by the base object: their depth on the stack. */
  private readonly active = new Map<object, { head: object; depth: number }>();
  /** "Same" while the active pair at depth `low` is assumed equal; settled or dropped with it. */
  private readonly tentative = new Map<object, { head: object; low: number }>();
  /** The tentative pairs waiting on the active pair at each depth. */
  private readonly waiting = new Map<number, object[]>();
  private depth = 0;
  /** The shallowest active pair the current comparison assumed equal. */
  private low = Infinity;

  constructor(
    private readonly base: LoadedSpec,
    private readonly head: LoadedSpec,
  ) {}

  /** Two nodes (`$ref`s followed) are equal in the sense above. */
  same(b: Located, h: Located): boolean {
    const low = this.low;
    this.low = Infinity;
    const same = this.pair(b, h);
    this.low = low;
    return same;
  }

  private pair(b: Located, h: Located): boolean {
    const a = b.value;
    const c = h.value;
    if (a === null || c === null || typeof a !== "object" || typeof c !== "object") return a === c;
    const settled = this.settled.get(a);
    if (settled?.head === c) return settled.same;
    const assumed = this.active.get(a) ?? this.tentative.get(a);
    if (assumed) {
      if (assumed.head !== c) return false;
      this.low = Math.min(this.low, "depth" in assumed ? assumed.depth : assumed.low);
      return true;
    }
    const depth = ++this.depth;
    this.active.set(a, { head: c, depth });
    const outer = this.low;
    this.low = Infinity;
    let same: boolean;
    try {
      same = this.equal(a, c, b.file, h.file);
    } catch {
      // A `$ref` that does not resolve (perhaps one in example data): the differ decides what it means.
      same = false;
    } finally {
      this.active.delete(a);
      this.depth--;
    }
    const low = this.low;
    const waiting = this.waiting.get(depth) ?? [];
    this.waiting.delete(depth);
    if (same && low < depth) {
      // Equal if an enclosing pair is: wait for it, with the pairs that waited on this one.
      this.tentative.set(a, { head: c, low });
      for (const o of waiting) this.tentative.get(o)!.low = low;
      const list = this.waiting.get(low);
      if (list) list.push(a, ...waiting);
      else this.waiting.set(low, [a, ...waiting]);
      this.low = Math.min(outer, low);
      return true;
    }
    this.settled.set(a, { head: c, same });
    for (const o of waiting) {
      if (same) this.settled.set(o, { head: this.tentative.get(o)!.head, same: true });
      this.tentative.delete(o);
    }
    this.low = outer;
    return same;
  }

  private equal(a: unknown, c: unknown, baseFile: string, headFile: string): boolean {
    if (a === c) return a === null || typeof a !== "object";
    if (a === null || c === null || typeof a !== "object" || typeof c !== "object") return false;
    if (Array.isArray(a)) {
      if (!Array.isArray(c) || a.length !== c.length) return false;
      for (let i = 0; i < a.length; i++) if (!this.equal(a[i], c[i], baseFile, headFile)) return false;
      return true;
    }
    if (Array.isArray(c)) return false;
    const ra = a as Json;
    const rc = c as Json;
    const keys = Object.keys(ra);
    if (keys.length !== Object.keys(rc).length) return false;
    for (const key of keys) if (!Object.hasOwn(rc, key) || !this.equal(ra[key], rc[key], baseFile, headFile)) return false;
    if ((ra.allOf !== undefined || ra.oneOf !== undefined || ra.anyOf !== undefined) && (this.mergesThroughRef(ra, baseFile, this.base) || this.mergesThroughRef(rc, headFile, this.head))) return false;
    if (typeof ra.$ref !== "string") return true;
    // Written the same (compared above): the targets must be unchanged too.
    return this.pair(deref(this.base, { value: ra, file: baseFile, pointer: "" }), deref(this.head, { value: rc, file: headFile, pointer: "" }));
  }

  /** The view of this object would merge a `$ref`'s view into its own (view.ts `buildView`). */
  private mergesThroughRef(value: Json, file: string, spec: LoadedSpec): boolean {
    if (Array.isArray(value.allOf) && value.allOf.some(isRef)) return true;
    for (const keyword of ["oneOf", "anyOf"] as const) {
      const members = value[keyword];
      if (!Array.isArray(members) || !members.some(isRef)) continue;
      const nonNull = members.filter((m) => !isNullSchema(spec, { value: m, file, pointer: "" }));
      if (nonNull.length === 1 && isRef(nonNull[0])) return true;
    }
    return false;
  }
}
