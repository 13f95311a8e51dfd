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

  it("commits the next batch while an fsync runs, and answers it only after an fsync begun after its commit", async () => {
    const sqlite = open();
    const releases: (() => void)[] = [];
    const durable = () => new Promise<void>((r) => releases.push(r));
    const { transact } = groupCommit(sqlite, { durable });
    const answered: string[] = [];
    const unit = (x: string) => transact(async () => sqlite.prepare("insert into t values (?)").run(x)).then(() => answered.push(x));
    const tick = () => new Promise((r) => setImmediate(r));
    const a = unit("a");
    while (releases.length === 0) await tick();
    // b and c arrive while a's fsync is on the disk: they are committed at once (a second
    // connection sees them), but share one new fsync that begins only after a's has finished
    const b = unit("b");
    const c = unit("c");
    const reader = new Database(join(dir!, "gc.db"), { readonly: true });
    const count = () => (reader.prepare("select count(*) n from t").get() as { n: number }).n;
    while (count() < 3) await tick();
    await new Promise((r) => setTimeout(r, 20));
    expect(releases.length).toBe(1);
    expect(answered).toEqual([]);
    releases[0]!();
    await a;
    while (releases.length < 2) await tick();
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toEqual(["a"]);
    releases[1]!();
    await Promise.all([b, c]);
    expect(answered).toEqual(["a", "b", "c"]);
    expect(releases.length).toBe(2);
    reader.close();
    sqlite.close();
  });

  it("lets a run of batches break for an fsync's length now and then (breakEveryMs), leaving the write lock to a checkpoint", async () => {
    const sqlite = open();
    const releases: (() => void)[] = [];
    // 0: every batch that finds an fsync running waits for it, as before batches overlapped
    const { transact } = groupCommit(sqlite, { durable: () => new Promise<void>((r) => releases.push(r)), breakEveryMs: 0 });
    const tick = () => new Promise((r) => setImmediate(r));
    const a = transact(async () => sqlite.prepare("insert into t values ('a')").run());
    while (releases.length === 0) await tick();
    const b = transact(async () => sqlite.prepare("insert into t values ('b')").run());
    await new Promise((r) => setTimeout(r, 20));
    // b waits, outside any transaction: another connection could take the write lock now
    expect(sqlite.inTransaction).toBe(false);
    expect(sqlite.prepare("select x from t").all()).toEqual([{ x: "a" }]);
    releases[0]!();
    await a;
    while (releases.length < 2) await tick();
    expect(sqlite.prepare("select x from t").all()).toEqual([{ x: "a" }, { x: "b" }]);
    releases[1]!();
    await b;
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
