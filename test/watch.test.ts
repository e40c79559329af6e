/**
 * `contractgen watch` as a real process in a scratch project (a config, one small spec, its output):
 * a save regenerates and says what changed and how long it took; an invalid save prints the positioned
 * error and keeps the last good output; a fix regenerates again; with two APIs only the one whose
 * files changed is regenerated (a broken spec of one does not block the other); SIGINT stops cleanly
 * with exit 0. In-process, two watches run side by side, each stopped by its own AbortSignal.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NO_PAINT } from "../generator/findings/colour.ts";
import type { CommandIo } from "../generator/commands/io.ts";
import { loadConfig } from "../generator/config/index.ts";
import { watchAndRegenerate } from "../generator/commands/watch.ts";
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

describe("watchAndRegenerate, in-process", () => {
  /** A CommandIo that records stdout lines, and resolves `next(pattern)` when one matches. */
  function recordingIo(cwd: string, signal: AbortSignal) {
    const lines: string[] = [];
    let waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
    const out = (line: string) => {
      lines.push(line);
      waiters = waiters.filter((w) => (w.pattern.test(line) ? (w.resolve(line), false) : true));
    };
    const io: CommandIo = {
      out,
      err: out,
      cwd,
      env: {},
      warn: out,
      verbose: () => {},
      progress: () => {},
      paint: { out: NO_PAINT, err: NO_PAINT },
      signal,
      hint: (command) => `contractgen ${command}`,
    };
    const next = (pattern: RegExp) => new Promise<string>((resolve) => waiters.push({ pattern, resolve }));
    return { io, lines, next };
  }

  it("keeps no module state: two watches side by side, each stopped by its own signal", async () => {
    const spec = readFileSync(join(fixture, "spec.yaml"), "utf8");
    const edited = spec.replace("        id:\n", "        nickname:\n          type: string\n        id:\n");
    const projects = ["a", "b"].map((name) => {
      const dir = scratchCopy(`contractgen-watch-${name}`);
      writeFileSync(join(dir, "spec.yaml"), spec);
      writeFileSync(join(dir, "contractgen.config.json"), JSON.stringify({ apis: [{ name, spec: "spec.yaml", output: `generated/${name}` }] }));
      const controller = new AbortController();
      const recorder = recordingIo(dir, controller.signal);
      return { dir, controller, ...recorder, started: recorder.next(/^watching /) };
    });
    const [a, b] = projects as [(typeof projects)[number], (typeof projects)[number]];
    try {
      const running = projects.map(async (p) => watchAndRegenerate({ config: await loadConfig(undefined, p.dir), io: p.io, debounceMs: 20, signal: p.controller.signal }));
      await Promise.all(projects.map((p) => p.started));

      const aChanged = a.next(/^spec\.yaml changed: /);
      writeFileSync(join(a.dir, "spec.yaml"), edited);
      expect(await aChanged).toMatch(/^spec\.yaml changed: wrote generated\/a in \d+ ms$/);
      expect(b.lines.filter((l) => l.includes("changed"))).toEqual([]);

      a.controller.abort();
      await running[0]; // resolves once its watchers and formatter are closed
      const seenByA = a.lines.length;
      const bChanged = b.next(/^spec\.yaml changed: /);
      writeFileSync(join(b.dir, "spec.yaml"), edited);
      writeFileSync(join(a.dir, "spec.yaml"), spec);
      expect(await bChanged).toMatch(/^spec\.yaml changed: wrote generated\/b in \d+ ms$/);
      expect(readFileSync(join(b.dir, "generated/b/schema.ts"), "utf8")).toContain("nickname");
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(a.lines.slice(seenByA)).toEqual([]); // stopped: the save to a went unnoticed
      expect(readFileSync(join(a.dir, "generated/a/schema.ts"), "utf8")).toContain("nickname");

      b.controller.abort();
      await running[1];
    } finally {
      for (const p of projects) p.controller.abort();
      for (const p of projects) rmSync(p.dir, { recursive: true, force: true });
    }
  }, 60_000);
});
