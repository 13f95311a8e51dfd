/** The human side: queue by deadline, assignment, and the agent API end to end. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { type Answer, buyer, createHarness, T0, type Harness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

/** a typed call's checked, typed body */
const json = async <T>(answer: Promise<Answer<T>>) => (await answer).body;
const online = (agent: string, on = true) => h.call("PUT /api/agent/status", { agent, body: { online: on } });

describe("queue", () => {
  it("orders chats by the deadline of each platform's strictest rule", async () => {
    // Kuaishou 300 s from the streak's first message; Douyin and Taobao 180 s
    await h.postEvents([buyer("kuaishou", "k", T0, "我要找你们老板"), buyer("taobao", "t", T0 + 60_000, "我要找你们老板"), buyer("douyin", "d", T0 + 30_000, "我要找你们老板")]);
    h.clock.now = T0 + 90_000;
    const { chats } = await json(h.call("GET /api/admin/queue", {}));
    expect(chats.map((c) => c.conversation)).toEqual(["d", "t", "k"]);
    expect(chats.map((c) => c.secondsLeft)).toEqual([120, 150, 210]);
  });

  it("keeps a Kuaishou streak's clock at its first message; Douyin's at the first unanswered one", async () => {
    await h.postEvents([buyer("kuaishou", "k", T0, "我要找你们老板"), buyer("kuaishou", "k", T0 + 200_000, "人呢")]);
    await h.postEvents([buyer("douyin", "d", T0, "我要找你们老板"), buyer("douyin", "d", T0 + 100_000, "人呢")]);
    const { chats } = await json(h.call("GET /api/admin/queue", {}));
    const byConv = Object.fromEntries(chats.map((c) => [c.conversation, c.deadlineAt]));
    expect(byConv).toEqual({ k: "2026-01-07T10:05:00+08:00", d: "2026-01-07T10:03:00+08:00" });
  });

  it("a Taobao round that started before 08:00 is not assessed even when it goes on after", async () => {
    await h.postEvents([buyer("taobao", "t", Date.parse("2026-01-07T07:59:00+08:00"), "在吗"), buyer("taobao", "t", Date.parse("2026-01-07T08:01:00+08:00"), "人呢")]);
    const { chats } = await json(h.call("GET /api/admin/queue", {}));
    expect(chats[0]).toMatchObject({ clockRuns: false, deadlineAt: "2026-01-07T08:02:00+08:00" });
  });
});

describe("assignment", () => {
  it("waits in the queue while nobody is online, then goes to the agent who comes online", async () => {
    await h.postEvents(buyer("douyin", "d", T0, "我要找你们老板"));
    expect((await json(h.call("GET /api/agent/queue", { agent: "a1" }))).chats).toHaveLength(1);
    await online("a1");
    const mine = await json(h.call("GET /api/agent/chats", { agent: "a1" }));
    expect(mine.chats).toHaveLength(1);
    expect(mine.chats[0]).toMatchObject({ conversation: "d", status: "assigned", agent: "a1", secondsLeft: 180 });
    const assigned = await h.ctx.db.all<{ agent: string }>(sql`select agent from events where type = 'assigned'`);
    expect(assigned).toEqual([{ agent: "a1" }]);
  });

  it("goes to the least-loaded online agent and respects each agent's cap", async () => {
    await online("a1");
    await online("a2");
    for (let i = 0; i < 5; i++) await h.postEvents(buyer("douyin", `d${i}`, T0 + i * 1000, "我要找你们老板"));
    const a1 = (await json(h.call("GET /api/agent/chats", { agent: "a1" }))).chats;
    const a2 = (await json(h.call("GET /api/agent/chats", { agent: "a2" }))).chats;
    expect([a1.length, a2.length]).toEqual([2, 2]); // cap 2 each
    expect(a1.map((c) => c.conversation)).toEqual(["d0", "d2"]);
    const waiting = (await json(h.call("GET /api/agent/queue", { agent: "a1" }))).chats;
    expect(waiting.map((c) => c.conversation)).toEqual(["d4"]);
  });

  it("an agent going offline hands their chats to whoever has room", async () => {
    await online("a1");
    await h.postEvents(buyer("douyin", "d", T0, "我要找你们老板"));
    await online("a2");
    await online("a1", false);
    expect((await json(h.call("GET /api/agent/chats", { agent: "a2" }))).chats).toHaveLength(1);
  });
});

describe("agent actions", () => {
  it("reply: stored as human with the agent id, sent through the outbox, and the chat leaves the queue", async () => {
    await online("a1");
    await h.postEvents(buyer("douyin", "d", T0, "什么时候发货"));
    const [chat] = (await json(h.call("GET /api/agent/chats", { agent: "a1" }))).chats;
    expect(chat!.suggestion).toEqual({ faqId: "shipping-time", answer: "亲,付款后48小时内发货哦" });
    h.clock.now = T0 + 30_000;
    const res = await h.call("POST /api/agent/chats/:id/reply", { agent: "a1", params: { id: chat!.id }, body: { text: chat!.suggestion!.answer } });
    expect(res.status).toBe(201);
    const stored = await h.ctx.db.all(sql`select "from", agent, text, at from events where "from" = 'human'`);
    expect(stored).toEqual([{ from: "human", agent: "a1", text: "亲,付款后48小时内发货哦", at: T0 + 30_000 }]);
    expect((await h.ctx.db.all<{ n: number }>(sql`select count(*) n from outbox where kind = 'reply'`))[0]!.n).toBe(1);
    expect((await json(h.call("GET /api/agent/chats", { agent: "a1" }))).chats).toEqual([]);
    expect((await json(h.call("GET /api/admin/queue", {}))).chats).toEqual([]);
  });

  it("a human reply made in the platform's own client also takes the chat out of the queue", async () => {
    await h.postEvents(buyer("taobao", "t", T0, "在吗"));
    await h.postEvents({ id: "qn-1", platform: "taobao", conversation: "t", at: new Date(T0 + 5000).toISOString(), from: "human", agent: "a2", text: "在的" });
    expect((await json(h.call("GET /api/admin/queue", {}))).chats).toEqual([]);
  });

  it("an uncounted reply (platform auto-reply) leaves the chat waiting for a human", async () => {
    await h.postEvents(buyer("taobao", "t", T0, "在吗"));
    await h.postEvents({ id: "auto-1", platform: "taobao", conversation: "t", at: new Date(T0 + 1000).toISOString(), from: "bot", bot: "autoreply", mode: "auto", text: "您好,客服马上来" });
    expect((await json(h.call("GET /api/admin/queue", {}))).chats).toHaveLength(1);
  });

  it("claim from the queue, transfer to a colleague, release back", async () => {
    await h.postEvents(buyer("douyin", "d", T0, "我要找你们老板"));
    const [waiting] = (await json(h.call("GET /api/agent/queue", { agent: "a1" }))).chats;
    const claimed = await h.call("POST /api/agent/chats/:id/claim", { agent: "a1", params: { id: waiting!.id } });
    expect(claimed.status).toBe(200);
    expect(claimed.body.chat).toMatchObject({ status: "assigned", agent: "a1" });

    expect((await h.refused("POST /api/agent/chats/:id/transfer", { agent: "a1", params: { id: waiting!.id }, body: { agent: "a2" } })).status).toBe(409); // a2 offline
    await online("a2");
    const moved = await h.call("POST /api/agent/chats/:id/transfer", { agent: "a1", params: { id: waiting!.id }, body: { agent: "a2" } });
    expect(moved.body.chat).toMatchObject({ agent: "a2" });
    expect((await h.refused("POST /api/agent/chats/:id/reply", { agent: "a1", params: { id: waiting!.id }, body: { text: "x" } })).status).toBe(409);

    const released = await h.call("POST /api/agent/chats/:id/release", { agent: "a2", params: { id: waiting!.id } });
    expect(released.body.chat).toMatchObject({ status: "waiting", agent: null });
    const history = await h.ctx.db.all<{ agent: string }>(sql`select agent from events where type = 'assigned' order by seq`);
    expect(history.map((r) => r.agent)).toEqual(["a1", "a2"]);
  });

  it("GET /chats/:id shows the conversation in order", async () => {
    await h.postEvents([buyer("kuaishou", "k", T0, "什么时候发货"), buyer("kuaishou", "k", T0 + 1000, "这个是正品吗")]);
    const { chats } = await json(h.call("GET /api/admin/queue", {}));
    const detail = await json(h.call("GET /api/agent/chats/:id", { agent: "a1", params: { id: chats[0]!.id } }));
    expect(detail.messages.map((m) => m.from)).toEqual(["buyer", "bot", "buyer"]);
  });
});
