/**
 * The slow-reply reminder in Chromium: once a buyer in my list has waited 100 s (a 3-minute
 * rule: 80 s left) a banner names the longest wait and Alt+J opens it; a desktop notification
 * when the tab is not in front; the browser is asked for notifications once, ever.
 * The Notification API is replaced by a recorder (headless Chromium shows none).
 */
import { describe, expect, it } from "vitest";
import { shopConfig } from "../support/harness.js";
import { expectChinese, loginAgent, uiSuite, watchPage } from "./support.js";

const suite = uiSuite(async () => [await shopConfig("rm", { name: "提醒测试店" })]);

/** A recording Notification; `fake.permission` starts from localStorage, `grant` decides what asking does. */
function fakeNotifications(grant: "granted" | "default") {
  return `(() => {
    const w = window;
    w.__notes = []; w.__asked = 0;
    class FakeNotification { constructor(title, opts) { w.__notes.push(title + "|" + (opts && opts.body)); } close() {} }
    FakeNotification.permission = localStorage.getItem("fake.permission") || "default";
    FakeNotification.requestPermission = () => { w.__asked++; FakeNotification.permission = "${grant}"; localStorage.setItem("fake.permission", "${grant}"); return Promise.resolve("${grant}"); };
    w.Notification = FakeNotification;
    // the agent is in another window: the tab is not in front
    document.hasFocus = () => false;
  })();`;
}

describe("慢回复提醒", { timeout: 90_000 }, () => {
  it("a banner for the longest wait past its reminder time, Alt+J opens it, a desktop notification once", async () => {
    const browser = suite.browser(),
      ui = suite.ui();
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN" });
    await context.addInitScript(fakeNotifications("granted"));
    const page = await context.newPage();
    const watch = watchPage(page);
    await loginAgent(page, ui.url, "rm-a1-token");
    await page.keyboard.press("Shift"); // the first key asks for notifications (granted here)
    await expect.poll(() => page.evaluate(() => (window as unknown as { __asked: number }).__asked)).toBe(1);

    const t = ui.now();
    await ui.postEvents("rm", [
      { id: "s1", platform: "taobao", conversation: "buyer-slow", at: new Date(t - 110_000).toISOString(), from: "buyer", text: "在吗" },
      { id: "f1", platform: "taobao", conversation: "buyer-fresh", at: new Date(t).toISOString(), from: "buyer", text: "你好" },
    ]);
    await expect.poll(() => page.locator("#mine .chat-item").count(), { timeout: 10_000 }).toBe(2);
    await page.locator("#slow-reminder:not([hidden])").waitFor({ timeout: 5_000 });
    const text = await page.textContent("#slow-text");
    expect(text).toMatch(/^慢回复提醒：等待最久的 buyer-slow 已等 1\d\d 秒，还剩 \d+ 秒$/);
    expect(await page.getAttribute("body", "data-reminders")).toBe("1"); // buyer-fresh has 180 s
    await expect.poll(() => page.evaluate(() => (window as unknown as { __notes: string[] }).__notes.filter((n) => n.startsWith("慢回复提醒")))).toEqual(["慢回复提醒 · 淘宝|buyer-slow：即将超时，请尽快回复"]);
    await expectChinese(page, "slow reminder");

    // from another chat, Alt+J jumps to the longest wait
    await page.click('#mine .chat-item:has-text("buyer-fresh")');
    await expect.poll(() => page.textContent("#conv-title")).toContain("buyer-fresh");
    await page.keyboard.press("Alt+J");
    await expect.poll(() => page.textContent("#conv-title")).toContain("buyer-slow");

    // answered: the reminder goes
    await page.fill("#reply", "在的，请问有什么可以帮您");
    await page.keyboard.press("Control+Enter");
    await expect.poll(() => page.isHidden("#slow-reminder"), { timeout: 10_000 }).toBe(true);
    // a reminder is given once per chat and deadline, not every second
    expect(await page.getAttribute("body", "data-reminders")).toBe("1");
    expect(watch.errors).toEqual([]);
    await context.close();
  });

  it("asks for desktop notifications once: not again on later keys, clicks or after a reload", async () => {
    const browser = suite.browser(),
      ui = suite.ui();
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.addInitScript(fakeNotifications("default")); // the agent dismissed the question
    const page = await context.newPage();
    await loginAgent(page, ui.url, "rm-a2-token", { online: false });
    await page.keyboard.press("Shift");
    await page.keyboard.press("Shift");
    await page.click("#mine-count");
    expect(await page.evaluate(() => (window as unknown as { __asked: number }).__asked)).toBe(1);
    await page.reload();
    await expect.poll(() => page.textContent("#live")).toBe("实时");
    await page.keyboard.press("Shift");
    await page.click("#mine-count");
    expect(await page.evaluate(() => (window as unknown as { __asked: number }).__asked)).toBe(0);
    await context.close();
  });
});
