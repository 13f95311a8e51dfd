/**
 * The group commit's two promises (src/node/group-commit.ts): nobody hears back before the
 * batch's COMMIT and its fsync (`durable`) are done, and what a unit asks to run after its
 * commit runs only if that unit's writes were committed, outside any unit.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { groupCommit } from "../../src/node/group-commit.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function open() {
  dir = mkdtempSync(join(tmpdir(), "fr-gc-"));
  const sqlite = new Database(join(dir, "gc.db"));
  sqlite.pragma("journal_mode = WAL");
  sqlite.exec("create table t (x text)");
  return sqlite;
}

describe("group commit", () => {
  it("answers only after the batch is committed and made durable", async () => {
    const sqlite = open();
    let release!: () => void;
    const durable = () => new Promise<void>((r) => (release = r));
    const { transact } = groupCommit(sqlite, { durable });
    let answered = false;
    const unit = transact(async () => sqlite.prepare("insert into t values ('a')").run()).then(() => (answered = true));
    while (!release) await new Promise((r) => setImmediate(r));
    // committed (a second connection sees it), yet not answered while the fsync runs
    const reader = new Database(join(dir!, "gc.db"), { readonly: true });
    expect(reader.prepare("select count(*) n from t").get()).toEqual({ n: 1 });
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(false);
    release();
    await unit;
    expect(answered).toBe(true);
    reader.close();
    sqlite.close();
  });

  it("a failed fsync fails the batch's callers", async () => {
    const sqlite = open();
    const { transact } = groupCommit(sqlite, { durable: async () => Promise.reject(new Error("EIO")) });
    await expect(transact(async () => sqlite.prepare("insert into t values ('a')").run())).rejects.toThrow("EIO");
    sqlite.close();
  });

  it("runs after-commit callbacks only for units that committed, outside any unit", async () => {
    const sqlite = open();
    const { transact, afterCommit } = groupCommit(sqlite);
    const ran: string[] = [];
    const inside: boolean[] = [];
    const ok = transact(async () => {
      sqlite.prepare("insert into t values ('kept')").run();
      afterCommit(() => {
        ran.push("kept");
        // a unit started here is a new one, queued, not run inline inside the finished one
        void transact(async () => inside.push(sqlite.inTransaction));
      });
    });
    const failed = transact(async () => {
      sqlite.prepare("insert into t values ('dropped')").run();
      afterCommit(() => ran.push("dropped"));
      throw new Error("poison");
    });
    await ok;
    await expect(failed).rejects.toThrow("poison");
    expect(ran).toEqual(["kept"]);
    await new Promise((r) => setTimeout(r, 20));
    expect(inside).toEqual([true]);
    expect(sqlite.prepare("select x from t").all()).toEqual([{ x: "kept" }]);
    sqlite.close();
  });
});
