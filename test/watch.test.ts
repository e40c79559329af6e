/**
 * `contractgen watch` as a real process in a scratch project (a config, one small spec, its output):
 * a save regenerates and says what changed and how long it took; an invalid save prints the positioned
 * error and keeps the last good output; a fix regenerates again; with two APIs only the one whose
 * files changed is regenerated (a broken spec of one does not block the other); SIGINT stops cleanly
 * with exit 0.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scratchCopy, snapshotTree } from "./support/tree.ts";

const repo = join(import.meta.dirname, "..");
const bin = join(repo, "generator/bin.mjs");
const fixture = join(import.meta.dirname, "fixtures/broken/recursive-schema-ok");

/** Collects the output of a child process and resolves when a line matching `pattern` appears. */
class Lines {
  text = "";
  private waiters: { pattern: RegExp; from: number; resolve: (line: string) => void }[] = [];
  constructor(child: ChildProcess) {
    const add = (chunk: Buffer) => {
      this.text += chunk.toString();
      this.waiters = this.waiters.filter((w) => {
        const line = this.text.slice(w.from).split("\n").find((l) => w.pattern.test(l));
        if (line !== undefined) w.resolve(line);
        return line === undefined;
      });
    };
    child.stdout!.on("data", add);
    child.stderr!.on("data", add);
  }
  /** The next line (after everything seen so far) matching `pattern`. */
  next(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const from = this.text.length;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; output so far:\n${this.text}`)), timeoutMs);
      this.waiters.push({ pattern, from, resolve: (line) => (clearTimeout(timer), resolve(line)) });
    });
  }
}

describe("contractgen watch", () => {
  const dir = scratchCopy("contractgen-watch", fixture);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("regenerates on save, keeps the last good output on an invalid save, stops on SIGINT", async () => {
    rmSync(join(dir, "expected.json"));
    writeFileSync(join(dir, "contractgen.config.json"), JSON.stringify({ apis: [{ name: "pets", spec: "spec.yaml", output: "generated/pets" }] }, null, 2));
    const spec = readFileSync(join(dir, "spec.yaml"), "utf8");
    const child = spawn(process.execPath, [bin, "watch", "--debounce", "100"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    const lines = new Lines(child);
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await lines.next(/^watching /, 60_000);
      // the shared runtime folder is written once, beside the API folders
      expect(lines.text).toMatch(/^initial generation: wrote generated\/pets, generated\/runtime in \d+ ms$/m);
      const schemaFile = join(dir, "generated/pets/schema.ts");
      expect(readFileSync(schemaFile, "utf8")).not.toContain("nickname");

      // 1. A valid edit: the "changed" line names the file and the time taken; the output follows.
      const changed = lines.next(/changed: /);
      writeFileSync(join(dir, "spec.yaml"), spec.replace("        id:\n", "        nickname:\n          type: string\n        id:\n"));
      expect(await changed).toMatch(/^spec\.yaml changed: wrote generated\/pets in \d+ ms$/);
      expect(readFileSync(schemaFile, "utf8")).toContain("nickname");

      // 2. An invalid save: the positioned error, and the last good output kept byte for byte.
      const good = snapshotTree(join(dir, "generated"));
      const kept = lines.next(/kept the last good output/);
      writeFileSync(join(dir, "spec.yaml"), spec.replace('"#/components/schemas/Pet"', '"#/components/schemas/Pets"'));
      await kept;
      expect(lines.text).toContain(
        "spec.yaml:21:17: error: $ref target not found: #/components/schemas/Pets (at #/paths/~1pets~1{petId}/get/responses/200/content/application~1json/schema/$ref)",
      );
      expect(lines.text).not.toMatch(/^\s+at /m);
      expect(snapshotTree(join(dir, "generated"))).toEqual(good);

      // 3. Fixed again: regenerated (back to the original spec, so no `nickname`).
      const fixed = lines.next(/^spec\.yaml changed: /);
      writeFileSync(join(dir, "spec.yaml"), spec);
      expect(await fixed).toMatch(/wrote generated\/pets in \d+ ms$/);
      expect(readFileSync(schemaFile, "utf8")).not.toContain("nickname");

      // 4. A template-free config edit is picked up too (same APIs: output unchanged).
      const config = lines.next(/^contractgen\.config\.json changed: /);
      writeFileSync(join(dir, "contractgen.config.json"), JSON.stringify({ apis: [{ name: "pets", spec: "spec.yaml", output: "generated/pets" }] }));
      expect(await config).toMatch(/output unchanged in \d+ ms$/);

      // 5. With two APIs, a save regenerates only the API whose files changed.
      writeFileSync(join(dir, "other.yaml"), spec);
      const added = lines.next(/^contractgen\.config\.json changed: /);
      writeFileSync(
        join(dir, "contractgen.config.json"),
        JSON.stringify({ apis: [{ name: "pets", spec: "spec.yaml", output: "generated/pets" }, { name: "other", spec: "other.yaml", output: "generated/other" }] }),
      );
      expect(await added).toMatch(/wrote generated\/other in \d+ ms$/);
      const pets = snapshotTree(join(dir, "generated/pets"));
      // pets is broken now: that must not stop other from regenerating
      const broken = lines.next(/kept the last good output/);
      writeFileSync(join(dir, "spec.yaml"), spec.replace('"#/components/schemas/Pet"', '"#/components/schemas/Pets"'));
      await broken;
      const onlyOther = lines.next(/^other\.yaml changed: /);
      writeFileSync(join(dir, "other.yaml"), spec.replace("        id:\n", "        nickname:\n          type: string\n        id:\n"));
      expect(await onlyOther).toMatch(/^other\.yaml changed: wrote generated\/other in \d+ ms$/);
      expect(readFileSync(join(dir, "generated/other/schema.ts"), "utf8")).toContain("nickname");
      expect(snapshotTree(join(dir, "generated/pets"))).toEqual(pets);
    } finally {
      const stopped = lines.next(/^stopped watching$/).catch(() => undefined);
      child.kill("SIGINT");
      await stopped;
    }
    expect(await exited).toBe(0);
    expect(lines.text).toContain("stopped watching");
  }, 120_000);
});
