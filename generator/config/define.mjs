/**
 * `defineConfig` for contractgen.config.mjs: returns the config as given, typed (see define.d.mts).
 * `import { defineConfig } from "contractgen/config"`.
 */
export function defineConfig(config) {
  return config;
}
