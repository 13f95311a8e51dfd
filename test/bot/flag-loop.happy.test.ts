/**
 * The weekly loop on a wrong answer, end to end on a real server with the demo FAQ (real HTTP,
 * real SQLite, the signed webhook): the bot answers a buyer message wrongly, an agent flags the
 * answer, the admin marks the flagged message "不再自动回答" (its text added to the shop's
 * 不回答的问题), and the next time that message arrives it goes to a person instead.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUiServer, type UiServer } from "../ui/support.js";
import { shopConfig } from "../contract/fixtures.js";
import { api, untilLive } from "../faq/out-of-scope-helpers.js";

let ui: UiServer;
beforeAll(async () => {
  ui = await startUiServer({ shops: [await shopConfig("demo")] });
}, 120_000);
afterAll(async () => ui?.close());

const ADMIN = "admin-token-demo";
const AGENT = "demo-a1-token";
// the buyer asks about a custom-engraved item; the demo FAQ answers with the 7-day return
// policy (seven-day-return), which customised goods are not under
const WRONGLY_ANSWERED = "定制刻字的也能七天无理由退吗";

let n = 0;
async function buyerSays(conversation: string, text: string) {
  const res = await ui.postEvents("demo", [{ id: `loop-${++n}`, platform: "kuaishou", conversation, at: new Date(ui.now()).toISOString(), from: "buyer", text }]);
  expect(res.status).toBe(200);
}

async function chatOf(conversation: string) {
  let found: { id: number } | undefined;
  await expect
    .poll(async () => {
      const mine = (await api(ui, "GET", "/api/agent/chats", AGENT)).body.chats;
      const queue = (await api(ui, "GET", "/api/agent/queue", AGENT)).body.chats;
      found = [...mine, ...queue].find((c: { conversation: string }) => c.conversation === conversation);
      return found !== undefined;
    })
    .toBe(true);
  return (await api(ui, "GET", `/api/agent/chats/${found!.id}`, AGENT)).body;
}

describe("a wrong answer, flagged and marked 不再自动回答, is not given again", { timeout: 120_000 }, () => {
  it("the next time the message arrives through the signed webhook it is routed to a person", async () => {
    expect((await api(ui, "PUT", "/api/agent/status", AGENT, { online: true })).status).toBe(200);

    // 1. the bot answers; the buyer writes on, and the chat reaches the agent
    await buyerSays("loop-1", WRONGLY_ANSWERED);
    await buyerSays("loop-1", "可以刻字吗");
    const first = await chatOf("loop-1");
    const botMessage = first.messages.find((m: { from: string }) => m.from === "bot");
    expect(botMessage, "the bot answered the first message").toBeDefined();

    // 2. the agent flags the answer as wrong (one click in the console)
    const flagged = await api(ui, "POST", `/api/agent/chats/${first.chat.id}/flag`, AGENT, { msgId: botMessage.id });
    expect(flagged.status).toBe(201);

    // 3. the admin sees it in the bot panel's 答错报告 and marks it 不再自动回答
    const report = (await api(ui, "GET", "/api/admin/bot", ADMIN)).body;
    const row = report.flags.find((f: { id: number }) => f.id === flagged.body.flag.id);
    expect(row.buyer.text).toBe(WRONGLY_ANSWERED);
    expect(row.faqId).toBe("seven-day-return");
    const marked = await api(ui, "POST", "/api/admin/faq/out-of-scope", ADMIN, { texts: [row.buyer.text] });
    expect([200, 202]).toContain(marked.status);
    expect(marked.body.added).toEqual([WRONGLY_ANSWERED]);
    await untilLive(ui, ADMIN, "demo", (o) => o.shop.includes(WRONGLY_ANSWERED));

    // 4. the same message in a fresh chat: no bot answer, a person takes it
    await buyerSays("loop-2", WRONGLY_ANSWERED);
    const second = await chatOf("loop-2");
    expect(second.decision).toMatchObject({ action: "route", reason: "faq-not-confident" });
    expect(second.decision.faq.id).toBe("seven-day-return");
    expect(second.messages.filter((m: { from: string }) => m.from === "bot")).toEqual([]);
    expect(second.chat.deadlineAt).not.toBeNull();

    // and a plain FAQ question in another fresh chat is still answered at once
    await buyerSays("loop-3", "发什么快递");
    const decisions = (await api(ui, "GET", "/api/admin/decisions", ADMIN)).body;
    const plain = decisions.decisions.find((d: { conversation: string }) => d.conversation === "loop-3");
    expect(plain).toMatchObject({ action: "auto-answer" });
  });
});
