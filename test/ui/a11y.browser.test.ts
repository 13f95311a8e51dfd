/**
 * Accessibility in Chromium, checked by axe-core (injected from node_modules, so no network):
 * the console with chats, the conversation and the queue, and the dashboard with figures, find
 * no serious or critical violation (WCAG 2 A/AA rules, colour contrast included). Keyboard:
 * the chat list is one Tab stop, arrows move between chats, Enter opens one; new buyer
 * messages are announced through a polite live region. (axe() lives in support.ts, shared with other browser tests.)
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { shopConfig } from "../support/harness.js";
import { history } from "./seed.js";
import { axe, loginAdmin, watchPage, uiSuite } from "./support.js";

const suite = uiSuite(async () => {
  const shop = await shopConfig("demo", { name: "无障碍测试店" });
  shop.agents = shop.agents.map((a) => ({ ...a, maxConcurrent: 3 }));
  return [shop];
});

describe("accessibility", { timeout: 90_000 }, () => {
  it("console: no serious or critical axe violation; rows are one Tab stop, arrows and Enter work; messages announced", async () => {
    const context = await suite.browser().newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN", bypassCSP: true }); // axe is injected as an inline script
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${suite.ui().url}/console`);
    await page.locator("#login:not([hidden])").waitFor();
    expect(await axe(page)).toEqual([]);
    await page.fill("#token", "demo-a1-token");
    await page.click("#login-form button[type=submit]");
    await expect.poll(() => page.textContent("#live")).toBe("实时");
    // offline: the empty list says so instead of promising messages
    expect(await page.textContent("#mine-empty")).toContain("离线");
    await page.check("#online");
    await expect.poll(() => page.textContent("#mine-empty")).toContain("新的买家消息会自动出现在这里");
    const t = suite.ui().now();
    await suite.ui().postEvents("demo", [
      { id: "x1", platform: "douyin", conversation: "buyer-dy", at: new Date(t - 170_000).toISOString(), from: "buyer", text: "在吗" },
      { id: "x2", platform: "taobao", conversation: "buyer-tb", at: new Date(t - 100_000).toISOString(), from: "buyer", text: "有货吗" },
      { id: "x3", platform: "kuaishou", conversation: "buyer-ks", at: new Date(t - 10_000).toISOString(), from: "buyer", text: "包邮吗" },
      { id: "x4", platform: "taobao", conversation: "buyer-q", at: new Date(t).toISOString(), from: "buyer", text: "发什么快递" },
    ]);
    // (the Kuaishou question may be answered by the bot: 3 or 4 chats reach people)
    await expect.poll(() => page.locator("#mine .chat-item").count(), { timeout: 10_000 }).toBe(3);
    const queued = await page.locator("#queue .chat-item").count();
    await page.locator("#messages .msg.buyer").first().waitFor();
    expect(await axe(page)).toEqual([]);

    // one Tab stop for the whole list: the rows are not each a stop, and neither are the claim buttons
    const stops = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>("#mine .chat-item, #queue .chat-item, #queue button")].filter((e) => e.tabIndex >= 0).length);
    expect(stops).toBe(1 + Math.min(queued, 1)); // one row in "mine", one in the queue if any
    await page.focus("#mine .chat-item[tabindex='0']");
    const first = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.id);
    await page.keyboard.press("ArrowDown");
    const second = await page.evaluate(() => (document.activeElement as HTMLElement).dataset.id);
    expect(second).not.toBe(first);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.querySelector("#mine .chat-item.selected")?.getAttribute("data-id"))).toBe(second);

    // a buyer message in my chats is announced politely
    expect(await page.getAttribute("#announce", "aria-live")).toBe("polite");
    await suite.ui().postEvents("demo", [{ id: "x5", platform: "taobao", conversation: "buyer-tb", at: new Date(suite.ui().now()).toISOString(), from: "buyer", text: "还在吗" }]);
    await expect.poll(() => page.textContent("#announce"), { timeout: 10_000 }).toContain("还在吗");

    expect(watch.errors).toEqual([]);
    await context.close();
  });

  it("dashboard with two weeks of figures: no serious or critical axe violation", async () => {
    expect((await suite.ui().postEvents("demo", history(14, 3))).status).toBe(200);
    const context = await suite.browser().newContext({ viewport: { width: 1366, height: 900 }, locale: "zh-CN", bypassCSP: true }); // axe is injected as an inline script
    const page = await context.newPage();
    await loginAdmin(page, suite.ui().url, "admin-token-demo");
    await page.locator("#late-list").waitFor();
    expect(await axe(page)).toEqual([]);
    await page.click("#tab-faq");
    await page.locator("#faq-list li").first().waitFor();
    expect(await axe(page)).toEqual([]);
    await context.close();
  });
});
