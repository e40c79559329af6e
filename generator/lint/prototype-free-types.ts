/**
 * @redocly/openapi-core looks a spec key up in its type tables as `type.properties[key]`, on plain
 * objects: a key named like an Object.prototype member (a schema or path called `hasOwnProperty`,
 * `constructor`, `toString`) finds the inherited function, which redocly then calls as a type
 * resolver: `hasOwnProperty` throws, `constructor` yields a spec node taken for a type. Its tables,
 * once normalised, get no prototype, so that every key of a spec is data.
 */
import { createRequire } from "node:module";

interface NodeType {
  properties?: Record<string, unknown>;
}
interface TypesModule {
  normalizeTypes: (...args: unknown[]) => Record<string, NodeType>;
  SpecExtension: NodeType;
}

const PATCHED = Symbol.for("contractgen.prototypeFreeTypes");

export function usePrototypeFreeTypes(): void {
  const types = createRequire(import.meta.url)("@redocly/openapi-core/lib/types") as TypesModule & { [PATCHED]?: true };
  if (types[PATCHED]) return;
  const normalize = types.normalizeTypes;
  types.normalizeTypes = (...args) => {
    const normalized = normalize(...args);
    for (const type of Object.values(normalized)) if (type.properties) Object.setPrototypeOf(type.properties, null);
    return normalized;
  };
  if (types.SpecExtension.properties) Object.setPrototypeOf(types.SpecExtension.properties, null);
  types[PATCHED] = true;
}
