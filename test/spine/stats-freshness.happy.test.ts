/**
 * No request waits on compliance (issue 16): on the Node server the storage worker folds, and
 * `GET /api/stats` reads the folded aggregates as they are, saying how fresh they are. Here the
 * worker is slowed to one fold round a minute, so a large single conversation posted after its
 * first round stays unfolded: the stats request must not fold it on the request thread.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFromEnv } from "../../src/config/load.js";
import { signGenericBody } from "../../src/core/generic-signature.js";
import { startNodeServer, type NodeServer } from "../../src/node/server.js";
import { silentLogger } from "../../src/services/context.js";

const SECRET = "stats-freshness-secret";
let server: NodeServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "fr-fresh-"));
  const config = await configFromEnv({ GENERIC_WEBHOOK_SECRET: SECRET, ADMIN_TOKEN: "admin", DATABASE_URL: join(dir, "fr.db") });
  server = await startNodeServer(config, { port: 0, host: "127.0.0.1", log: silentLogger, taobaoTmc: false, storageTiming: { foldEveryMs: 60_000 } });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function post(events: Record<string, unknown>[]) {
  const body = JSON.stringify(events);
  const res = await fetch(`${server.url}/webhooks/generic/default`, { method: "POST", body, headers: { "content-type": "application/json", "x-signature": await signGenericBody(SECRET, body, Math.floor(Date.now() / 1000)) } });
  expect(res.status).toBe(200);
}

describe("stats on the Node server", () => {
  it("answer from the folded aggregates without folding, and say how many events they lag", async () => {
    const t0 = Date.now() - 600_000;
    const N = 2_000;
    const watermark = async () => (await server.ctx.db.all<{ w: number | null }>(sql`select max(watermark) w from compliance_state`))[0]?.w ?? 0;
    // let the worker (its start takes a while on a busy machine) fold a first event; then it rests a minute
    await post([{ id: "first", platform: "taobao", conversation: "warm-up", at: t0, from: "buyer", text: "在吗" }]);
    const until = Date.now() + 30_000;
    while ((await watermark()) === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(await watermark()).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 500)); // its loop finds nothing more and goes to rest
    // one conversation, buyer and agent taking turns: the shape that made a catch-up re-read whole days
    for (let b = 0; b < N / 200; b++) {
      await post(
        Array.from({ length: 200 }, (_, k) => {
          const i = b * 200 + k;
          return { id: `big-${i}`, platform: "taobao", conversation: "one-big-conversation", at: t0 + i * 100, from: i % 2 ? "human" : "buyer", agent: i % 2 ? "xiaomei" : undefined, text: "在吗" };
        }),
      );
    }
    const before = await watermark();
    const res = await fetch(`${server.url}/api/stats?rule=taobao.rounds-3min`, { headers: { authorization: "Bearer admin" } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { freshness: { upToDate: boolean; eventsNotYetFolded: number; foldedUpTo: string | null } };
    expect(await watermark()).toBe(before); // the request folded nothing
    expect(body.freshness.upToDate).toBe(false);
    const { stored } = (await server.ctx.db.all<{ stored: number }>(sql`select count(*) stored from events where seq > ${before}`))[0]!;
    expect(body.freshness.eventsNotYetFolded).toBe(stored);
    expect(stored).toBeGreaterThanOrEqual(N);
  });
});
