/**
 * The bot's side of the screens in Chromium, on a real server with the demo FAQ: the console
 * shows why a chat came to a person and how sure the suggestion is (a weak guess marked
 * 仅供参考), one click flags a bot answer as wrong and the dashboard's 机器人 tab lists it; the
 * tab groups unanswered questions and adds a group as examples of an entry (and as a new entry).
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { CONFIDENCE_LABELS, type ConfidenceLevel } from "../../src/core/confidence.js";
import { DECISION_REASON_LABELS, type DecisionReason } from "../../src/core/decision.js";
import { screenshot, watchPage, uiSuite } from "./support.js";

const suite = uiSuite();

const agentApi = async (path: string) => (await (await suite.ui().server.app.request(`/api/agent${path}`, { headers: { authorization: "Bearer demo-a1-token" } })).json()) as any;
const adminApi = async (path: string) => (await (await suite.ui().server.app.request(`/api/admin${path}`, { headers: { authorization: "Bearer admin-token-demo" } })).json()) as any;

let n = 0;
async function say(platform: string, conversation: string, text: string) {
  const res = await suite.ui().postEvents("demo", [{ id: `bot-ui-${++n}`, platform, conversation, at: new Date(suite.ui().now()).toISOString(), from: "buyer", text }]);
  expect(res.status).toBe(200);
}

async function openChat(page: Page, conversation: string) {
  const item = page.locator(`.chat-item:has-text("${conversation}")`);
  await item.first().waitFor({ timeout: 10_000 });
  await item.first().click();
  await expect.poll(() => page.textContent("#conv-title")).toContain(conversation);
  const mine = await agentApi("/chats");
  const queue = await agentApi("/queue");
  const chat = [...mine.chats, ...queue.chats].find((c: { conversation: string }) => c.conversation === conversation);
  return agentApi(`/chats/${chat.id}`);
}

describe("the bot in the console and the dashboard", { timeout: 90_000 }, () => {
  it("shows reason and confidence, marks a weak guess, flags a wrong answer, and the dashboard lists it", async () => {
    const context = await suite.browser().newContext({ viewport: { width: 1366, height: 800 }, locale: "zh-CN" });
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${suite.ui().url}/console`);
    await page.fill("#token", "demo-a1-token");
    await page.click("#login-form button[type=submit]");
    await expect.poll(() => page.textContent("#live")).toBe("实时");
    await page.check("#online");
    await expect.poll(async () => (await agentApi("/me")).agent.online).toBe(true);

    // Kuaishou: the bot answers the first question itself; the follow-up goes to a person
    await say("kuaishou", "buyer-k", "什么时候发货");
    await say("kuaishou", "buyer-k", "广东这边一般多久到");
    const k = await openChat(page, "buyer-k");
    expect(k.decision.action).toBe("route");
    await expect.poll(() => page.textContent("#decision-reason")).toContain(DECISION_REASON_LABELS[k.decision.reason as DecisionReason]);
    const c = k.decision.faq.confidence as { score: number; level: ConfidenceLevel };
    expect(c.level).not.toBe("weak");
    await expect.poll(() => page.textContent("#suggestion-confidence")).toBe(`匹配度 ${c.score.toFixed(2)} · ${CONFIDENCE_LABELS[c.level]}`);
    expect(await page.isVisible("#suggestion-weak")).toBe(false);

    // one click: the bot's answer is wrong
    const botMsg = page.locator("#messages li.msg.bot");
    await botMsg.locator("button.flag").click();
    await botMsg.locator(".flag.done").waitFor();
    expect(await botMsg.textContent()).toContain("已标记答错");
    await expect.poll(async () => (await agentApi(`/chats/${k.chat.id}`)).flagged).toHaveLength(1);

    // Douyin: a weak guess is marked 仅供参考
    await say("douyin", "buyer-d", "可以查询预计到达时间吗");
    const d = await openChat(page, "buyer-d");
    expect(d.decision.faq.confidence.level).toBe("weak");
    await page.locator("#suggestion-weak").waitFor();
    expect(await page.textContent("#suggestion-weak")).toContain("仅供参考");
    expect(await page.getAttribute("#suggestion-confidence", "data-level")).toBe("weak");
    expect(await page.textContent("#suggestion-confidence")).toContain("仅供参考");
    await screenshot(page, "console-bot.png");

    // the dashboard's 机器人 tab: answered, routed by reason, the flag with its buyer message
    const dash = await context.newPage();
    const dashWatch = watchPage(dash);
    await dash.goto(`${suite.ui().url}/dashboard`);
    await dash.fill("#token", "admin-token-demo");
    await dash.click("#login-form button[type=submit]");
    await dash.click("#tab-bot");
    const row = dash.locator("#bot-flag-list tr.flag-row");
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toContain("什么时候发货");
    expect(await row.textContent()).toContain("小美");
    expect(await row.textContent()).toContain(k.messages.find((m: { from: string }) => m.from === "bot").text);
    expect(await dash.textContent("#bot-answered .big")).toBe("1");
    expect(await dash.textContent(`#bot-reasons tr[data-reason="${d.decision.reason}"]`)).toContain(DECISION_REASON_LABELS[d.decision.reason as DecisionReason]);
    expect(new URL(dash.url()).searchParams.get("tab")).toBe("bot");

    expect(watch.errors).toEqual([]);
    expect(dashWatch.errors).toEqual([]);
    await context.close();
  });

  it("groups unanswered questions; 加为例句 adds the group to an entry and 新建FAQ条目 makes a new one", async () => {
    for (const [conv, text] of [
      ["g1", "这件衣服会缩水吗"],
      ["g2", "这衣服缩水吗"],
      ["g3", "这件衣服会不会缩水"],
      ["g4", "这件衣服会缩水吗"],
      ["g5", "可以刻字吗"],
    ])
      await say("douyin", conv!, text!);
    const context = await suite.browser().newContext({ viewport: { width: 1366, height: 900 }, locale: "zh-CN" });
    const dash = await context.newPage();
    const watch = watchPage(dash);
    await dash.goto(`${suite.ui().url}/dashboard?tab=bot`);
    await dash.fill("#token", "admin-token-demo");
    await dash.click("#login-form button[type=submit]");

    // four messages about shrinking, one wording twice
    const group = dash.locator(".bot-group").first();
    await group.waitFor({ timeout: 10_000 });
    expect(await group.getAttribute("data-size")).toBe("4");
    const examples = await group.locator(".examples li").allTextContents();
    expect(examples).toEqual(["这件衣服会缩水吗", "这件衣服会不会缩水", "这衣服缩水吗"]);
    await screenshot(dash, "dashboard-bot.png");

    await group.locator("select.example-target").selectOption("quality-issue");
    await group.locator("button.add-example").click();
    await expect.poll(() => group.locator(".group-status").textContent(), { timeout: 10_000 }).toContain("已把 3 个问法加为");
    const entry = await adminApi("/faq/entries/quality-issue");
    expect(entry.examples).toEqual(expect.arrayContaining(["这件衣服会缩水吗", "这件衣服会不会缩水", "这衣服缩水吗"]));
    // the FAQ set reloaded: the live matcher now knows the new wording
    const tried = await adminApi("/dashboard/try?q=" + encodeURIComponent("这件衣服会不会缩水"));
    expect(tried.platforms[0].matches[0]).toMatchObject({ id: "quality-issue", score: expect.any(Number) });
    expect(tried.platforms[0].matches[0].score).toBeGreaterThan(0.9);

    // a question the FAQ has no entry for: a new entry, its answer written by the owner
    const gift = dash.locator('.bot-group:has(.examples li:text-is("可以刻字吗"))');
    // the matcher's guess for it is preselected only when it is more than a weak guess
    const giftGroup = (await adminApi("/bot")).unanswered.groups.find((g: { examples: Array<{ text: string }> }) => g.examples[0]!.text === "可以刻字吗");
    expect(await gift.locator("select.example-target").inputValue()).toBe(giftGroup.faqScore !== null && giftGroup.faqScore >= 0.3 ? giftGroup.faqId : "");
    await gift.locator("button.new-entry").click();
    await gift.locator("textarea.answer").fill("亲，这款暂不支持刻字哦~");
    const id = await gift.locator("input.entry-id").inputValue();
    await gift.locator(".new-entry-form button[type=submit]").click();
    await expect.poll(() => gift.locator(".group-status").textContent(), { timeout: 10_000 }).toContain("已新建条目");
    expect(await adminApi(`/faq/entries/${id}`)).toMatchObject({ question: "可以刻字吗", answer: "亲，这款暂不支持刻字哦~" });

    expect(watch.errors).toEqual([]);
    await context.close();
  });
});
