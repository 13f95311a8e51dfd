/** The stats API mounted in the app: figures from what the webhook stored, admin-only. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buyer, createHarness, T0, type Harness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

describe("GET /api/stats", () => {
  it("counts the bot's Kuaishou answer and a late human Douyin reply exactly", async () => {
    await h.postEvents(buyer("kuaishou", "k", T0, "什么时候发货")); // answered by the bot at T0
    await h.postEvents(buyer("douyin", "d", T0, "我要找你们老板"));
    await h.postEvents({ id: "late", platform: "douyin", conversation: "d", at: new Date(T0 + 181_000).toISOString(), from: "human", agent: "a1", text: "在的" });
    const res = await h.app.request("/api/stats?shop=default&rule=kuaishou.shop-5min&rule=douyin.manual-3min&to=2026-01-07", { headers: { authorization: "Bearer admin-token-default" } });
    expect(res.status).toBe(200);
    const { results } = await res.json();
    // the same figures through the typed call (its answer checked against the contract), rules comma-separated
    const typed = await h.call("GET /api/stats", { query: { rule: "kuaishou.shop-5min,douyin.manual-3min", to: "2026-01-07" } });
    expect(typed.body.results).toEqual(results);
    // and the items behind one figure
    const explain = await h.call("GET /api/stats/explain", { query: { rule: "douyin.manual-3min", day: "2026-01-07" } });
    expect(explain.body).toMatchObject({ shop: "default", rule: "douyin.manual-3min", day: "2026-01-07" });
    expect(explain.body.items).toHaveLength(1);
    // folding again from the stored events gives the same figures
    const rebuilt = await h.call("POST /api/admin/compliance/rebuild", {});
    expect(rebuilt.body.shop).toBe("default");
    expect((await h.call("GET /api/stats", { query: { rule: "kuaishou.shop-5min,douyin.manual-3min", to: "2026-01-07" } })).body.results).toEqual(results);
    const byRule = Object.fromEntries(results.map((r: { rule: string }) => [r.rule, r]));
    expect(byRule["kuaishou.shop-5min"]).toMatchObject({ numerator: 1, denominator: 1, rate: 1, from: "2026-01-07", to: "2026-01-07" });
    expect(byRule["douyin.manual-3min"]).toMatchObject({ numerator: 0, denominator: 1, rate: 0, penalties: ["activities-barred"] });
  });

  it("needs an admin token", async () => {
    expect((await h.app.request("/api/stats?shop=default")).status).toBe(401);
  });
});
