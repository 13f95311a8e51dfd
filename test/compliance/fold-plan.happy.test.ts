/**
 * A fold worked out on one side and written on another (the storage worker plans, the request
 * thread writes): a plan whose watermark is still current is written whole; a plan overtaken
 * by another fold writes nothing, so nothing is ever folded twice.
 */
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyFold, planFold, rebuildCompliance, syncCompliance } from "../../src/services/compliance.js";
import { buyer, createHarness, T0, type Harness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  for (let i = 0; i < 6; i++) await h.postEvents(buyer(i % 2 ? "douyin" : "taobao", `c${i}`, T0 + i * 1000, "这个质量怎么样"));
  await h.postEvents({ id: "r-1", platform: "taobao", conversation: "c0", at: new Date(T0 + 90_000).toISOString(), from: "human", agent: "a1", text: "亲，在的" });
});
afterEach(() => h.close());

const daily = () => h.ctx.db.all(sql`select shop, platform, day, rule, agent, numerator, denominator, tier_fast, tier_good, tier_pass, tier_slower, tier_none from compliance_daily order by 1, 2, 3, 4, 5`);
const watermark = async () => (await h.ctx.db.all<{ w: number }>(sql`select watermark w from compliance_state`))[0]?.w;

describe("fold plans", () => {
  it("a current plan, written, gives what a full rebuild gives", async () => {
    const plan = await planFold({ ctx: h.ctx, input: { limit: 1000 } });
    expect(plan?.count).toBeGreaterThan(0);
    expect(await daily()).toEqual([]); // planning wrote nothing
    expect(await h.ctx.transact(() => applyFold({ ctx: h.ctx, input: plan! }))).toBe(true);
    const folded = await daily();
    expect(folded.length).toBeGreaterThan(0);
    await rebuildCompliance({ ctx: h.ctx });
    expect(await daily()).toEqual(folded);
  });

  it("a plan overtaken by another fold writes nothing", async () => {
    const plan = await planFold({ ctx: h.ctx, input: { limit: 1000 } });
    await syncCompliance({ ctx: h.ctx });
    const folded = await daily();
    const moved = await watermark();
    expect(await h.ctx.transact(() => applyFold({ ctx: h.ctx, input: plan! }))).toBe(false);
    expect(await daily()).toEqual(folded);
    expect(await watermark()).toBe(moved);
  });

  it("a plan read before a rebuild writes nothing after it", async () => {
    await syncCompliance({ ctx: h.ctx });
    await h.postEvents(buyer("douyin", "late", T0 + 200_000, "这个质量怎么样"));
    const plan = await planFold({ ctx: h.ctx, input: { limit: 1000 } });
    expect(plan?.count).toBeGreaterThan(0);
    await rebuildCompliance({ ctx: h.ctx });
    const rebuilt = await daily();
    expect(await h.ctx.transact(() => applyFold({ ctx: h.ctx, input: plan! }))).toBe(false);
    expect(await daily()).toEqual(rebuilt);
  });

  it("with a conversation cap, a plan is the longest run of events touching that many conversations", async () => {
    // stored: c0..c5 one message each, then c0's reply (7 events in 6 conversations)
    expect((await planFold({ ctx: h.ctx, input: { limit: 1000, maxConversations: 2 } }))?.count).toBe(2);
    expect((await planFold({ ctx: h.ctx, input: { limit: 1000, maxConversations: 6 } }))?.count).toBe(7);
    expect((await planFold({ ctx: h.ctx, input: { limit: 3, maxConversations: 6 } }))?.count).toBe(3); // the event cap still holds
  });

  it("one busy conversation is folded in plans of many events, and the result is exact", async () => {
    await syncCompliance({ ctx: h.ctx });
    const burst = Array.from({ length: 300 }, (_, i) => ({ id: `b-${i}`, platform: "taobao", conversation: "busy", at: T0 + 100_000 + i * 100, from: i % 2 ? "human" : "buyer", ...(i % 2 ? { agent: "a1" } : {}), text: "在吗" }));
    expect((await h.postEvents(burst)).status).toBe(200);
    let plans = 0;
    for (let plan = await planFold({ ctx: h.ctx, input: { limit: 128, maxConversations: 32 } }); plan; plan = await planFold({ ctx: h.ctx, input: { limit: 128, maxConversations: 32 } })) {
      expect(await h.ctx.transact(() => applyFold({ ctx: h.ctx, input: plan! }))).toBe(true);
      plans++;
    }
    expect(plans).toBe(Math.ceil(300 / 128)); // not 300 / 32: the conversation's day is re-read 3 times, not 10
    const folded = await daily();
    await rebuildCompliance({ ctx: h.ctx });
    expect(await daily()).toEqual(folded);
  });
});
