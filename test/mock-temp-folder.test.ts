/** temp-folder.ts: a mock folder is removed once its owners are gone, and not before. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { recordOwners, removeOrphanFolders } from "../generator/mock/temp-folder.ts";

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await once(child, "exit");
  return child.pid!;
}

describe("removeOrphanFolders", () => {
  it("removes the folders whose owners are all gone, keeps the rest", async () => {
    const dir = mkdtempSync(join(tmpdir(), "contractgen-temp-folder-"));
    const folder = (name: string) => {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, "openapi.json"), "{}");
      return join(dir, name);
    };
    const orphan = folder("contractgen-mock-orphan");
    recordOwners(orphan, [await deadPid(), await deadPid()]);
    const halfAlive = folder("contractgen-mock-running");
    recordOwners(halfAlive, [await deadPid(), process.pid]);
    const unowned = folder("contractgen-mock-no-owners");
    const other = folder("someone-else");
    recordOwners(other, [await deadPid()]);

    expect(removeOrphanFolders(dir)).toEqual([orphan]);
    expect([orphan, halfAlive, unowned, other].map(existsSync)).toEqual([false, true, true, true]);
  });
});
