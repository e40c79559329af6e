/** Derived specs for the bench: the large spec scaled up (paths duplicated) and a head version with 20 scripted edits. */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import YAML from "yaml";
import { WORK } from "./lib.ts";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

function cached(name: string, source: string, build: () => string): string {
  const dir = join(WORK, "specs");
  mkdirSync(dir, { recursive: true });
  const key = createHash("sha256").update(readFileSync(source)).update(name).update("v1").digest("hex").slice(0, 12);
  const file = join(dir, `${name}-${key}.yaml`);
  if (!existsSync(file)) writeFileSync(file, build());
  return file;
}

const parsed = new Map<string, Json>();
function load(source: string): Json {
  if (!parsed.has(source)) parsed.set(source, YAML.parse(readFileSync(source, "utf8"), { maxAliasCount: -1 }) as Json);
  return structuredClone(parsed.get(source)!);
}

function dump(doc: Json): string {
  return YAML.stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}

export function countOperations(doc: Json): number {
  let n = 0;
  for (const item of Object.values(doc.paths ?? {})) for (const m of METHODS) if ((item as Json)[m]) n++;
  return n;
}

/**
 * The spec at `factor` times its operations: every path duplicated under `/scaleN` prefixes (operationIds
 * suffixed so they stay unique); components are shared, as they would be in a bigger API.
 */
export function scaledSpec(source: string, factor: number): { file: string; operations: number } {
  if (factor === 1) return { file: source, operations: countOperations(load(source)) };
  let operations = 0;
  const file = cached(`scaled-x${factor}`, source, () => {
    const doc = load(source);
    const original = doc.paths as Json;
    const paths: Json = { ...original };
    for (let copy = 2; copy <= factor; copy++) {
      for (const [path, item] of Object.entries(original)) {
        const cloned = structuredClone(item) as Json;
        for (const m of METHODS) {
          if (cloned[m]?.operationId) cloned[m].operationId = `${cloned[m].operationId}Scale${copy}`;
        }
        paths[`/scale${copy}${path}`] = cloned;
      }
    }
    doc.paths = paths;
    return dump(doc);
  });
  operations = countOperations(YAML.parse(readFileSync(file, "utf8"), { maxAliasCount: -1 }) as Json);
  return { file, operations };
}

/** Twenty edits a real API release might carry: breaking, non-breaking and documentation-only. */
export const EDITS: { name: string; apply: (doc: Json) => void }[] = [
  { name: "remove an operation (DELETE /v1/accounts/{account})", apply: (d) => void delete d.paths["/v1/accounts/{account}"].delete },
  {
    name: "add an operation (GET /v1/bench_widgets)",
    apply: (d) =>
      (d.paths["/v1/bench_widgets"] = {
        get: {
          operationId: "GetBenchWidgets",
          description: "<p>List widgets.</p>",
          responses: {
            "200": { description: "Successful response.", content: { "application/json": { schema: { type: "array", items: { type: "string" } } } } },
            default: { description: "Error response.", content: { "application/json": { schema: { $ref: "#/components/schemas/error" } } } },
          },
        },
      }),
  },
  { name: "remove a path (/v1/apple_pay/domains/{domain})", apply: (d) => void delete d.paths["/v1/apple_pay/domains/{domain}"] },
  {
    name: "add a required query parameter (GET /v1/customers)",
    apply: (d) => d.paths["/v1/customers"].get.parameters.push({ in: "query", name: "bench_region", required: true, schema: { type: "string" }, style: "form" }),
  },
  {
    name: "add an optional query parameter (GET /v1/charges)",
    apply: (d) => d.paths["/v1/charges"].get.parameters.push({ in: "query", name: "bench_filter", required: false, schema: { type: "string" }, style: "form" }),
  },
  {
    name: "make an optional query parameter required (GET /v1/customers email)",
    apply: (d) => (d.paths["/v1/customers"].get.parameters.find((p: Json) => p.name === "email").required = true),
  },
  { name: "remove an enum value (customer.tax_exempt: reverse)", apply: (d) => (d.components.schemas.customer.properties.tax_exempt.enum = ["exempt", "none"]) },
  { name: "add an enum value (customer.tax_exempt: partial)", apply: (d) => d.components.schemas.customer.properties.tax_exempt.enum.push("partial") },
  { name: "change a property type (account.created: integer -> string)", apply: (d) => (d.components.schemas.account.properties.created = { type: "string" }) },
  { name: "remove a response property (account.country)", apply: (d) => void delete d.components.schemas.account.properties.country },
  {
    name: "add a response property (customer.bench_score)",
    apply: (d) => (d.components.schemas.customer.properties.bench_score = { type: "integer", nullable: true }),
  },
  {
    name: "make a response property nullable (charge.amount)",
    apply: (d) => (d.components.schemas.charge.properties.amount.nullable = true),
  },
  {
    name: "add a required request-body field (POST /v1/customers)",
    apply: (d) => {
      const schema = d.paths["/v1/customers"].post.requestBody.content["application/x-www-form-urlencoded"].schema;
      schema.properties = { ...schema.properties, bench_required: { type: "string" } };
      schema.required = [...(schema.required ?? []), "bench_required"];
    },
  },
  {
    name: "add a documented 404 response (GET /v1/customers/{customer})",
    apply: (d) =>
      (d.paths["/v1/customers/{customer}"].get.responses["404"] = {
        description: "Not found.",
        content: { "application/json": { schema: { $ref: "#/components/schemas/error" } } },
      }),
  },
  { name: "remove the 200 response (GET /v1/balance)", apply: (d) => void delete d.paths["/v1/balance"].get.responses["200"] },
  { name: "deprecate an operation (GET /v1/invoices)", apply: (d) => (d.paths["/v1/invoices"].get.deprecated = true) },
  { name: "change an operation description (GET /v1/products)", apply: (d) => (d.paths["/v1/products"].get.description = "<p>Lists products (edited).</p>") },
  { name: "tighten a maxLength (GET /v1/customers email 512 -> 256)", apply: (d) => (d.paths["/v1/customers"].get.parameters.find((p: Json) => p.name === "email").schema.maxLength = 256) },
  { name: "add a schema component (bench_widget)", apply: (d) => (d.components.schemas.bench_widget = { type: "object", properties: { id: { type: "string" } }, required: ["id"] }) },
  { name: "bump info.version", apply: (d) => (d.info.version = "2023-09-01") },
];

/** The head side of the contract diff: the large spec with the 20 edits applied. */
export function editedSpec(source: string): { file: string; applied: string[]; failed: string[] } {
  const applied: string[] = [];
  const failed: string[] = [];
  const doc = load(source);
  for (const edit of EDITS) {
    try {
      edit.apply(doc);
      applied.push(edit.name);
    } catch (err) {
      failed.push(`${edit.name}: ${(err as Error).message}`);
    }
  }
  const file = cached("edited", source, () => dump(doc));
  return { file, applied, failed };
}
