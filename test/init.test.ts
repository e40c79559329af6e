/**
 * `contractgen init --spec FILE`: writes a config that `generate` then uses as is, with the name from
 * the spec's title and the output under generated/; adds an API to an existing JSON config (its text
 * otherwise untouched), refusing a second API of the same name, spec or folder; never edits a module
 * config; refuses a missing or unparsable spec and a bad name with one positioned line, writing nothing.
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

  it("adds an API to an existing config, beside the other APIs' folders, leaving the rest of its text as it was", async () => {
    const existing = `{
  "guards": ["cardNumber"],
  "apis": [
    {
      "name": "pets",
      "spec": "pets.yaml",
      "output": "src/api/pets"
    }
  ]
}
`;
    const dir = project({ "pets.yaml": SPEC, "specs/owners.yaml": SPEC.replace("Pet Store API", "Owners"), "contractgen.config.json": existing });
    const init = await run(["init", "--spec", "specs/owners.yaml"], dir);
    expect(init).toEqual({ code: 0, out: "added owners to contractgen.config.json: from specs/owners.yaml into src/api/owners/\nnext: `npx contractgen generate`", err: "" });
    expect(readFileSync(join(dir, "contractgen.config.json"), "utf8")).toBe(
      existing.replace(
        '"output": "src/api/pets"\n    }',
        '"output": "src/api/pets"\n    },\n    {\n      "name": "owners",\n      "spec": "specs/owners.yaml",\n      "output": "src/api/owners",\n      "errorEnvelope": "infer"\n    }',
      ),
    );
    const generated = await run(["generate", "-q"], dir);
    expect(generated, generated.err).toEqual({ code: 0, out: "", err: "" });
    expect(readFileSync(join(dir, "src/api/owners/client.ts"), "utf8")).toContain("createOwnersClient");
  }, 30_000);

  it("adds to a config whose list is on one line, on that line", async () => {
    const existing = '{ "apis": [{ "name": "pets", "spec": "pets.yaml", "output": "out/pets" }] }\n';
    const dir = project({ "pets.yaml": SPEC, "owners.yaml": SPEC, "contractgen.config.json": existing });
    expect((await run(["init", "--spec", "owners.yaml", "--name", "owners"], dir)).code).toBe(0);
    expect(readFileSync(join(dir, "contractgen.config.json"), "utf8")).toBe(
      '{ "apis": [{ "name": "pets", "spec": "pets.yaml", "output": "out/pets" }, {"name":"owners","spec":"owners.yaml","output":"out/owners","errorEnvelope":"infer"}] }\n',
    );
  });

  it.each([
    [["init", "--spec", "owners.yaml", "--name", "pets"], 'error: contractgen.config.json already has an API named "pets" (API "pets"); not adding it again\n  hint: pass --name to add the spec under another name'],
    [["init", "--spec", "pets.yaml", "--name", "again"], 'error: contractgen.config.json already has the spec pets.yaml (API "pets"); not adding it again\n  hint: edit its entry instead'],
    [["init", "--spec", "owners.yaml", "--name", "owners", "--out", "out/pets"], 'error: contractgen.config.json already has an API generated into out/pets/ (API "pets"); not adding it again\n  hint: pass --out to choose another folder'],
  ])("%j: refuses a second API of the same name, spec or folder, changing nothing", async (args, message) => {
    const existing = JSON.stringify({ apis: [{ name: "pets", spec: "pets.yaml", output: "out/pets" }] }, null, 2);
    const dir = project({ "pets.yaml": SPEC, "owners.yaml": SPEC, "contractgen.config.json": existing });
    expect(await run(args, dir)).toEqual({ code: 2, out: "", err: message });
    expect(readFileSync(join(dir, "contractgen.config.json"), "utf8")).toBe(existing);
  });

  it("never edits a module config: prints the entry to add instead", async () => {
    const module = 'export default { apis: [{ name: "pets", spec: "pets.yaml", output: "out/pets" }] };\n';
    const dir = project({ "pets.yaml": SPEC, "owners.yaml": SPEC, "contractgen.config.mjs": module });
    expect(await run(["init", "--spec", "owners.yaml", "--name", "owners"], dir)).toEqual({
      code: 2,
      out: "",
      err: 'error: contractgen.config.mjs is a module; init does not edit it\n  hint: add this entry to its apis: {"name":"owners","spec":"owners.yaml","output":"out/owners","errorEnvelope":"infer"}',
    });
    expect(readFileSync(join(dir, "contractgen.config.mjs"), "utf8")).toBe(module);
    expect(existsSync(join(dir, "contractgen.config.json"))).toBe(false);
  });

  it("never overwrites a config it cannot read: says why, and leaves it as it was", async () => {
    const dir = project({ "openapi.yaml": SPEC, "contractgen.config.json": "keep me" });
    expect(await run(["init", "--spec", "openapi.yaml"], dir)).toEqual({ code: 2, out: "", err: "contractgen.config.json:1:1: error: config must be an object with an `apis` list, got \"keep me\"" });
    expect(readFileSync(join(dir, "contractgen.config.json"), "utf8")).toBe("keep me");
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
