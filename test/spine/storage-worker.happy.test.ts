/**
 * The storage worker of the real Node server: it folds what the webhook stores into the
 * compliance aggregates and checkpoints the WAL, on its own connection and thread, while the
 * request thread keeps taking webhooks. Its aggregates equal a full rebuild from the events.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFromEnv } from "../../src/config/load.js";
import { signGenericBody } from "../../src/core/generic-signature.js";
import { startNodeServer, type NodeServer } from "../../src/node/server.js";
import { rebuildCompliance } from "../../src/services/compliance.js";
import { silentLogger } from "../../src/services/context.js";

const SECRET = "storage-worker-secret";
let server: NodeServer;
let dir: string;
let dbPath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "fr-storage-"));
  dbPath = join(dir, "fr.db");
  const config = await configFromEnv({ GENERIC_WEBHOOK_SECRET: SECRET, ADMIN_TOKEN: "admin", DATABASE_URL: dbPath });
  server = await startNodeServer(config, { port: 0, host: "127.0.0.1", log: silentLogger });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const PLATFORMS = ["kuaishou", "douyin", "taobao"] as const;

/** A conversation's buyer message and, for some, a human reply 2 to 200 s later. */
function conversationEvents(i: number, t0: number) {
  const platform = PLATFORMS[i % 3]!;
  const conversation = `buyer-${i}`;
  const out: Record<string, unknown>[] = [{ id: `m-${i}`, platform, conversation, at: t0 + i * 1000, from: "buyer", text: "我的快递到哪了" }];
  if (i % 2 === 0) out.push({ id: `r-${i}`, platform, conversation, at: t0 + i * 1000 + 2000 + (i % 5) * 50_000, from: "human", agent: "xiaomei", text: "亲，已经在路上了" });
  return out;
}

async function post(events: Record<string, unknown>[]) {
  const body = JSON.stringify(events);
  const sig = await signGenericBody(SECRET, body, Math.floor(Date.now() / 1000));
  const res = await fetch(`${server.url}/webhooks/generic/default`, { method: "POST", body, headers: { "content-type": "application/json", "x-signature": sig } });
  expect(res.status).toBe(200);
}

const one = async <T>(query: ReturnType<typeof sql>) => (await server.ctx.db.all<T>(query))[0]!;
const daily = () => server.ctx.db.all(sql`select shop, platform, day, rule, agent, numerator, denominator, tier_fast, tier_good, tier_pass, tier_slower, tier_none from compliance_daily order by 1, 2, 3, 4, 5`);

async function foldedUpTo(seq: number, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { watermark } = await one<{ watermark: number | null }>(sql`select max(watermark) watermark from compliance_state`);
    if ((watermark ?? 0) >= seq) return;
    if (Date.now() > until) throw new Error(`folded only up to ${watermark}, not ${seq}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("the storage worker", () => {
  it("folds concurrently stored events into the same aggregates a full rebuild gives", async () => {
    const t0 = Date.now() - 3_600_000;
    // 40 concurrent requests of 5 conversations each: the worker folds while they arrive
    await Promise.all(Array.from({ length: 40 }, (_, r) => post(Array.from({ length: 5 }, (_, k) => conversationEvents(r * 5 + k, t0)).flat())));
    const { seq } = await one<{ seq: number }>(sql`select max(seq) seq from events`);
    await foldedUpTo(seq); // nobody asked for stats: only the worker folds here
    const folded = await daily();
    expect(folded.length).toBeGreaterThan(0);
    await rebuildCompliance({ ctx: server.ctx });
    expect(await daily()).toEqual(folded);
  });

  it("checkpoints the WAL into the database file (the request thread no longer does)", async () => {
    expect(await one<{ wal_autocheckpoint: number }>(sql`pragma wal_autocheckpoint`)).toEqual({ wal_autocheckpoint: 0 });
    const before = statSync(dbPath).size;
    const t0 = Date.now() - 1_800_000;
    for (let r = 0; r < 10; r++) await post(Array.from({ length: 50 }, (_, k) => conversationEvents(1000 + r * 50 + k, t0)).flat());
    const until = Date.now() + 10_000;
    while (statSync(dbPath).size <= before && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(statSync(dbPath).size).toBeGreaterThan(before);
  });
});
