/**
 * Enum checks: values added and removed, a schema that became (or stopped being) an enum. A new value
 * is safe to send and may surprise a client that receives it; a removed value is the reverse.
 */
import type { Args, Direction, Level, Rule } from "../types.ts";
import { canonical, type View } from "../view.ts";
import { context, SUBJECTS, subjectText, type SchemaChange, type Subject } from "./schemas.ts";

const KINDS: { kind: string; level: Record<Direction, Level>; text: (s: string, a: Args) => string }[] = [
  { kind: "enum-value-added", level: { request: "INFO", response: "WARN" }, text: (s, a) => `added the enum value(s) ${a.values} to the ${s}` },
  { kind: "enum-value-removed", level: { request: "ERR", response: "INFO" }, text: (s, a) => `removed the enum value(s) ${a.values} from the ${s}` },
  { kind: "became-enum", level: { request: "ERR", response: "INFO" }, text: (s, a) => `the ${s} became an enum of ${a.values}` },
  { kind: "enum-removed", level: { request: "INFO", response: "WARN" }, text: (s, a) => `the ${s} is no longer restricted to the values ${a.values}` },
];

/** oasdiff's names where they differ from `<subject>-<kind>`. */
const OASDIFF_IDS: Record<string, string> = {
  "response-body-enum-value-removed": "response-mediatype-enum-value-removed",
};

export function enumRuleId(subject: Subject, kind: string): string {
  const id = `${subject}-${kind}`;
  return OASDIFF_IDS[id] ?? id;
}

export const enumRules: Rule[] = (Object.entries(SUBJECTS) as [Subject, (typeof SUBJECTS)[Subject]][]).flatMap(([subject, info]) =>
  KINDS.map(
    (k): Rule => ({
      id: enumRuleId(subject, k.kind),
      level: k.level[info.direction],
      direction: info.direction,
      family: "enums",
      message: (a) => `${k.text(subjectText(subject, a), a)}${context(a)}`,
    }),
  ),
);

export const ENUM_KINDS: ReadonlySet<string> = new Set(KINDS.map((k) => k.kind));

function list(values: readonly unknown[]): string {
  return values.map((v) => `\`${typeof v === "string" ? v : canonical(v)}\``).join(", ");
}

export function enumChanges(base: View, head: View): SchemaChange[] {
  if (base.enum === undefined && head.enum === undefined) return [];
  if (base.enum === undefined) return [{ kind: "became-enum", args: { values: list(head.enum!) } }];
  if (head.enum === undefined) return [{ kind: "enum-removed", args: { values: list(base.enum) } }];
  const was = new Set(base.enum.map(canonical));
  const now = new Set(head.enum.map(canonical));
  const added = head.enum.filter((v) => !was.has(canonical(v)));
  const removed = base.enum.filter((v) => !now.has(canonical(v)));
  const changes: SchemaChange[] = [];
  if (added.length > 0) changes.push({ kind: "enum-value-added", args: { values: list(added) } });
  if (removed.length > 0) changes.push({ kind: "enum-value-removed", args: { values: list(removed) } });
  return changes;
}
