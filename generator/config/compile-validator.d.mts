export const SCHEMA_FILE: string;
export const VALIDATOR_FILE: string;
/** The validator module's text for the schema as it is now. */
export function validatorSource(): Promise<string>;
