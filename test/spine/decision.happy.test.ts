/**
 * The decision table per platform and shop policy ("Which replies count"), through the real
 * webhook and database: what was decided, why, and what left through the outbox.
 */
import { afterEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { buyer, createHarness, shopConfig, T0, type Harness } from "../support/harness.js";

let h: Harness | undefined;
afterEach(() => h?.close());

async function decisionFor(harness: Harness, event: ReturnType<typeof buyer>) {
  const res = await harness.postEvents(event);
  expect(res.status).toBe(200);
  const [d] = await harness.ctx.db.all<Record<string, unknown>>(
    sql`select d.action, d.reason, d.faq_id faqId, d.suggestion, d.clock_runs clockRuns, d.instant_sent instantSent, d.deadline_at deadlineAt
        from decisions d join events e on e.seq = d.event_seq where e.msg_id = ${event.id}`,
  );
  const replies = await harness.ctx.db.all<{ from: string; bot: string; mode: string; text: string }>(sql`select "from", bot, mode, text from events where conversation = ${event.conversation} and "from" in ('bot','human')`);
  const outbox = (await harness.ctx.db.all<{ n: number }>(sql`select count(*) n from outbox where kind = 'reply'`))[0]!.n;
  return { d: d!, replies, outbox };
}

describe("decision table", () => {
  it("Kuaishou: a confident match is answered at once by the bot, and the chat does not wait", async () => {
    h = await createHarness();
    const { d, replies, outbox } = await decisionFor(h, buyer("kuaishou", "k1", T0, "什么时候发货"));
    expect(d).toMatchObject({ action: "auto-answer", reason: "faq-confident", faqId: "shipping-time", clockRuns: 1 });
    expect(replies).toEqual([{ from: "bot", bot: "first-responder", mode: "auto", text: "亲,付款后48小时内发货哦" }]);
    expect(outbox).toBe(1);
    expect(await (await h.admin("default", "/queue")).json()).toMatchObject({ chats: [] });
  });

  it("Douyin: never auto-answered (human replies only); routed with the answer as a suggestion", async () => {
    h = await createHarness();
    const { d, replies, outbox } = await decisionFor(h, buyer("douyin", "d1", T0, "什么时候发货"));
    expect(d).toMatchObject({ action: "route", reason: "bot-not-counted", faqId: "shipping-time", suggestion: "亲,付款后48小时内发货哦", instantSent: 0 });
    expect(d.deadlineAt).toBe(T0 + 180_000);
    expect(replies).toEqual([]);
    expect(outbox).toBe(0);
  });

  it("Douyin with the instant-answer opt-in: the buyer gets the answer, and the chat still goes to a human", async () => {
    h = await createHarness({ shops: [await shopConfig("default", { douyinInstantAnswer: true })] });
    const { d, replies, outbox } = await decisionFor(h, buyer("douyin", "d1", T0, "什么时候发货"));
    expect(d).toMatchObject({ action: "route", reason: "bot-not-counted", instantSent: 1 });
    expect(replies).toHaveLength(1);
    expect(outbox).toBe(1);
    const queue = await (await h.admin("default", "/queue")).json();
    expect(queue.chats).toHaveLength(1);
    expect(queue.chats[0]).toMatchObject({ conversation: "d1", secondsLeft: 180 });
  });

  it("Taobao without an eligible assist-mode integration: routed (our answer would not count)", async () => {
    h = await createHarness();
    const { d, replies } = await decisionFor(h, buyer("taobao", "t1", T0, "什么时候发货"));
    expect(d).toMatchObject({ action: "route", reason: "bot-not-eligible" });
    expect(replies).toEqual([]);
  });

  it("Taobao as an eligible assist-mode integration: answered, labelled as that bot in assist mode", async () => {
    h = await createHarness({ shops: [await shopConfig("default", { taobaoAssistBot: { bot: "xiaoduo", mode: "assist" } })] });
    const { d, replies } = await decisionFor(h, buyer("taobao", "t1", T0, "什么时候发货"));
    expect(d).toMatchObject({ action: "auto-answer", reason: "faq-confident" });
    expect(replies).toEqual([{ from: "bot", bot: "xiaoduo", mode: "assist", text: "亲,付款后48小时内发货哦" }]);
  });

  it("Taobao with a bot that is not on the platform's list: routed", async () => {
    h = await createHarness({ shops: [await shopConfig("default", { taobaoAssistBot: { bot: "somebot", mode: "assist" } })] });
    const { d } = await decisionFor(h, buyer("taobao", "t1", T0, "什么时候发货"));
    expect(d).toMatchObject({ action: "route", reason: "bot-not-eligible" });
  });

  it("a match below the threshold is only a suggestion, on every platform", async () => {
    h = await createHarness();
    for (const platform of ["kuaishou", "douyin", "taobao"] as const) {
      const { d } = await decisionFor(h, buyer(platform, `${platform}-q`, T0, "这个质量怎么样"));
      expect(d).toMatchObject({ action: "route", reason: "faq-not-confident", faqId: "quality", suggestion: "亲,质量有保障的" });
    }
  });

  it("no match, and no text (an image or order card), go to a human", async () => {
    h = await createHarness();
    expect((await decisionFor(h, buyer("kuaishou", "k2", T0, "这个是正品吗"))).d).toMatchObject({ action: "route", reason: "no-faq-match", faqId: null });
    expect((await decisionFor(h, buyer("kuaishou", "k3", T0, undefined))).d).toMatchObject({ action: "route", reason: "no-text" });
  });

  it("outside the assessed window the service is the same and the decision records that no clock runs", async () => {
    h = await createHarness();
    const night = Date.parse("2026-01-07T07:59:59+08:00");
    const k = await decisionFor(h, buyer("kuaishou", "k-night", night, "什么时候发货"));
    expect(k.d).toMatchObject({ action: "auto-answer", clockRuns: 0 });
    // posted when they happen: an event hours ahead of the server clock is refused
    h.clock.now = Date.parse("2026-01-07T19:00:00+08:00");
    const d = await decisionFor(h, buyer("douyin", "d-evening", h.clock.now, "什么时候发货"));
    expect(d.d).toMatchObject({ action: "route", clockRuns: 0 });
    const inside = await decisionFor(h, buyer("douyin", "d-last", Date.parse("2026-01-07T18:59:59+08:00"), "什么时候发货"));
    expect(inside.d).toMatchObject({ clockRuns: 1 });
  });

  it("replies and other senders get no decision", async () => {
    h = await createHarness();
    const res = await h.postEvents([
      { id: "r1", platform: "taobao", conversation: "t9", at: T0, from: "human", agent: "a1", text: "您好" },
      { id: "i1", platform: "taobao", conversation: "t9", at: T0, from: "internal", text: "内部" },
      { id: "s1", platform: "taobao", conversation: "t9", at: T0, from: "system", type: "assigned", agent: "a1" },
    ]);
    expect(await res.json()).toEqual({ accepted: 3, duplicates: 0 });
    expect((await h.ctx.db.all<{ n: number }>(sql`select count(*) n from decisions`))[0]!.n).toBe(0);
  });
});
