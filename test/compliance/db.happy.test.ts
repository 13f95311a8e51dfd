/**
 * Compliance from the app's database: aggregates kept as events arrive (the afterStore hook),
 * GET /api/stats answering the same JSON as `report --json`, explanations per day, and the
 * incremental database state equal to a full recomputation.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { computeBatch } from "../../src/core/compliance/batch.js";
import { summarize, toContract } from "../../src/core/compliance/aggregate.js";
import { makeRulesFor } from "../../src/core/compliance/rules-for.js";
import { parseEvent, type ChatEvent } from "../../src/core/events.js";
import { parseDayKey } from "../../src/core/time.js";
import { createApp } from "../../src/http/app.js";
import { openNodeDatabase } from "../../src/node/database.js";
import { complianceAfterStore, loadAggregates, rebuildCompliance, rulesForContext, syncCompliance } from "../../src/services/compliance.js";
import { ContextCache, type ServiceContext } from "../../src/services/context.js";
import { events as eventsTable } from "../../src/store/schema/core.js";
import { complianceDaily, complianceState } from "../../src/store/schema/compliance.js";
import { createHarness, shopConfig, type Harness } from "../support/harness.js";

function fixture(name: string, shop = "default"): unknown[] {
  return readFileSync(`test/fixtures/compliance/${name}`, "utf8")
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => ({ ...JSON.parse(l), shop }))
    .filter((e) => parseEvent(e).ok);
}

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

async function setup(shops?: Awaited<ReturnType<typeof shopConfig>>[]) {
  h = await createHarness(shops ? { shops } : {});
  // the fixtures' day has passed: a live webhook refuses events dated ahead of the server clock
  h.clock.now = Date.parse("2026-01-07T20:00:00+08:00");
  h.ctx.afterStore.push(complianceAfterStore);
  const app = createApp(h.ctx);
  const get = (path: string, token = "admin-token-default") => app.request(path, { headers: { authorization: `Bearer ${token}` } });
  return { h, get };
}

/** What `report` computes from the same events read back from the database. */
async function batchFromDb(ctx: ServiceContext, to: string, shop = "default") {
  const rows = await ctx.db.select().from(eventsTable);
  const evs: ChatEvent[] = rows.map((r) => {
    const e: ChatEvent = { id: r.msgId, platform: r.platform as ChatEvent["platform"], shop: r.shop, conversation: r.conversation, at: r.at, from: r.from as ChatEvent["from"], type: r.type as ChatEvent["type"] };
    if (r.agent !== null) e.agent = r.agent;
    if (r.bot !== null) e.bot = r.bot;
    if (r.mode !== null) e.mode = r.mode as ChatEvent["mode"];
    return e;
  });
  const rulesFor = rulesForContext({ ctx });
  return summarize(computeBatch(evs, rulesFor).aggregates, { to: parseDayKey(to)!, rulesFor, shop }).map(toContract);
}

describe("GET /api/stats", () => {
  it("answers the seed example 1/2 and the same JSON a full recomputation gives", async () => {
    const { h, get } = await setup();
    expect((await h.postEvents(fixture("seed-taobao.jsonl"))).status).toBeLessThan(300);
    expect((await h.postEvents(fixture("mixed.jsonl"))).status).toBeLessThan(300);
    // folded on arrival, before any stats request
    expect((await h.ctx.db.select().from(complianceDaily)).length).toBeGreaterThan(0);

    const res = await get("/api/stats?rule=taobao.rounds-3min");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Object.keys(body)).toEqual(["results", "skipped", "editions", "freshness"]);
    expect(body.editions).toEqual([expect.objectContaining({ platform: "taobao", shop: "default", edition: "taobao/seed" })]);
    expect(body.freshness).toMatchObject({ upToDate: true, eventsNotYetFolded: 0 });
    expect(body.results).toEqual([
      { rule: "taobao.rounds-3min", platform: "taobao", shop: "default", agent: null, from: "2025-12-09", to: "2026-01-07", numerator: 1, denominator: 2, rate: 0.5, assessed: false, grade: null, penalties: [] },
    ]);

    const all = await (await get("/api/stats?to=2026-01-07")).json();
    expect(all.results).toEqual(await batchFromDb(h.ctx, "2026-01-07"));
    expect(all.results.length).toBeGreaterThan(4);
  });

  it("accepts repeated and comma-separated rules", async () => {
    const { h, get } = await setup();
    await h.postEvents(fixture("mixed.jsonl"));
    const body = await (await get("/api/stats?rule=douyin.manual-3min,kuaishou.shop-5min&rule=douyin.first-reply-2min")).json();
    expect(body.results.map((r: { rule: string }) => r.rule).sort()).toEqual(["douyin.first-reply-2min", "douyin.manual-3min", "kuaishou.shop-5min"]);
  });

  it("catches up on events stored without the hook (replies, assignments written elsewhere)", async () => {
    const { h, get } = await setup();
    h.ctx.afterStore.length = 0;
    await h.postEvents(fixture("seed-taobao.jsonl"));
    expect(await h.ctx.db.select().from(complianceDaily)).toEqual([]);
    const body = await (await get("/api/stats?rule=taobao.rounds-3min")).json();
    expect(body.results[0]).toMatchObject({ numerator: 1, denominator: 2 });
    const [state] = await h.ctx.db.select().from(complianceState);
    const rows = await h.ctx.db.select().from(eventsTable);
    expect(state!.watermark).toBe(Math.max(...rows.map((r) => r.seq)));
  });
});

describe("rebuild", () => {
  it("after a shop's overrides change, a rebuild folds everything again with the new rules", async () => {
    const { h, get } = await setup();
    await h.postEvents(fixture("mixed.jsonl"));
    const before = await (await get("/api/stats?rule=kuaishou.shop-5min")).json();
    expect(before.results[0]).toMatchObject({ numerator: 1, denominator: 2 });
    const shop = h.ctx.shops.get("default")!;
    const ctx = { ...h.ctx, shops: new Map([["default", { ...shop, config: { ...shop.config, rules: { "kuaishou.shop-5min": { limitSeconds: 2 } } } }]]) };
    expect(await rebuildCompliance({ ctx })).toBeGreaterThan(0);
    const agg = await loadAggregates({ ctx, input: { shop: "default" } });
    expect(agg.sum("kuaishou", "default", "kuaishou.shop-5min", 0, 1e9).get("")).toMatchObject({ numerator: 0, denominator: 2 });
  });
});

describe("GET /api/stats/explain", () => {
  it("lists each item of a rule on a day with its start, reply, seconds and status", async () => {
    const { h, get } = await setup();
    await h.postEvents(fixture("seed-taobao.jsonl"));
    const res = await get("/api/stats/explain?rule=taobao.rounds-3min&day=2026-01-07");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ shop: "default", rule: "taobao.rounds-3min", day: "2026-01-07" });
    expect(body.items.map((i: { startId: string; status: string; seconds: number; reply: { id: string } }) => [i.startId, i.status, i.seconds, i.reply.id])).toEqual([
      ["t1", "late", 475, "t3"],
      ["t4", "in-time", 30, "t5"],
    ]);
  });
});

describe("incremental database state", () => {
  it("equals a full recomputation whatever the arrival order and batching", async () => {
    const rulesFor = makeRulesFor();
    const kinds = ["buyer", "buyer", "buyer", "human", "bot", "assigned", "system", "internal"] as const;
    const rawEvent = fc.record({
      conv: fc.integer({ min: 0, max: 4 }),
      day: fc.integer({ min: 0, max: 2 }),
      hour: fc.constantFrom(7.95, 9, 18.95, 23.9),
      slot: fc.integer({ min: 0, max: 8 }),
      kind: fc.constantFrom(...kinds),
      bot: fc.constantFrom("dianxiaomi", "autoreply"),
      mode: fc.constantFrom("assist" as const, "auto" as const),
    });
    const first = Date.parse("2026-01-06T00:00:00+08:00");
    const platforms = ["taobao", "douyin", "kuaishou"] as const;
    await fc.assert(
      fc.asyncProperty(fc.array(rawEvent, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 7 }), fc.integer(), async (raws, batch, seed) => {
        const evs: ChatEvent[] = raws.map((r, i) => {
          const platform = platforms[r.conv % 3]!;
          const kind = r.kind === "internal" && i % 4 !== 0 ? "buyer" : r.kind;
          const e: ChatEvent = {
            id: `e${i}`,
            platform,
            shop: "s",
            conversation: `c${r.conv}`,
            at: first + r.day * 86_400_000 + Math.round(r.hour * 3600_000) + r.slot * 45_000,
            from: kind === "assigned" ? "system" : kind,
            type: kind === "assigned" ? "assigned" : "message",
          };
          if (kind === "assigned") e.agent = `a${i % 2}`;
          if (kind === "bot") {
            e.bot = r.bot;
            e.mode = r.mode;
          }
          return e;
        });
        const shuffled = fc.sample(fc.shuffledSubarray(evs, { minLength: evs.length, maxLength: evs.length }), { numRuns: 1, seed })[0]!;
        const database = openNodeDatabase(":memory:");
        try {
          const ctx = { db: database.db, transact: database.transact, shops: new Map(), cache: new ContextCache() } as unknown as ServiceContext;
          for (let i = 0; i < shuffled.length; i += batch) {
            await database.db
              .insert(eventsTable)
              .values(
                shuffled
                  .slice(i, i + batch)
                  .map((e) => ({ shop: e.shop, platform: e.platform, msgId: e.id, conversation: e.conversation, at: e.at, from: e.from, type: e.type, agent: e.agent ?? null, bot: e.bot ?? null, mode: e.mode ?? null, receivedAt: 0 })),
              );
            await syncCompliance({ ctx, input: { batchSize: 3 } });
          }
          const fromDb = await loadAggregates({ ctx, input: {} });
          expect(fromDb.snapshot()).toEqual(computeBatch(evs, rulesFor).aggregates.snapshot());
        } finally {
          database.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe("tenancy", () => {
  it("an admin sees only their shop; another shop's stats are forbidden", async () => {
    const { h, get } = await setup([await shopConfig("alpha"), await shopConfig("beta")]);
    await h.postEvents(fixture("seed-taobao.jsonl", "alpha"), { shop: "alpha" });
    await h.postEvents(fixture("mixed.jsonl", "beta"), { shop: "beta" });
    const alpha = await (await get("/api/stats", "admin-token-alpha")).json();
    expect(new Set(alpha.results.map((r: { shop: string }) => r.shop))).toEqual(new Set(["alpha"]));
    expect(new Set(alpha.results.map((r: { platform: string }) => r.platform))).toEqual(new Set(["taobao"]));
    const denied = await get("/api/stats?shop=beta", "admin-token-alpha");
    expect(denied.status).toBe(403);
  });
});
