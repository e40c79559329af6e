/** The bundle's entry module (a file: URL) when it was built from the sources as they are now, else undefined. See bundle.mjs. */
export function currentBundle(generator?: string): string | undefined;
/** Build generator/dist/ and swap it in whole; rejects, leaving the previous bundle, on failure. */
export function buildBundle(generator?: string): Promise<void>;
