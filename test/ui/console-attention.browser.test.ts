/**
 * The console's attention model in Chromium: an unread badge and a "(n)" title when a buyer
 * writes again in a chat the agent holds but is not looking at; reading the chat clears it;
 * counted chats sort before out-of-window "不计时" ones whatever their deadlines.
 */
import { describe, expect, it } from "vitest";
import { shopConfig } from "../support/harness.js";
import { loginAgent, watchPage, uiSuite } from "./support.js";

const suite = uiSuite(async () => {
  const shop = await shopConfig("att", { name: "提醒测试店" });
  shop.agents = shop.agents.map((a) => ({ ...a, maxConcurrent: 5 }));
  return [shop];
});

describe("console attention", { timeout: 60_000 }, () => {
  it("counts unread buyer messages per held chat and in the title; reading the chat clears them", async () => {
    const context = await suite.browser().newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN" });
    const page = await context.newPage();
    const watch = watchPage(page);
    await loginAgent(page, suite.ui().url, "att-a1-token");

    const t = suite.ui().now();
    await suite.ui().postEvents("att", [
      // out of the Douyin window (07:00 < 08:00): "不计时", its service target long past
      { id: "o-1", platform: "douyin", conversation: "buyer-night", at: new Date(t - 3 * 3600_000).toISOString(), from: "buyer", text: "在吗" },
      { id: "a-1", platform: "taobao", conversation: "buyer-a", at: new Date(t - 60_000).toISOString(), from: "buyer", text: "你好" },
      { id: "b-1", platform: "taobao", conversation: "buyer-b", at: new Date(t).toISOString(), from: "buyer", text: "有货吗" },
    ]);
    await expect.poll(() => page.locator("#mine .chat-item").count(), { timeout: 10_000 }).toBe(3);
    // counted chats first by deadline, the out-of-window one last although its deadline is earliest
    const names = await page.locator("#mine .chat-item b").allTextContents();
    expect(names).toEqual(["buyer-a", "buyer-b", "buyer-night"]);
    // a new chat's first message is unread too until the chat is opened
    await expect.poll(() => page.locator('#mine .chat-item:has-text("buyer-b") .unread').textContent()).toBe("1");
    await page.click('#mine .chat-item:has-text("buyer-night")');
    await page.click('#mine .chat-item:has-text("buyer-b")');
    await page.click('#mine .chat-item:has-text("buyer-a")');
    await expect.poll(() => page.locator("#mine .unread").count()).toBe(0);
    await expect.poll(() => page.textContent("#conv-title")).toContain("buyer-a");
    await page.locator('#messages .msg.buyer:has-text("你好")').waitFor();

    // the buyer of a held chat the agent is not looking at writes again: a badge and the title count
    const before = Number((await page.getAttribute("body", "data-buyer-alerts")) ?? 0);
    await suite.ui().postEvents("att", [{ id: "b-2", platform: "taobao", conversation: "buyer-b", at: new Date(suite.ui().now()).toISOString(), from: "buyer", text: "在不在" }]);
    const badge = page.locator('#mine .chat-item:has-text("buyer-b") .unread');
    await badge.waitFor({ timeout: 5_000 });
    expect((await badge.textContent())?.trim()).toBe("1");
    expect(await badge.getAttribute("aria-label")).toBe("1 条未读");
    await expect.poll(() => page.title()).toMatch(/^\(1\) /);
    expect(Number(await page.getAttribute("body", "data-buyer-alerts"))).toBeGreaterThan(before);

    await suite.ui().postEvents("att", [{ id: "b-3", platform: "taobao", conversation: "buyer-b", at: new Date(suite.ui().now() + 1000).toISOString(), from: "buyer", text: "？" }]);
    await expect.poll(() => page.locator('#mine .chat-item:has-text("buyer-b") .unread').textContent(), { timeout: 5_000 }).toBe("2");
    await expect.poll(() => page.title()).toMatch(/^\(2\) /);

    // a message in the chat on screen is read as it arrives
    await suite.ui().postEvents("att", [{ id: "a-2", platform: "taobao", conversation: "buyer-a", at: new Date(suite.ui().now() + 2000).toISOString(), from: "buyer", text: "包邮吗" }]);
    await page.locator('#messages .msg.buyer:has-text("包邮吗")').waitFor({ timeout: 5_000 });
    expect(await page.locator('#mine .chat-item:has-text("buyer-a") .unread').count()).toBe(0);

    // opening the chat reads it
    await page.click('#mine .chat-item:has-text("buyer-b")');
    await expect.poll(() => page.locator("#mine .unread").count()).toBe(0);
    await expect.poll(() => page.title()).not.toMatch(/^\(/);

    // the count survives a reload (kept per agent in the browser)
    await suite.ui().postEvents("att", [{ id: "n-2", platform: "douyin", conversation: "buyer-night", at: new Date(suite.ui().now() + 3000).toISOString(), from: "buyer", text: "几天到" }]);
    await page.locator('#mine .chat-item:has-text("buyer-night") .unread').waitFor({ timeout: 5_000 });
    await page.reload();
    await page.locator('#mine .chat-item:has-text("buyer-night") .unread').waitFor({ timeout: 5_000 });

    expect(watch.errors).toEqual([]);
    await context.close();
  });
});
