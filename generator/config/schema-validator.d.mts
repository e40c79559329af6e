/** One of ajv's errors, with `verbose` on: the failing keyword's schema and the schema holding it. */
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  schema?: unknown;
  parentSchema?: Record<string, unknown>;
  data?: unknown;
}

/** ajv's compiled check of schema.json (see compile-validator.mjs): true, or false with `validate.errors` set. */
export declare const validate: {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
};
export default validate;
