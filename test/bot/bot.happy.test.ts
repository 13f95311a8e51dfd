/**
 * What agents and admins see of the bot (issue 12 D), over real HTTP on a real SQLite file:
 * the decision's reason and the suggestion's confidence on a chat, one-click wrong-answer
 * flags, and the dashboard's bot report with unanswered questions grouped by similarity.
 */
import { afterEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { DECISION_REASON_LABELS } from "../../src/core/decision.js";
import { buyer, T0, type Harness } from "../support/harness.js";
import { botAnsweredThenRouted, botHarness, json } from "./helpers.js";

let h: Harness;
afterEach(() => h?.close());

describe("the chat's decision and suggestion confidence", () => {
  it("shows why the chat came to a person, with the Chinese label from core/decision.ts and the suggestion's level", async () => {
    h = await botHarness();
    const { detail } = await botAnsweredThenRouted(h, T0);
    expect(detail.decision).toEqual({
      action: "route",
      reason: "faq-not-confident",
      label: DECISION_REASON_LABELS["faq-not-confident"],
      message: { text: "这件衣服质量怎么样", at: "2026-01-07T10:00:20+08:00" },
      faq: { id: "quality", score: 0.4, confident: false, confidence: { score: 0.4, threshold: 0.8, floor: 0.3, level: "suggest", label: "建议" } },
    });
    expect(detail.chat.suggestion).toEqual({ faqId: "quality", answer: "亲,质量有保障的" });
    expect(detail.flagged).toEqual([]);
  });

  it("labels a suggestion under the floor a weak guess (仅供参考) and one with no match has no confidence", async () => {
    h = await botHarness();
    await h.agent("default", "a1", "PUT", "/status", { online: true });
    await h.postEvents(buyer("douyin", "d1", T0, "可以查询预计到达时间吗"));
    await h.postEvents(buyer("douyin", "d2", T0 + 1000, "这件衣服掉色吗"));
    const { chats } = await json(h.agent("default", "a1", "GET", "/chats"));
    const weak = await json(h.agent("default", "a1", "GET", `/chats/${chats.find((c: { conversation: string }) => c.conversation === "d1").id}`));
    expect(weak.decision.faq.confidence).toMatchObject({ level: "weak", label: "仅供参考", score: 0.057 });
    const none = await json(h.agent("default", "a1", "GET", `/chats/${chats.find((c: { conversation: string }) => c.conversation === "d2").id}`));
    expect(none.decision).toMatchObject({ reason: "no-faq-match", label: DECISION_REASON_LABELS["no-faq-match"], faq: null });
  });

  it("/api/admin/decisions carries the reason and its Chinese label", async () => {
    h = await botHarness();
    await h.postEvents([buyer("kuaishou", "k", T0, "什么时候发货"), buyer("douyin", "d", T0, "什么时候发货")]);
    const { decisions } = (await h.call("GET /api/admin/decisions", {})).body;
    expect(decisions.map((d: { reason: string; reasonLabel: string }) => [d.reason, d.reasonLabel])).toEqual([
      ["bot-not-counted", DECISION_REASON_LABELS["bot-not-counted"]],
      ["faq-confident", DECISION_REASON_LABELS["faq-confident"]],
    ]);
  });
});

describe("flagging a bot answer as wrong", () => {
  it("stores one flag per bot message with the buyer message and FAQ entry behind it; a second click changes nothing", async () => {
    h = await botHarness();
    const { chatId, botMessage } = await botAnsweredThenRouted(h, T0);
    expect(botMessage).toMatchObject({ from: "bot", text: "亲,付款后48小时内发货哦" });

    const first = await h.call("POST /api/agent/chats/:id/flag", { agent: "a1", params: { id: chatId }, body: { msgId: botMessage.id, note: "买家问的是预售款" } });
    expect(first.status).toBe(201);
    const stored = first.body;
    expect(stored).toMatchObject({ created: true, flag: { chatId, faqId: "shipping-time", agent: "a1", note: "买家问的是预售款" } });

    const again = await h.call("POST /api/agent/chats/:id/flag", { agent: "a1", params: { id: chatId }, body: { msgId: botMessage.id } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, flag: { id: stored.flag.id, agent: "a1", note: "买家问的是预售款" } });
    // a colleague flagging the same answer finds the same flag
    const colleague = await json(h.agent("default", "a2", "POST", `/chats/${chatId}/flag`, { msgId: botMessage.id }));
    expect(colleague).toMatchObject({ created: false, flag: { id: stored.flag.id, agent: "a1" } });

    expect((await json(h.agent("default", "a1", "GET", `/chats/${chatId}`))).flagged).toEqual([botMessage.id]);

    const report = (await h.call("GET /api/admin/bot", {})).body;
    expect(report.flags).toEqual([
      {
        id: stored.flag.id,
        at: "2026-01-07T10:00:00+08:00",
        agent: { id: "a1", name: "小美" },
        platform: "kuaishou",
        conversation: "k1",
        chatId,
        faqId: "shipping-time",
        note: "买家问的是预售款",
        answer: { id: botMessage.id, at: botMessage.at, text: "亲,付款后48小时内发货哦" },
        buyer: { id: expect.any(String), at: "2026-01-07T10:00:00+08:00", text: "什么时候发货" },
      },
    ]);
  });

  it("takes the stored sequence number (eventId) as well as the message id", async () => {
    h = await botHarness();
    const { chatId, botMessage } = await botAnsweredThenRouted(h, T0);
    const [row] = await h.ctx.db.all<{ seq: number }>(sql`select seq from events where msg_id = ${botMessage.id}`);
    const seq = row!.seq;
    const res = await h.agent("default", "a1", "POST", `/chats/${chatId}/flag`, { eventId: seq });
    expect(res.status).toBe(201);
    expect((await json(h.agent("default", "a1", "GET", `/chats/${chatId}`))).flagged).toEqual([botMessage.id]);
  });
});

describe("the bot report", () => {
  const at = (hhmmss: string, day = "2026-01-07") => Date.parse(`${day}T${hhmmss}+08:00`);

  it("counts answered and routed messages by reason for the platform day, midnight to midnight", async () => {
    h = await botHarness();
    await h.postEvents([
      buyer("kuaishou", "k1", at("00:00:00"), "什么时候发货"), // answered, first instant of the day
      buyer("kuaishou", "k2", at("09:00:00"), "什么时候发货"), // answered
      buyer("douyin", "d1", at("09:30:00"), "什么时候发货"), // routed: Douyin counts only humans
      buyer("douyin", "d2", at("09:40:00"), "这件衣服质量怎么样"), // routed: not confident
      buyer("taobao", "t1", at("09:50:00"), "这件衣服掉色吗"), // routed: no match
      buyer("kuaishou", "k3", at("23:59:59", "2026-01-06"), "什么时候发货"), // the day before
    ]);
    const today = await json(h.admin("default", "/bot"));
    expect(today).toMatchObject({ day: "2026-01-07", days: 1, from: "2026-01-07T00:00:00+08:00", to: "2026-01-08T00:00:00+08:00", answered: 2, faq: { threshold: 0.8 } });
    expect(today.routed).toEqual({
      total: 3,
      byReason: [
        { reason: "bot-not-counted", label: DECISION_REASON_LABELS["bot-not-counted"], count: 1 },
        { reason: "faq-not-confident", label: DECISION_REASON_LABELS["faq-not-confident"], count: 1 },
        { reason: "no-faq-match", label: DECISION_REASON_LABELS["no-faq-match"], count: 1 },
      ],
    });
    const yesterday = (await h.call("GET /api/admin/bot", { query: { day: "2026-01-06" } })).body;
    expect([yesterday.answered, yesterday.routed.total]).toEqual([1, 0]);
    const week = (await h.call("GET /api/admin/bot", { query: { days: "7" } })).body;
    expect(week).toMatchObject({ from: "2026-01-01T00:00:00+08:00", answered: 3 });
  });

  it("groups unanswered questions by similarity, biggest group first, leaving out what the FAQ knew", async () => {
    h = await botHarness();
    const texts = ["发什么快递", "你们发什么快递", "发什么快递呀", "能便宜点吗", "能不能便宜点", "可以开发票吗", "发什么快递"];
    await h.postEvents(texts.map((t, i) => buyer("douyin", `d${i}`, at("09:00:00") + i * 60_000, t)));
    await h.postEvents([
      buyer("douyin", "sure", at("09:30:00"), "什么时候发货"), // confident match: the FAQ knew it
      buyer("douyin", "weak", at("09:31:00"), "可以查询预计到达时间吗"), // a weak guess is still a question the FAQ did not answer
      buyer("douyin", "old", at("09:00:00", "2026-01-05"), "发什么快递"), // outside the day
    ]);
    const { unanswered } = await json(h.admin("default", "/bot"));
    expect(unanswered).toMatchObject({ messages: 8, groupsTotal: 4, truncated: false });
    const groups = unanswered.groups.map((g: { size: number; examples: Array<{ text: string }> }) => [g.size, g.examples.map((e) => e.text)]);
    expect(groups).toEqual([
      // (examples are the group's distinct phrasings as the matcher reads them: 发什么快递呀 is 发什么快递, its 呀 a filler)
      [4, ["发什么快递", "你们发什么快递"]],
      [2, ["能不能便宜点", "能便宜点吗"]],
      [1, ["可以查询预计到达时间吗"]],
      [1, ["可以开发票吗"]],
    ]);
    expect(unanswered.groups[0]).toMatchObject({ conversations: 4, faqId: null, lastAt: "2026-01-07T09:06:00+08:00" });
    expect(unanswered.groups[2]).toMatchObject({ faqId: "cancel-order" });
    const week = await json(h.admin("default", "/bot?days=3"));
    expect(week.unanswered.groups[0].size).toBe(5);
  });

  it("a negated question is a gap although its entry scored high; a routed sure match is not", async () => {
    h = await botHarness();
    await h.postEvents(buyer("douyin", "n", at("09:00:00"), "什么时候发货")); // sure match, routed: Douyin counts only humans
    expect((await json(h.admin("default", "/bot"))).unanswered.messages).toBe(0);
    // as the conversation-aware decision records a negation ("不用发货了"): the stored row is what the report reads
    await h.ctx.db.run(sql`update decisions set reason = 'negated', action = 'route' where conversation = 'n'`);
    const { unanswered, routed } = await json(h.admin("default", "/bot"));
    expect(unanswered.groups).toMatchObject([{ size: 1, faqId: "shipping-time", examples: [{ text: "什么时候发货" }] }]);
    expect(routed.byReason).toEqual([{ reason: "negated", label: DECISION_REASON_LABELS.negated, count: 1 }]);
  });
});
