/**
 * Semantic schema comparison. Both sides are walked in step, through `$ref`s, so a schema moved behind
 * a `$ref`, reordered keys or another YAML style compare equal. Every (base node, head node, direction)
 * pair is compared once: results are memoized, and a `$ref` cycle is cut and its strongly connected
 * component shares one result (Tarjan), so the walk is linear in the pairs reached and always ends.
 */
import type { LoadedSpec } from "../../spec/load.ts";
import { compareText } from "../../spec/order.ts";
import { isRef, type Located } from "../../spec/refs.ts";
import { deref } from "./deref.ts";
import { Sameness } from "./same.ts";
import type { PropertyKind, SchemaKind } from "./kinds.ts";
import { ownChanges, typeText, type OwnChange } from "./own-changes.ts";
import type { Args, Direction, Where } from "./types.ts";
import { SUBSCHEMA_KEYWORDS, viewOf, type View } from "./view.ts";

/** What the checks need to know about the schema (or property) a finding is about. */
export interface Flags {
  readOnly: boolean;
  writeOnly: boolean;
  /** Required by its parent object (false for a top-level schema). */
  required: boolean;
  hasDefault: boolean;
}

export interface SchemaFinding {
  kind: SchemaKind;
  /** A change to a schema's own keywords, as opposed to a property added, removed or re-flagged. */
  own: boolean;
  where: Where;
  args: Args;
  flags: Flags;
}

export type FindingSet = ReadonlyMap<string, SchemaFinding>;

const EMPTY: FindingSet = new Map();

/** The result of a pair with nothing to report (outside any `$ref` cycle). */
const UNCHANGED: Child = { set: EMPTY, low: Infinity };

function findingKey(f: SchemaFinding): string {
  return `${f.kind}|${f.where.side}|${f.where.file}#${f.where.pointer}`;
}

function add(into: Map<string, SchemaFinding>, f: SchemaFinding): void {
  const key = findingKey(f);
  if (!into.has(key)) into.set(key, f);
}

function whereOf(side: "base" | "head", node: Located): Where {
  return { side, file: node.file, pointer: node.pointer };
}

function flagsOf(view: View, required: boolean): Flags {
  return { readOnly: view.readOnly, writeOnly: view.writeOnly, required, hasDefault: view.hasDefault };
}

type Child = { set: FindingSet; low: number };
type Relocate = { from: Located; to: Located; name: string; required: boolean };

/** Types of a schema when it is a plain type or a list of plain types (`oneOf: [{type: string}, {type: integer}]`). */
function typeList(spec: LoadedSpec, view: View): { types: string[]; list: boolean } | undefined {
  if (view.allOf.length > 0 || view.properties.size > 0) return undefined;
  const members = view.oneOf.length > 0 ? view.oneOf : view.anyOf;
  if (members.length > 0) {
    const types: string[] = [];
    for (const m of members) {
      const v = viewOf(spec, m);
      if (v.types?.size !== 1 || v.properties.size > 0 || v.items !== undefined || v.enum !== undefined) return undefined;
      types.push(...v.types);
    }
    return { types, list: true };
  }
  return view.types && view.types.size > 0 ? { types: [...view.types], list: false } : undefined;
}

function listOfTypes(base: { types: string[]; list: boolean } | undefined, head: { types: string[]; list: boolean } | undefined, direction: Direction): OwnChange | undefined {
  if (!base || !head || (!base.list && !head.list)) return undefined;
  const added = head.types.filter((t) => !base.types.includes(t));
  const removed = base.types.filter((t) => !head.types.includes(t));
  if (added.length === 0 && removed.length === 0) return undefined;
  const narrowed = direction === "request" ? removed.length > 0 : added.length === 0;
  return { kind: narrowed ? "list-of-types-narrowed" : "list-of-types-widened", args: { from: base.types.join("|"), to: head.types.join("|"), values: (narrowed ? removed : added).join(", ") } };
}

/**
 * The sub-schemas both sides have (2020-12 keywords, `not`, prefixItems by index, patternProperties and
 * dependentSchemas by key), named as they are written: a change inside one is a change of the schema's
 * contract as much as one under a property.
 */
function subschemaPairs(bv: View, hv: View): [string, Located, Located][] {
  const out: [string, Located, Located][] = [];
  for (const keyword of SUBSCHEMA_KEYWORDS) {
    const b = bv.subschemas[keyword];
    const h = hv.subschemas[keyword];
    if (b && h) out.push([keyword, b, h]);
  }
  if (bv.not && hv.not) out.push(["not", bv.not, hv.not]);
  bv.prefixItems.forEach((b, i) => {
    const h = hv.prefixItems[i];
    if (h) out.push([`prefixItems/${i}`, b, h]);
  });
  for (const keyword of ["patternProperties", "dependentSchemas"] as const) {
    for (const [key, b] of bv[keyword]) {
      const h = hv[keyword].get(key);
      if (h) out.push([`${keyword}/${key}`, b, h]);
    }
  }
  return out;
}

export class SchemaDiffer {
  private readonly memo = new Map<string, FindingSet>();
  private readonly index = new Map<string, number>();
  private readonly stack: string[] = [];
  private readonly onStack = new Set<string>();
  private counter = 0;
  /** Pairs compared (memo misses), for tests and benchmarks. */
  visits = 0;
  private readonly sameness: Sameness;

  constructor(
    private readonly base: LoadedSpec,
    private readonly head: LoadedSpec,
  ) {
    this.sameness = new Sameness(base, head);
  }

  /** Changes between two schemas (either may be a `$ref`), as seen in `direction`. */
  compare(base: Located, head: Located, direction: Direction): FindingSet {
    return this.visit(base, head, direction).set;
  }

  /**
   * Nothing can differ below these two nodes (same.ts; either may be a `$ref`): comparing them, or any
   * part of them, reports nothing, so a check may skip them.
   */
  unchanged(base: Located, head: Located): boolean {
    return this.sameness.same(deref(this.base, base), deref(this.head, head));
  }

  /** The deref'd head node of a schema: own findings located there are about the schema itself. */
  headNode(head: Located): Located {
    return deref(this.head, head);
  }

  private visit(baseNode: Located, headNode: Located, direction: Direction): Child {
    const b = deref(this.base, baseNode);
    const h = deref(this.head, headNode);
    // Unchanged (same.ts): every keyword, child and `$ref` target compares equal, so nothing to report.
    if (this.sameness.same(b, h)) return UNCHANGED;
    const key = `${direction}|${b.file}#${b.pointer}|${h.file}#${h.pointer}`;
    const done = this.memo.get(key);
    if (done) return { set: done, low: Infinity };
    if (this.onStack.has(key)) return { set: EMPTY, low: this.index.get(key)! };

    const me = this.counter++;
    this.index.set(key, me);
    this.stack.push(key);
    this.onStack.add(key);
    this.visits++;
    let low = me;
    const result = new Map<string, SchemaFinding>();
    const bv = viewOf(this.base, b);
    const hv = viewOf(this.head, h);
    const here = whereOf("head", h);
    const own = (change: OwnChange) => add(result, { kind: change.kind, own: true, where: here, args: change.args, flags: flagsOf(hv, false) });

    const into = (child: Child, relocate?: Relocate) => {
      low = Math.min(low, child.low);
      // A child's set is keyed as `result` is: only a relocated finding needs a new key.
      for (const [key, f] of child.set) {
        if (relocate && f.own && f.where.side === "head" && f.where.file === relocate.from.file && f.where.pointer === relocate.from.pointer) {
          add(result, { ...f, where: whereOf("head", relocate.to), args: { ...f.args, name: relocate.name }, flags: { ...f.flags, required: relocate.required } });
        } else if (!result.has(key)) result.set(key, f);
      }
    };

    const list = listOfTypes(typeList(this.base, bv), typeList(this.head, hv), direction);
    const wrapped = bv.oneOf.length === 0 && hv.oneOf.length > 0 && bv.properties.size > 0 ? this.wrappingMember(bv, hv) : undefined;
    if (list) own(list);
    if (wrapped) {
      own({ kind: "wrapped-in-one-of", args: { count: String(hv.oneOf.length) } });
      into(this.visit(b, wrapped, direction));
    } else {
      for (const change of ownChanges(bv, hv, direction)) if (!(list && change.kind.startsWith("type-"))) own(change);
      this.properties(bv, hv, direction, result, into);
      const alternatives = list ? (["allOf"] as const) : (["oneOf", "anyOf", "allOf"] as const);
      for (const keyword of alternatives) this.alternatives(keyword, bv, hv, direction, here, result, into);
      for (const [name, bs, hs] of subschemaPairs(bv, hv)) into(this.visit(bs, hs, direction), { from: deref(this.head, hs), to: hs, name, required: false });
    }
    if (bv.items && hv.items) into(this.visit(bv.items, hv.items, direction), { from: deref(this.head, hv.items), to: hv.items, name: "[items]", required: false });
    if (bv.additionalProperties && hv.additionalProperties) into(this.visit(bv.additionalProperties, hv.additionalProperties, direction));

    let set: FindingSet = result;
    if (low === me) {
      // Root of a strongly connected component (or no cycle at all): every member shares this result.
      for (;;) {
        const member = this.stack.pop()!;
        this.onStack.delete(member);
        this.memo.set(member, set);
        if (member === key) break;
      }
    } else {
      set = result;
    }
    return { set, low: low === me ? Infinity : low };
  }

  /** The `oneOf` member of head that the base object moved into: the one sharing most of its properties. */
  private wrappingMember(bv: View, hv: View): Located | undefined {
    let best: { node: Located; shared: number } | undefined;
    for (const node of hv.oneOf) {
      const member = viewOf(this.head, node);
      const shared = [...bv.properties.keys()].filter((name) => member.properties.has(name)).length;
      if (shared > 0 && (!best || shared > best.shared)) best = { node, shared };
    }
    return best && best.shared * 2 >= bv.properties.size ? best.node : undefined;
  }

  private properties(bv: View, hv: View, direction: Direction, result: Map<string, SchemaFinding>, into: (child: Child, relocate?: Relocate) => void): void {
    const names = [...new Set([...bv.properties.keys(), ...hv.properties.keys()])].sort(compareText);
    for (const name of names) {
      const report = (kind: PropertyKind, side: "base" | "head", node: Located, view: View, required: boolean) =>
        add(result, { kind, own: false, where: whereOf(side, node), args: { name }, flags: flagsOf(view, required) });
      const bp = bv.properties.get(name);
      const hp = hv.properties.get(name);
      if (!bp) {
        report("property-added", "head", hp!, viewOf(this.head, hp!), hv.required.has(name));
        continue;
      }
      if (!hp) {
        report("property-removed", "base", bp, viewOf(this.base, bp), bv.required.has(name));
        continue;
      }
      const wasRequired = bv.required.has(name);
      const isRequired = hv.required.has(name);
      // Unchanged: the same flags, and the comparison below would come out empty.
      if (wasRequired === isRequired && this.unchanged(bp, hp)) continue;
      const bpv = viewOf(this.base, bp);
      const hpv = viewOf(this.head, hp);
      if (wasRequired !== isRequired) report(isRequired ? "property-became-required" : "property-became-optional", "head", hp, hpv, isRequired);
      if (bpv.readOnly !== hpv.readOnly) report(hpv.readOnly ? "property-became-read-only" : "property-became-not-read-only", "head", hp, hpv, isRequired);
      if (bpv.writeOnly !== hpv.writeOnly) report(hpv.writeOnly ? "property-became-write-only" : "property-became-not-write-only", "head", hp, hpv, isRequired);
      into(this.visit(bp, hp, direction), { from: deref(this.head, hp), to: hp, name, required: isRequired });
    }
  }

  /** Match alternatives by what they are (the `$ref` target, else the type), then compare the pairs. */
  private alternatives(keyword: "oneOf" | "anyOf" | "allOf", bv: View, hv: View, direction: Direction, here: Where, result: Map<string, SchemaFinding>, into: (child: Child) => void): void {
    const baseList = bv[keyword];
    const headList = hv[keyword];
    if (baseList.length === 0 && headList.length === 0) return;
    // An allOf is merged into the view: moving a schema into `allOf: [...]` is a style change, not a member added.
    if (keyword === "allOf" && (baseList.length === 0 || headList.length === 0)) return;
    const signature = (spec: LoadedSpec, node: Located) => {
      const value = node.value as Record<string, unknown> | null;
      if (value && typeof value.$ref === "string") return `ref:${deref(spec, node).pointer}`;
      return `type:${typeText(viewOf(spec, node).types)}`;
    };
    const unmatchedHead = headList.map((node) => ({ node, sig: signature(this.head, node), used: false }));
    const pairs: [Located, Located][] = [];
    const removed: Located[] = [];
    for (const node of baseList) {
      const sig = signature(this.base, node);
      const match = unmatchedHead.find((c) => !c.used && c.sig === sig);
      if (match) {
        match.used = true;
        pairs.push([node, match.node]);
      } else removed.push(node);
    }
    const added = unmatchedHead.filter((c) => !c.used);
    // Inline alternatives left on both sides pair up in order: one whose type changed is a change, not a
    // swap. A `$ref` to another component is another alternative (oasdiff: one added, one removed).
    const inline = (node: Located) => !isRef(node.value);
    for (;;) {
      const r = removed.findIndex(inline);
      const a = added.findIndex((c) => inline(c.node));
      if (r === -1 || a === -1) break;
      pairs.push([removed.splice(r, 1)[0]!, added.splice(a, 1)[0]!.node]);
    }
    const prefix = keyword === "oneOf" ? "one-of" : keyword === "anyOf" ? "any-of" : "all-of";
    const flags = flagsOf(hv, false);
    if (added.length > 0) add(result, { kind: `${prefix}-added`, own: true, where: here, args: { count: String(added.length) }, flags });
    if (removed.length > 0) add(result, { kind: `${prefix}-removed`, own: true, where: here, args: { count: String(removed.length) }, flags });
    // allOf members are already merged into the view: their changes are the view's own changes.
    if (keyword !== "allOf") for (const [b, h] of pairs) into(this.visit(b, h, direction));
  }
}
