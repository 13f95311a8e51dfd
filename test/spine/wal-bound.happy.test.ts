/**
 * The WAL stays bounded while folding lags (issue 16: 2.34 GB after 90 s, and still after the
 * load). The storage worker checkpoints on its interval whatever the fold backlog, and empties
 * a WAL past its threshold. Thresholds shrunk so a small load shows it: the worker folds one
 * event per plan (a backlog of thousands of plans) and the WAL may hold 128 KiB.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFromEnv } from "../../src/config/load.js";
import { signGenericBody } from "../../src/core/generic-signature.js";
import { startNodeServer, type NodeServer } from "../../src/node/server.js";
import { silentLogger } from "../../src/services/context.js";

const SECRET = "wal-bound-secret";
const WAL_LIMIT = 128 * 1024;
let server: NodeServer;
let dir: string;
let dbPath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "fr-wal-"));
  dbPath = join(dir, "fr.db");
  const config = await configFromEnv({ GENERIC_WEBHOOK_SECRET: SECRET, ADMIN_TOKEN: "admin", DATABASE_URL: dbPath });
  server = await startNodeServer(config, { port: 0, host: "127.0.0.1", log: silentLogger, taobaoTmc: false, storageTiming: { foldBatch: 1, foldEvents: 1, checkpointEveryMs: 50, walRestartBytes: WAL_LIMIT } });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const walBytes = () => {
  try {
    return statSync(`${dbPath}-wal`).size;
  } catch {
    return 0;
  }
};
const watermark = async () => (await server.ctx.db.all<{ w: number | null }>(sql`select min(watermark) w from compliance_state`))[0]?.w ?? 0;

describe("durability", () => {
  it("fsyncs every commit (FULL) unless SQLITE_SYNCHRONOUS says NORMAL; SQLite itself never fsyncs inside COMMIT", async () => {
    // the commit's fsync is the group commit's, off the request thread (group-commit.test.ts)
    expect(await server.ctx.db.all(sql`pragma synchronous`)).toEqual([{ synchronous: 1 }]);
    expect(server.ctx.config.sqliteSynchronous).toBe("FULL");
    expect(await server.ctx.db.all(sql`pragma journal_size_limit`)).toEqual([{ journal_size_limit: 32 * 1024 * 1024 }]);
    expect((await configFromEnv({ SQLITE_SYNCHRONOUS: "normal" })).sqliteSynchronous).toBe("NORMAL");
    await expect(configFromEnv({ SQLITE_SYNCHRONOUS: "OFF" })).rejects.toThrow("SQLITE_SYNCHRONOUS must be FULL or NORMAL");
  });
});

describe("bounded WAL", () => {
  it("is emptied while the fold still lags behind the events", async () => {
    const text = "我想问一下这个商品的尺码和颜色,还有什么时候能发货,能不能开发票".repeat(4);
    // the largest WAL seen during the load: on a busy machine a checkpoint may already have
    // emptied it by the time the last batch is answered
    let grown = 0;
    for (let r = 0; r < 20; r++) {
      const events = Array.from({ length: 100 }, (_, k) => ({ id: `w-${r}-${k}`, platform: "douyin", conversation: `c-${r}-${k}`, at: Date.now(), from: "buyer", text }));
      const body = JSON.stringify(events);
      const res = await fetch(`${server.url}/webhooks/generic/default`, { method: "POST", body, headers: { "content-type": "application/json", "x-signature": await signGenericBody(SECRET, body, Math.floor(Date.now() / 1000)) } });
      expect(res.status).toBe(200);
      grown = Math.max(grown, walBytes());
    }
    expect(grown).toBeGreaterThan(WAL_LIMIT); // the load did outgrow the threshold
    const { last } = (await server.ctx.db.all<{ last: number }>(sql`select max(seq) last from events`))[0]!;
    // wait for either: the WAL back under its threshold, or the fold caught up
    const until = Date.now() + 20_000;
    while (walBytes() > WAL_LIMIT && (await watermark()) < last && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(walBytes()).toBeLessThanOrEqual(WAL_LIMIT);
    expect(await watermark()).toBeLessThan(last); // … and that happened with the backlog still there
  });
});
