/**
 * GitHub workflow commands (`::error file=…,line=…,title=…::message`): annotations on a pull
 * request's files. Data and property values are escaped as the runner decodes them (escape.ts).
 */
import { annotationData, annotationProperty } from "./escape.ts";
import type { Level } from "./finding.ts";

const COMMAND: Record<Level, string> = { error: "error", warning: "warning", note: "notice" };

export interface Annotation {
  level: Level;
  /** Relative to the repository root, `/`-separated. */
  file?: string;
  line?: number;
  title: string;
  message: string;
}

export function annotationLine(a: Annotation): string {
  const props: string[] = [];
  if (a.file !== undefined) props.push(`file=${annotationProperty(a.file)}`);
  if (a.line !== undefined) props.push(`line=${a.line}`);
  props.push(`title=${annotationProperty(a.title)}`);
  return `::${COMMAND[a.level]} ${props.join(",")}::${annotationData(a.message)}`;
}
