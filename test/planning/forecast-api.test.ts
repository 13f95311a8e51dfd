/** GET /api/plan/forecast: the staffing forecast from what the webhook stored, admin-only, on real SQLite. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eventToJson, type ChatEvent } from "../../src/core/events.js";
import { forecastStaffing } from "../../src/core/planning/forecast.js";
import { addConversationHistory, emptyHistory, finishHistory } from "../../src/core/planning/history.js";
import { resolveRules } from "../../src/core/rules/presets.js";
import { parseDayKey } from "../../src/core/time.js";
import { planningLog } from "../../src/simulator/planning-log.js";
import { ADMIN_TOKEN, createHarness, type Harness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

// without text: the bot routes them all, so what is stored is what was sent
const events: ChatEvent[] = [
  ...planningLog({ platform: "kuaishou", shop: "default", firstDay: parseDayKey("2026-01-05")!, days: 3, ratePerHour: (_w, s) => (s >= 18 && s < 22 ? 12 : 0), firstReplySeconds: 40, holdSeconds: 200, seed: 3 }),
].map(({ text: _text, ...e }) => e);
const get = (q: string, token = ADMIN_TOKEN) => h.app.request(`/api/plan/forecast?shop=default&${q}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe("GET /api/plan/forecast", () => {
  it("forecasts from the stored events: the same slots as the core over the same events", async () => {
    h.clock.now = Date.parse("2026-01-08T12:00:00+08:00"); // after the log's last event (the webhook refuses events from the future)
    for (let i = 0; i < events.length; i += 200) expect((await h.postEvents(events.slice(i, i + 200).map(eventToJson))).status).toBe(200);
    const res = await h.call("GET /api/plan/forecast", { query: { rule: "kuaishou.shop-5min", target: "0.9", model: "erlang-c", concurrency: "2" } });
    expect(res.status).toBe(200);
    const body = res.body;
    const rule = resolveRules()["kuaishou.shop-5min"];
    const hist = emptyHistory();
    const byConv = new Map<string, ChatEvent[]>();
    for (const e of events) byConv.set(e.conversation, [...(byConv.get(e.conversation) ?? []), e]);
    for (const list of byConv.values()) addConversationHistory(hist, list, rule);
    const want = forecastStaffing(finishHistory(hist), { rule, target: 0.9, concurrency: 2, bot: true, peakFactor: 1, model: "erlang-c" });
    // the CLI's contract, plus `scheduled` per slot (agents measured at work)
    expect({ ...body, slots: body.slots.map(({ scheduled: _s, ...rest }) => rest) }).toEqual({ rule: "kuaishou.shop-5min", target: 0.9, slots: want.slots });
    const mon = body.slots.find((s) => s.weekday === 1 && s.start === "09:00")!;
    expect(mon).toMatchObject({ ahtSeconds: 240, note: null });
    expect(mon.agents).toBeGreaterThanOrEqual(1);
    expect(body.slots.filter((s) => s.note === "no data")).toHaveLength(4 * 48);
  });

  it("puts the agents scheduled beside the agents needed: distinct agents replying per slot, averaged over the weekday's days", async () => {
    // Monday 2026-01-05 09:00–09:30: a1 and a2 reply; 09:30–10:00: a1 only, on two Mondays (2025-12-29 and 2026-01-05) → mean 0.5
    const at = (day: string, hm: string) => `${day}T${hm}:00+08:00`;
    const rows = [
      { id: "q1", conversation: "c1", at: at("2026-01-05", "09:05"), from: "buyer" },
      { id: "r1", conversation: "c1", at: at("2026-01-05", "09:06"), from: "human", agent: "a1" },
      { id: "q2", conversation: "c2", at: at("2026-01-05", "09:10"), from: "buyer" },
      { id: "r2", conversation: "c2", at: at("2026-01-05", "09:11"), from: "human", agent: "a2" },
      { id: "r3", conversation: "c2", at: at("2026-01-05", "09:12"), from: "human", agent: "a2" },
      { id: "g1", conversation: "c3", at: at("2026-01-05", "09:40"), from: "system", type: "assigned", agent: "a1" },
      { id: "q4", conversation: "c4", at: at("2025-12-29", "09:05"), from: "buyer" },
    ].map((e) => ({ platform: "kuaishou", ...e }));
    const posted = await h.postEvents(rows);
    expect(posted.status, await posted.clone().text()).toBe(200);
    const res = await get("rule=kuaishou.shop-5min&target=0.9&model=erlang-c");
    expect(res.status).toBe(200);
    const slots: Array<{ weekday: number; start: string; scheduled: number | null }> = (await res.json()).slots;
    const at2 = (w: number, start: string) => slots.find((s) => s.weekday === w && s.start === start)!.scheduled;
    expect(at2(1, "09:00")).toBe(1); // 2 agents on one Monday of two
    expect(at2(1, "09:30")).toBe(0.5);
    expect(at2(1, "10:00")).toBe(0);
    expect(at2(3, "09:00")).toBe(0); // Wednesday 12-31 is inside the history: measured, nobody
  });

  it.each([
    ["rule=kuaishou.shop-5min&target=1", "target"],
    ["rule=kuaishou.shop-5min", "target"],
    ["rule=kuaishou.nope&target=0.9", "rule"],
    ["rule=kuaishou.shop-5min&target=0.9&concurrency=0", "concurrency"],
    ["rule=kuaishou.shop-5min&target=0.9&model=magic", "model"],
  ])("%s → 400 naming %s", async (q, field) => {
    const res = await get(q);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "bad_request", field });
  });

  it("no history for the platform → 400 saying so; no token → 401", async () => {
    const res = await get("rule=douyin.manual-3min&target=0.9");
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "bad_request", reason: "no_history", message: expect.stringMatching(/no buyer messages on douyin/) });
    expect((await get("rule=douyin.manual-3min&target=0.9", "")).status).toBe(401);
  });
});
