/**
 * `contractgen diff`: compare two versions of a contract, print the changes by rule, and the change to
 * the generated client. Exit 0 when nothing reaches `--fail-on`, 1 when something does, 2 for usage
 * and spec errors (1 is taken by "breaking").
 */
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { Command, Io, OptionValues } from "../commands/io.ts";
import { apiConfig, DEFAULTS, findConfigFile, loadConfig, type ApiConfig } from "../config/index.ts";
import { formatUserFailure, isUserFailure, UserError } from "../errors.ts";
import { defaultApiName } from "../pipeline/naming.ts";
import { loadSpec, type LoadedSpec } from "../spec/load.ts";
import { openapi31View } from "../spec/openapi32.ts";
import { compareFindings, diffSpecs, emptySpec } from "./diff.ts";
import { FORMATS, render, type Format } from "./format.ts";
import { diffOptionsFrom, OPTIONAL_CHECKS } from "./options.ts";
import { annotationRoot, gitShow, loadGitSpec, parseSide, repoPath, repoRoot, refExists } from "./git.ts";
import { modelOptions, modelsOf, surfaceDiff, type SurfaceDiff } from "./surface.ts";
import { LEVELS, type Finding, type Level } from "./core/types.ts";

const FAIL_ON = ["ERR", "WARN", "never"] as const;
type FailOn = (typeof FAIL_ON)[number];

const RANK: Record<Level, number> = { ERR: 3, WARN: 2, INFO: 1 };

export function exitCodeFor(findings: readonly Finding[], failOn: FailOn): number {
  if (failOn === "never") return 0;
  const threshold = RANK[failOn];
  return findings.some((f) => RANK[f.level] >= threshold) ? 1 : 0;
}

interface Pair {
  api: ApiConfig;
  /** Undefined when the API does not exist on the base side. */
  base: LoadedSpec | undefined;
  head: LoadedSpec;
}

function option<T extends string>(values: OptionValues, name: string, allowed: readonly T[], fallback: T): T {
  const value = values[name];
  if (value === undefined) return fallback;
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new UserError({ kind: "usage", message: `--${name} must be one of ${allowed.join(", ")}`, hint: "see `contractgen diff --help`" });
  }
  return value as T;
}

/** A 3.2 spec is compared as the generator reads it: its 3.1 view (any other spec as it is). */
const view = (spec: LoadedSpec): LoadedSpec => openapi31View(spec).spec;

async function explicitPair(values: OptionValues, io: Io): Promise<{ pair: Pair; root: string }> {
  if (typeof values.base !== "string" || typeof values.head !== "string") {
    throw new UserError({ kind: "usage", message: "--base and --head go together", hint: "contractgen diff --base <file | ref:path> --head <file | ref:path>" });
  }
  let root = io.cwd;
  const load = (arg: string): LoadedSpec => {
    const side = parseSide(arg, io.cwd);
    if (side.kind === "file") return view(loadSpec(side.path));
    root = repoRoot(io.cwd);
    return view(loadGitSpec(root, side.ref, repoPath(root, io.cwd, side.path)));
  };
  const base = load(values.base);
  const head = load(values.head);
  // The envelope of a configured API whose spec this is, so the generated surface is the real one;
  // otherwise the API is named after the head's file, as the report names the side it compares.
  let api: ApiConfig = apiConfig({ name: defaultApiName(undefined, head.rootPath), spec: head.rootPath, output: "", errorEnvelope: DEFAULTS.errorEnvelope });
  const configFile = typeof values.config === "string" ? values.config : findConfigFile(io.cwd);
  if (configFile) {
    const config = await loadConfig(configFile, io.cwd);
    const match = config.apis.find((a) => a.spec === head.rootPath || a.spec === base.rootPath);
    if (match) api = match;
  }
  return { pair: { api, base, head }, root };
}

async function configuredPairs(values: OptionValues, io: Io): Promise<{ pairs: Pair[]; root: string }> {
  const config = await loadConfig(values.config as string | undefined, io.cwd);
  const root = repoRoot(config.root);
  const ref = typeof values["base-ref"] === "string" ? values["base-ref"] : "origin/main";
  if (!refExists(root, ref)) throw new UserError({ kind: "usage", message: `unknown git ref "${ref}"`, hint: "fetch it first (`git fetch origin main`) or pass --base-ref" });
  const pairs = config.apis.map((api): Pair => {
    const rel = relative(root, api.spec).split("\\").join("/");
    const onBase = gitShow(root, ref, rel) !== undefined;
    return { api, base: onBase ? view(loadGitSpec(root, ref, rel)) : undefined, head: view(loadSpec(api.spec)) };
  });
  return { pairs, root };
}

export const diffCommand: Command = {
  summary: "report contract changes between two versions of a spec, and the change to the generated client",
  usage: `contractgen diff --base <file | ref:path> --head <file | ref:path> [options]
contractgen diff [--base REF | --base-ref REF] [options]
                 every configured spec: REF (default origin/main) against the working tree

A side is a file, or \`ref:path\` read with \`git show\` (path relative to the repository root), for
example \`origin/main:spec/hostup.yaml\` or \`HEAD~1:spec/hostup.yaml\`.

Options:
      --format F      text (default); markdown (pull-request comment: a shared-schema edit once, with
                      the operations it reaches); json (one entry per operation); github (workflow
                      annotations, paths from the repository root); changelog (markdown, by operation)
      --level L       list changes at or above L: ERR, WARN or INFO. The text format lists only the
                      breaking changes (ERR) by default, as oasdiff's \`breaking\` does, after a
                      one-line summary that counts every level; the other formats list everything
      --all           the same as --level INFO: every change, as oasdiff's \`changelog\` does
      --fail-on L     ERR (default), WARN or never: exit 1 when a change is at or above L (whatever
                      --level shows)
      --base-ref REF  base for the configured specs (default origin/main)
      --no-surface    skip the generated-client comparison (faster)
  -c, --config FILE   config file (default: contractgen.config.json in the current folder)

oasdiff's options, under its names:
      --severity-levels FILE        level overrides, one \`<rule-id> <LEVEL>\` a line, LEVEL one of
                                    ERR, WARN, INFO or NONE (NONE drops the rule); # starts a comment
      --include-checks ID,ID        raise oasdiff's optional checks to ERR:
                                    ${OPTIONAL_CHECKS.join(", ")}
      --exclude-elements E,E        ignore changes to description, examples, title or summary (of
                                    these, contractgen compares only OAuth scope descriptions)
      --deprecation-days-beta N     days a deprecated beta endpoint or parameter must keep before its
                                    x-sunset: deprecating it without a sunset, or with an earlier
                                    one, is ERR (default 0: no policy)
      --deprecation-days-stable N   the same for stable ones (x-stability-level unset or stable)

Exit codes: 0 nothing at or above --fail-on, 1 something is, 2 usage or spec error.`,
  options: {
    base: { type: "string" },
    head: { type: "string" },
    format: { type: "string" },
    "fail-on": { type: "string" },
    level: { type: "string" },
    all: { type: "boolean" },
    "base-ref": { type: "string" },
    "no-surface": { type: "boolean" },
    config: { type: "string", short: "c" },
    "severity-levels": { type: "string" },
    "include-checks": { type: "string", multiple: true },
    "exclude-elements": { type: "string", multiple: true },
    "deprecation-days-beta": { type: "string" },
    "deprecation-days-stable": { type: "string" },
  },
  async run(values, io) {
    try {
      const format = option<Format>(values, "format", FORMATS, "text");
      const failOn = option<FailOn>(values, "fail-on", FAIL_ON, "ERR");
      if (values.all && values.level !== undefined) throw new UserError({ kind: "usage", message: "--all and --level go one at a time", hint: "--all is --level INFO" });
      const level = values.all ? "INFO" : option<Level>(values, "level", LEVELS, format === "text" ? "ERR" : "INFO");
      const diffOptions = diffOptionsFrom(values, io.cwd);
      // `--base origin/main` alone (a ref, not a file or ref:path) means every configured spec against that ref.
      if (typeof values.base === "string" && values.head === undefined && values["base-ref"] === undefined && parseSide(values.base, io.cwd).kind === "file" && !existsSync(resolve(io.cwd, values.base))) {
        values = { ...values, "base-ref": values.base, base: undefined };
      }
      const explicit = values.base !== undefined || values.head !== undefined;
      if (explicit && values["base-ref"] !== undefined) throw new UserError({ kind: "usage", message: "--base-ref is for the configured specs; it cannot be combined with --base/--head" });
      const { pairs, root } = explicit ? await explicitPair(values, io).then((r) => ({ pairs: [r.pair], root: r.root })) : await configuredPairs(values, io);
      const multi = !explicit;
      const findings: Finding[] = [];
      const heads = new Map<string, LoadedSpec>();
      const surfaces: SurfaceDiff[] = [];
      for (const pair of pairs) {
        const label = multi ? pair.api.name : undefined;
        // One model per side: the error-code rules read it, and so does the generated-client section.
        const models = modelsOf(pair.api, pair.base, pair.head);
        findings.push(...diffSpecs(pair.base ?? emptySpec(pair.head.rootPath), pair.head, { ...diffOptions, api: label, models: modelOptions(models) }).findings);
        heads.set(label ?? "", pair.head);
        if (!values["no-surface"] && format !== "github") surfaces.push(surfaceDiff(pair.api.name, models, pair));
      }
      findings.sort(compareFindings);
      const annotationsFrom = format === "github" ? annotationRoot(io.cwd, io.env) : undefined;
      const text = render(format, { findings, heads, surfaces, cwd: io.cwd, level, ...(annotationsFrom !== undefined ? { root: annotationsFrom } : {}) });
      if (text !== "") io.out(text);
      return exitCodeFor(findings, failOn);
    } catch (err) {
      if (!isUserFailure(err)) throw err;
      io.err(formatUserFailure(err, io.cwd));
      return 2;
    }
  },
};
