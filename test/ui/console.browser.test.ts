/**
 * The agent console in Chromium: a buyer message arrives through the signed webhook, the
 * agent sees it live (no reload), inserts the suggested FAQ answer, edits it, replies with
 * Ctrl+Enter; the dashboard's figure for the rule moves from late to in time.
 */
import { describe, expect, it } from "vitest";
import { shopConfig } from "../support/harness.js";
import { screenshot, watchPage, uiSuite } from "./support.js";

const suite = uiSuite(async () => [await shopConfig("demo", { name: "演示旗舰店" }), await shopConfig("kb", { name: "键盘测试店" })]);

describe("agent console", { timeout: 60_000 }, () => {
  it("shows a new buyer message live, inserts the suggestion, replies, and the dashboard figure moves", async () => {
    const context = await suite.browser().newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN" });
    const page = await context.newPage();
    const watch = watchPage(page);

    // the shop owner's dashboard, open beside the console
    const dash = await context.newPage();
    const dashWatch = watchPage(dash);
    await dash.goto(`${suite.ui().url}/dashboard`);
    await dash.fill("#token", "admin-token-demo");
    await dash.click("#login-form button[type=submit]");
    await dash.waitForSelector('.card[data-rule="douyin.manual-3min"]');
    await expect.poll(() => dash.textContent('.card[data-rule="douyin.manual-3min"] .today-rate')).toBe("—");

    // login once with the agent token, go online
    await page.goto(`${suite.ui().url}/console`);
    await page.fill("#token", "demo-a1-token");
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector("#app:not([hidden])");
    await expect.poll(() => page.textContent("#who")).toContain("小美");
    await expect.poll(() => page.textContent("#live")).toBe("实时");
    await page.check("#online");
    await expect.poll(async () => ((await (await suite.ui().server.app.request("/api/agent/me", { headers: { authorization: "Bearer demo-a1-token" } })).json()) as { agent: { online: boolean } }).agent.online).toBe(true);
    await expect.poll(() => page.isVisible("#mine-empty")).toBe(true);

    // a Douyin buyer asks; our bot's answer would not count there, so it goes to a human with a suggestion
    const sent = await suite.ui().postEvents("demo", [{ id: "dy-1", platform: "douyin", conversation: "buyer-777", at: new Date(suite.ui().now()).toISOString(), from: "buyer", text: "什么时候发货" }]);
    expect(sent.status).toBe(200);

    // it appears without a reload, with a running countdown and an alert
    const item = page.locator('#mine .chat-item:has-text("buyer-777")');
    await item.waitFor({ timeout: 10_000 });
    await expect.poll(() => page.getAttribute("body", "data-alerts")).toBe("1");
    await expect.poll(async () => (await item.locator(".countdown").getAttribute("class")) ?? "").toMatch(/countdown (ok|warn)/);
    expect(await item.locator(".countdown").textContent()).toMatch(/^[23]:\d\d$/);
    await page.locator('#messages .msg.buyer:has-text("什么时候发货")').waitFor();
    await page.locator("#suggestion:not([hidden])").waitFor();
    const suggestion = (await page.textContent("#suggestion-text"))!.trim();
    expect(suggestion.length).toBeGreaterThan(5);
    // named by the entry's question, not by the id the admin gave it
    const entry = suite.ui().server.ctx.faq.forShop("demo")!.entryTexts!("shipping-time")![0]!;
    expect(await page.textContent("#suggestion-faq")).toBe(`FAQ：${entry}`);

    // the dashboard moved live: one unanswered message still inside its 3 minutes — pending,
    // neither in time nor late, and never red
    await expect.poll(() => dash.textContent('.card[data-rule="douyin.manual-3min"] .pending-today'), { timeout: 10_000 }).toBe("待回复（未到时限）1");
    expect(await dash.textContent('.card[data-rule="douyin.manual-3min"] .today-count')).toBe("0 / 0");
    expect(await dash.getAttribute('.card[data-rule="douyin.manual-3min"]', "data-status")).not.toBe("red");
    expect(await dash.textContent("#queue-now .q-open")).toBe("1");
    await expect.poll(() => dash.locator('#at-risk tr:has-text("buyer-777")').count()).toBe(1);

    await screenshot(page, "console.png");

    // one click inserts the suggestion; the agent edits it and sends with Ctrl+Enter
    await page.click("#insert");
    expect(await page.inputValue("#reply")).toBe(suggestion);
    await page.focus("#reply");
    await page.keyboard.press("End");
    await page.keyboard.type(" 有问题随时找我~");
    await page.keyboard.press("Control+Enter");
    await page.locator(`#messages .msg.human:has-text("有问题随时找我~")`).waitFor();
    expect(await page.inputValue("#reply")).toBe("");
    await expect.poll(() => page.locator('#mine .chat-item:has-text("buyer-777")').count()).toBe(0);

    // the reply was stored as the agent's human reply and queued for delivery
    const chat = (await (await suite.ui().server.app.request("/api/agent/chats/1", { headers: { authorization: "Bearer demo-a1-token" } })).json()) as { messages: { from: string; agent: string | null; text: string }[] };
    expect(chat.messages.at(-1)).toMatchObject({ from: "human", agent: "a1", text: `${suggestion} 有问题随时找我~` });

    // and the dashboard figure moved: 1 of 1 in time, green, without reloading
    await expect.poll(() => dash.textContent('.card[data-rule="douyin.manual-3min"] .today-count'), { timeout: 10_000 }).toBe("1 / 1");
    expect(await dash.textContent('.card[data-rule="douyin.manual-3min"] .today-rate')).toBe("100.0%");
    expect(await dash.getAttribute('.card[data-rule="douyin.manual-3min"]', "data-status")).toBe("green");
    expect(await dash.locator('.card[data-rule="douyin.manual-3min"] .pending-today').count()).toBe(0);
    await expect.poll(() => dash.locator('#at-risk tr:has-text("buyer-777")').count()).toBe(0);

    // the buyer writes again: the chat comes back to the same agent and the message shows live
    await suite.ui().postEvents("demo", [{ id: "dy-2", platform: "douyin", conversation: "buyer-777", at: new Date(suite.ui().now()).toISOString(), from: "buyer", text: "好的，那红色还有货吗" }]);
    await page.locator('#messages .msg.buyer:has-text("红色还有货吗")').waitFor({ timeout: 10_000 });
    await page.locator('#mine .chat-item:has-text("buyer-777")').waitFor();
    expect(await page.getAttribute("body", "data-alerts")).toBe("1"); // not a new chat: no second alert

    expect(watch.errors).toEqual([]);
    expect(dashWatch.errors).toEqual([]);
    await context.close();
  });

  it("keyboard: Alt+N moves to the next chat by deadline; a wrong token shows the login again", async () => {
    const context = await suite.browser().newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${suite.ui().url}/console`);
    await page.fill("#token", "not-a-token");
    await page.click("#login-form button[type=submit]");
    await expect.poll(() => page.textContent("#login-error")).toContain("令牌无效");

    await page.fill("#token", "kb-a2-token");
    await page.click("#login-form button[type=submit]");
    await expect.poll(() => page.textContent("#live")).toBe("实时");
    await page.check("#online");
    const t = suite.ui().now();
    await suite.ui().postEvents("kb", [
      { id: "kb-1", platform: "taobao", conversation: "buyer-first", at: new Date(t - 60_000).toISOString(), from: "buyer", text: "在吗" },
      { id: "kb-2", platform: "taobao", conversation: "buyer-second", at: new Date(t).toISOString(), from: "buyer", text: "你好" },
    ]);
    await expect.poll(() => page.locator("#mine .chat-item").count(), { timeout: 10_000 }).toBe(2);
    // the most urgent (earliest deadline) is first and selected
    expect(await page.locator("#mine .chat-item").first().textContent()).toContain("buyer-first");
    await expect.poll(() => page.textContent("#conv-title")).toContain("buyer-first");
    await page.keyboard.press("Alt+n");
    await expect.poll(() => page.textContent("#conv-title")).toContain("buyer-second");
    await page.keyboard.press("Alt+n");
    await expect.poll(() => page.textContent("#conv-title")).toContain("buyer-first");
    // a third chat, nearly late, waits in the queue (a2 is at the limit of 2): red countdown
    await suite.ui().postEvents("kb", [{ id: "kb-3", platform: "douyin", conversation: "buyer-urgent", at: new Date(suite.ui().now() - 165_000).toISOString(), from: "buyer", text: "拍错颜色了，能改成白色吗？" }]);
    const queued = page.locator('#queue .chat-item:has-text("buyer-urgent")');
    await queued.waitFor({ timeout: 10_000 });
    await expect.poll(async () => (await queued.locator(".countdown").getAttribute("class")) ?? "").toMatch(/danger|late/);
    await screenshot(page, "console-busy.png");

    // the wrong token's 401 is the only error the page saw
    expect(watch.errors.filter((e) => !e.includes("401"))).toEqual([]);
    await context.close();
  });
});
