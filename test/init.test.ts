/**
 * `contractgen init --spec FILE` (issue 16): writes a config that `generate` then uses as is, with the
 * name from the spec's title and the output under generated/; never overwrites a config; refuses a
 * missing or unparsable spec and a bad name with one positioned line, writing nothing.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runMain } from "./support/cli.ts";
import { scratchCopy } from "./support/tree.ts";

const SPEC = `openapi: 3.1.0
info:
  title: Pet Store API
  version: "1"
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: The pets
`;

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function project(files: Record<string, string> = { "openapi.yaml": SPEC }): string {
  const dir = scratchCopy("contractgen-init");
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const run = runMain;

const configOf = (path: string) => JSON.parse(readFileSync(path, "utf8")) as unknown;

describe("contractgen init", () => {
  it("writes a config named from the spec's title, which generate then uses", async () => {
    const dir = project();
    const init = await run(["init", "--spec", "openapi.yaml"], dir);
    expect(init).toEqual({
      code: 0,
      out: "wrote contractgen.config.json: pet-store-api from openapi.yaml into generated/pet-store-api/\nnext: `npx contractgen generate`",
      err: "",
    });
    expect(configOf(join(dir, "contractgen.config.json"))).toEqual({ apis: [{ name: "pet-store-api", spec: "openapi.yaml", output: "generated/pet-store-api", errorEnvelope: "infer" }] });
    const generated = await run(["generate", "-q"], dir);
    expect(generated, generated.err).toEqual({ code: 0, out: "", err: "" });
    expect(readFileSync(join(dir, "generated/pet-store-api/client.ts"), "utf8")).toContain("createPetStoreApiClient");
  }, 30_000);

  it("takes --out, --name and -c (paths in the config are relative to it)", async () => {
    const dir = project({ "specs/pets.yaml": SPEC });
    const init = await run(["init", "--spec", "specs/pets.yaml", "--out", "src/api", "--name", "pets", "-c", "config/contractgen.config.json"], dir);
    expect(init.code, init.err).toBe(0);
    expect(init.out.split("\n")[1]).toBe("next: `npx contractgen generate -c config/contractgen.config.json`");
    expect(configOf(join(dir, "config/contractgen.config.json"))).toEqual({ apis: [{ name: "pets", spec: "../specs/pets.yaml", output: "../src/api", errorEnvelope: "infer" }] });
  });

  it("never overwrites a config, whichever of the config names it has", async () => {
    for (const name of ["contractgen.config.json", "contractgen.config.mjs"]) {
      const dir = project({ "openapi.yaml": SPEC, [name]: "keep me" });
      expect(await run(["init", "--spec", "openapi.yaml"], dir)).toEqual({ code: 2, out: "", err: `error: ${name} already exists; not overwriting it\n  hint: edit it, or remove it and run init again` });
      expect(readFileSync(join(dir, name), "utf8")).toBe("keep me");
    }
  });

  it.each([
    [["init"], 2, "error: init needs --spec FILE"],
    [["init", "--spec", "missing.yaml"], 2, "error: spec file not found: missing.yaml"],
    [["init", "--spec", "openapi.yaml", "--name", "Pets!"], 2, 'error: invalid API name "Pets!"'],
    [["init", "--spec", "broken.yaml"], 1, /^broken\.yaml:3:1: error: YAML syntax error/],
    [["init", "--spec", "openapi.yaml", "-c", "contractgen.yaml"], 2, "error: init writes a JSON config; contractgen.yaml is not a .json file"],
  ])("%j: exit %i, one clear line, nothing written", async (args, exitCode, message) => {
    const dir = project({ "openapi.yaml": SPEC, "broken.yaml": "openapi: 3.1.0\ninfo: [unclosed\n" });
    const { code, err } = await run(args as string[], dir);
    expect(code).toBe(exitCode);
    expect(err.split("\n")[0]).toMatch(typeof message === "string" ? new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) : message);
    expect(readdirSync(dir).sort()).toEqual(["broken.yaml", "openapi.yaml"]);
    expect(existsSync(join(dir, "contractgen.config.json"))).toBe(false);
  });
});
