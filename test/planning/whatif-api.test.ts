/**
 * GET /api/plan/whatif: the `whatif` replay on the shop's stored events, admin-only, on real
 * SQLite. Events are stored while the live bot answers nothing (an empty FAQ), then replayed
 * with the FAQ: what turning it on would have done.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FaqProvider } from "../../src/services/context.js";
import { ADMIN_TOKEN, createHarness, DEFAULT_SCRIPT, scriptedFaq, type Harness } from "../support/harness.js";

let h: Harness;
let faq: FaqProvider;
beforeEach(async () => {
  faq = scriptedFaq({});
  h = await createHarness({ faq: { forShop: (s) => faq.forShop(s) } });
});
afterEach(() => h.close());

const get = (q: string, token = ADMIN_TOKEN) => h.app.request(`/api/plan/whatif?shop=default&${q}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const at = (hm: string) => `2026-01-06T${hm}:00+08:00`; // the day before the harness's clock

describe("GET /api/plan/whatif", () => {
  it("replays the stored history with the FAQ: Kuaishou's late answer becomes in time, Douyin says why nothing changes", async () => {
    const rows = [
      { platform: "kuaishou", id: "k1", conversation: "kc1", at: at("10:00"), from: "buyer", text: "包邮吗" },
      { platform: "kuaishou", id: "k2", conversation: "kc1", at: at("10:07"), from: "human", agent: "a1", text: "包邮的" },
      { platform: "kuaishou", id: "k3", conversation: "kc2", at: at("11:00"), from: "buyer", text: "这个质量怎么样" },
      { platform: "kuaishou", id: "k4", conversation: "kc2", at: at("11:01"), from: "human", agent: "a1", text: "很好" },
      { platform: "douyin", id: "d1", conversation: "dc1", at: at("10:00"), from: "buyer", text: "包邮吗" },
      { platform: "douyin", id: "d2", conversation: "dc1", at: at("10:05"), from: "human", agent: "a1", text: "包邮的" },
    ];
    const posted = await h.postEvents(rows);
    expect(posted.status, await posted.clone().text()).toBe(200);
    faq = scriptedFaq(DEFAULT_SCRIPT); // the bot switched on after the fact
    const res = await h.call("GET /api/plan/whatif", { query: { days: "7" } });
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body).toMatchObject({ from: "2026-01-01", to: "2026-01-07", decisions: 3, answeredTotal: 1 });
    const row = body.results.find((r) => r.rule === "kuaishou.shop-5min" && r.from <= "2026-01-06" && r.to >= "2026-01-06")!;
    // hand-computed: kc1 answered at 10:07 (late, 5 min), kc2 at 11:01 (in time) → 1/2; the bot answers kc1 at 10:00:00.8 → 2/2
    expect(row.actual).toMatchObject({ numerator: 1, denominator: 2 });
    expect(row.withBot).toMatchObject({ numerator: 2, denominator: 2 });
    expect(body.answered).toEqual([expect.objectContaining({ platform: "kuaishou", conversation: "kc1", text: "包邮吗", kind: "answer", faqId: "free-shipping" })]);
    // Douyin's 3-minute rate counts human replies only: the same question changes nothing there
    const dy = body.results.find((r) => r.rule === "douyin.manual-3min")!;
    expect(dy.withBot).toEqual(dy.actual);
    expect(body.noChange).toEqual([{ platform: "douyin", reason: expect.stringMatching(/human replies only/) }]);
  });

  it.each([["days=0"], ["days=32"], ["days=abc"], ["days=1.5"]])("%s → 400 naming days", async (q) => {
    const res = await get(q);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "bad_request", field: "days" });
  });

  it("nothing stored → 400 no_history; no token → 401", async () => {
    const res = await get("days=7");
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "bad_request", reason: "no_history", message: expect.stringMatching(/no buyer messages/) });
    expect((await get("days=7", "")).status).toBe(401);
  });
});
