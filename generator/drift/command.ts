/**
 * `contractgen drift --api NAME FILE.har`: match every recorded exchange to an operation of the API's
 * spec and report where the live API and the contract part. Exit 0 no drift, 1 drift, 2 usage or spec
 * error (1 is taken by "drift").
 */
import { resolve } from "node:path";
import { printSpecWarnings, type Command, type OptionValues } from "../commands/io.ts";
import { loadConfig, type ApiConfig } from "../config/index.ts";
import { formatUserFailure, isUserFailure, UserError } from "../errors.ts";
import { loadSpec, type LoadedSpec } from "../spec/load.ts";
import { checkExchange, type DriftContext } from "./check.ts";
import { readHar, type Exchange } from "./har.ts";
import { createMatcher, serverBases, specOperations } from "./operations.ts";
import { createScrubber, secretNames } from "./redact.ts";
import { isSecretUrlName } from "./secrets.ts";
import { compareFindings, FORMATS, render, type DriftReport, type Format } from "./report.ts";
import { createSchemaChecker } from "./schema.ts";

export interface DriftOptions {
  /** Replaces the spec's servers, for a recording made against another host (staging, localhost). */
  baseUrl?: string;
}

/** The drift of every exchange of a recording against one API; pure apart from what `spec` holds. */
export function driftReport(api: ApiConfig, spec: LoadedSpec, exchanges: Exchange[], file: string, options: DriftOptions = {}): DriftReport {
  const match = createMatcher(specOperations(spec), serverBases(spec, options.baseUrl));
  // Path parameters the spec names like credentials (`/invites/{token}`) are secrets of their exchange.
  const pathSecrets = (exchange: Exchange): string[] => {
    const matched = match(exchange.method, exchange.url);
    return matched.kind === "matched" ? Object.entries(matched.pathParams).flatMap(([name, value]) => (isSecretUrlName(name) ? [value] : [])) : [];
  };
  const ctx: DriftContext = { spec, api, match, checkSchema: createSchemaChecker(spec), scrub: createScrubber(secretNames(spec), exchanges, pathSecrets) };
  const report: DriftReport = { api: api.name, file, entries: exchanges.length, matched: 0, ignored: 0, operations: {}, findings: [] };
  for (const exchange of exchanges) {
    const result = checkExchange(exchange, ctx);
    if (result.outcome === "ignored") report.ignored++;
    if (result.outcome === "matched") {
      report.matched++;
      report.operations[result.operationId!] = (report.operations[result.operationId!] ?? 0) + 1;
    }
    report.findings.push(...result.findings);
  }
  report.findings.sort(compareFindings);
  return report;
}

function harPath(values: OptionValues): string {
  const positional = Array.isArray(values.positionals) ? values.positionals : [];
  const har = typeof values.har === "string" ? [values.har, ...positional] : positional;
  if (har.length !== 1) {
    throw new UserError({ kind: "usage", message: har.length === 0 ? "no HAR file given" : "give one HAR file per run", hint: "contractgen drift --api NAME FILE.har" });
  }
  return har[0]!;
}

function formatOf(values: OptionValues): Format {
  const format = values.format ?? "text";
  if (typeof format !== "string" || !(FORMATS as readonly string[]).includes(format)) {
    throw new UserError({ kind: "usage", message: `--format must be one of ${FORMATS.join(", ")}`, hint: "see `contractgen drift --help`" });
  }
  return format as Format;
}

export const driftCommand: Command = {
  positionals: true,
  summary: "report where recorded traffic (a HAR file) departs from an API's spec",
  usage: `contractgen drift --api NAME FILE.har [--format text|markdown|json] [--base-url URL]

Matches every request of the recording (a HAR export from browser devtools or a proxy) to an
operation of the API's spec, by method, path template and server, and reports each departure:
undocumented operation, status or error code, content type, a body that is not JSON, and body
schema mismatches as JSON pointer + expected + actual. A streamed body (server-sent events, JSON
lines, json-seq) is checked item by item against the schema of one item, each finding naming the
item (and its event and id) and where that schema is written. Requests to other hosts are ignored.
Secrets never appear in the report, wherever they recur in the recording: credential headers and
cookies, token-like or credential-named URL parts, credential-named body fields, card numbers, IBANs.

Options:
      --api NAME      the API of the config to check against
      --har FILE      the recording (or give it as the last argument)
      --format F      text (default), markdown (pull-request comment), json
      --base-url URL  where the recording was made, when not at the spec's server (staging, localhost)
  -c, --config FILE   config file (default: the nearest contractgen.config.json)

Exit codes: 0 no drift, 1 drift found, 2 usage or spec error.`,
  options: {
    api: { type: "string" },
    har: { type: "string" },
    format: { type: "string" },
    "base-url": { type: "string" },
    config: { type: "string", short: "c" },
  },
  async run(values, io) {
    try {
      const format = formatOf(values);
      const file = harPath(values);
      const baseUrl = values["base-url"];
      if (baseUrl !== undefined && (typeof baseUrl !== "string" || !URL.canParse(baseUrl))) {
        throw new UserError({ kind: "usage", message: "--base-url must be an absolute URL such as http://localhost:8080" });
      }
      const config = await loadConfig(typeof values.config === "string" ? values.config : undefined, io.cwd);
      if (typeof values.api !== "string") {
        throw new UserError({ kind: "usage", message: "--api is required", hint: `APIs in the config: ${config.apis.map((a) => a.name).join(", ")}` });
      }
      const api = config.apis.find((a) => a.name === values.api);
      if (!api) throw new UserError({ kind: "usage", message: `no API named "${values.api}" in the config`, hint: `APIs in the config: ${config.apis.map((a) => a.name).join(", ")}` });
      const exchanges = readHar(resolve(io.cwd, file));
      const spec = loadSpec(api.spec);
      const report = driftReport(api, spec, exchanges, file, baseUrl === undefined ? {} : { baseUrl });
      printSpecWarnings(spec, io);
      io.out(render(format, report));
      return report.findings.length > 0 ? 1 : 0;
    } catch (err) {
      if (!isUserFailure(err)) throw err;
      io.err(formatUserFailure(err, io.cwd));
      return 2;
    }
  },
};
