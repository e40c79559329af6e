/**
 * Semantic schema comparison. Both sides are walked in step, through `$ref`s, so a schema moved behind
 * a `$ref`, reordered keys or another YAML style compare equal. Every (base node, head node, direction)
 * pair is compared once: results are memoized, and a `$ref` cycle is cut and its strongly connected
 * component shares one result (Tarjan), so the walk is linear in the pairs reached and always ends.
 */
import type { LoadedSpec } from "../load.ts";
import { compareText } from "../order.ts";
import { deref, type Located } from "../refs.ts";
import { enumChanges } from "./checks/enums.ts";
import { ownChanges, PROPERTY_RULE } from "./checks/schemas.ts";
import type { Args, Direction, Where } from "./types.ts";
import { viewOf, type View } from "./view.ts";

export interface SchemaFinding {
  /** For own changes, the kind (`type-changed`), which becomes a rule id once the subject is known; else the rule id. */
  kind: string;
  /** A change to a schema's own keywords (type, enum, bounds...), as opposed to a property added or removed. */
  own: boolean;
  where: Where;
  args: Args;
}

export type FindingSet = ReadonlyMap<string, SchemaFinding>;

const EMPTY: FindingSet = new Map();

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

function flags(spec: LoadedSpec, node: Located): { readOnly: boolean; writeOnly: boolean } {
  const value = deref(spec, node).value as Record<string, unknown> | null;
  return { readOnly: value?.readOnly === true, writeOnly: value?.writeOnly === true };
}

export class SchemaDiffer {
  private readonly memo = new Map<string, FindingSet>();
  private readonly index = new Map<string, number>();
  private readonly stack: string[] = [];
  private readonly onStack = new Set<string>();
  private counter = 0;
  /** Pairs compared (memo misses), for tests and benchmarks. */
  visits = 0;

  constructor(
    private readonly base: LoadedSpec,
    private readonly head: LoadedSpec,
  ) {}

  /** Changes between two schemas (either may be a `$ref`), as seen in `direction`. */
  compare(base: Located, head: Located, direction: Direction): FindingSet {
    return this.visit(base, head, direction).set;
  }

  /** The deref'd head node of a schema: own findings located there are about the schema itself. */
  headNode(head: Located): Located {
    return deref(this.head, head);
  }

  private visit(baseNode: Located, headNode: Located, direction: Direction): { set: FindingSet; low: number } {
    const b = deref(this.base, baseNode);
    const h = deref(this.head, headNode);
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

    for (const change of [...ownChanges(bv, hv, direction), ...enumChanges(bv, hv)]) {
      add(result, { kind: change.kind, own: true, where: here, args: change.args });
    }
    const into = (child: { set: FindingSet; low: number }, relocate?: { from: Located; to: Located; name: string }) => {
      low = Math.min(low, child.low);
      for (const f of child.set.values()) {
        const moved =
          relocate && f.own && f.where.side === "head" && f.where.file === relocate.from.file && f.where.pointer === relocate.from.pointer
            ? { ...f, where: whereOf("head", relocate.to), args: { ...f.args, name: relocate.name } }
            : f;
        add(result, moved);
      }
    };

    this.properties(bv, hv, direction, result, into);
    if (bv.items && hv.items) into(this.visit(bv.items, hv.items, direction), { from: deref(this.head, hv.items), to: hv.items, name: "[items]" });
    if (bv.additionalProperties && hv.additionalProperties) into(this.visit(bv.additionalProperties, hv.additionalProperties, direction));
    for (const keyword of ["oneOf", "anyOf"] as const) this.alternatives(keyword, bv, hv, direction, here, result, into);

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

  private properties(
    bv: View,
    hv: View,
    direction: Direction,
    result: Map<string, SchemaFinding>,
    into: (child: { set: FindingSet; low: number }, relocate?: { from: Located; to: Located; name: string }) => void,
  ): void {
    const hidden = (spec: LoadedSpec, node: Located) => {
      const f = flags(spec, node);
      return direction === "request" ? f.readOnly : f.writeOnly;
    };
    const rule = PROPERTY_RULE[direction];
    const names = [...new Set([...bv.properties.keys(), ...hv.properties.keys()])].sort(compareText);
    for (const name of names) {
      const bp = bv.properties.get(name);
      const hp = hv.properties.get(name);
      const inBase = bp !== undefined && !hidden(this.base, bp);
      const inHead = hp !== undefined && !hidden(this.head, hp);
      if (!inBase && !inHead) continue;
      if (!inBase) {
        const kind = hv.required.has(name) ? rule.addedRequired : rule.addedOptional;
        add(result, { kind, own: false, where: whereOf("head", hp!), args: { name } });
        continue;
      }
      if (!inHead) {
        const kind = bv.required.has(name) ? rule.removedRequired : rule.removedOptional;
        add(result, { kind, own: false, where: whereOf("base", bp), args: { name } });
        continue;
      }
      const wasRequired = bv.required.has(name);
      const isRequired = hv.required.has(name);
      if (wasRequired !== isRequired) {
        add(result, { kind: isRequired ? rule.becameRequired : rule.becameOptional, own: false, where: whereOf("head", hp!), args: { name } });
      }
      into(this.visit(bp, hp!, direction), { from: deref(this.head, hp!), to: hp!, name });
    }
  }

  /** Match alternatives by what they are (the `$ref` target, else the type), then compare the pairs. */
  private alternatives(
    keyword: "oneOf" | "anyOf",
    bv: View,
    hv: View,
    direction: Direction,
    here: Where,
    result: Map<string, SchemaFinding>,
    into: (child: { set: FindingSet; low: number }) => void,
  ): void {
    const baseList = bv[keyword];
    const headList = hv[keyword];
    if (baseList.length === 0 && headList.length === 0) return;
    const signature = (spec: LoadedSpec, node: Located) => {
      const value = node.value as Record<string, unknown> | null;
      if (value && typeof value.$ref === "string") {
        const target = deref(spec, node);
        return `ref:${target.pointer}`;
      }
      const view = viewOf(spec, node);
      return `type:${view.types ? [...view.types].sort().join("|") : "any"}`;
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
    // What is left on both sides pairs up in order: an alternative whose type changed is a change, not a swap.
    while (removed.length > 0 && added.length > 0) {
      const b = removed.shift()!;
      const h = added.shift()!;
      pairs.push([b, h.node]);
    }
    const prefix = keyword === "oneOf" ? "one-of" : "any-of";
    if (added.length > 0) add(result, { kind: `${prefix}-added`, own: true, where: here, args: { count: String(added.length) } });
    if (removed.length > 0) add(result, { kind: `${prefix}-removed`, own: true, where: here, args: { count: String(removed.length) } });
    for (const [b, h] of pairs) into(this.visit(b, h, direction));
  }
}
