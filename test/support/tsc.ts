/** The compiler options of a consumer without Node types (a browser or Deno one): strict, DOM lib, NodeNext. */
export const CONSUMER_WITHOUT_NODE = {
  strict: true,
  target: "ES2022",
  module: "NodeNext",
  moduleResolution: "NodeNext",
  lib: ["ES2022", "DOM"],
  types: [],
  skipLibCheck: true,
} as const;
