/**
 * The console and the dashboard on a phone (390×844) in Chromium: one pane at a time,
 * list → conversation → context, each as wide as the screen; a reply can be written and sent;
 * nothing scrolls sideways.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { shopConfig } from "../support/harness.js";
import { loginAdmin, loginAgent, screenshot, watchPage, uiSuite } from "./support.js";

const suite = uiSuite(async () => [await shopConfig("m", { name: "手机测试店" })]);

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "zh-CN" };

async function width(page: Page, sel: string): Promise<number> {
  return (await page.locator(sel).boundingBox())?.width ?? 0;
}
async function noSideways(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

describe("phone layout (390 px)", { timeout: 60_000 }, () => {
  it("console: list ↔ conversation ↔ context panes, a reply sent from the phone", async () => {
    const context = await suite.browser().newContext(PHONE);
    const page = await context.newPage();
    const watch = watchPage(page);
    await loginAgent(page, suite.ui().url, "m-a1-token");
    await suite.ui().postEvents("m", [{ id: "p1", platform: "taobao", conversation: "buyer-phone", at: new Date(suite.ui().now()).toISOString(), from: "buyer", text: "手机上能看到吗" }]);

    // the list fills the screen; the conversation and context wait their turn
    const item = page.locator('#mine .chat-item:has-text("buyer-phone")');
    await item.waitFor({ timeout: 10_000 });
    expect(await page.isVisible(".pane-tabs")).toBe(true);
    expect(await width(page, ".sidebar")).toBeGreaterThan(370);
    expect(await page.isVisible(".conversation")).toBe(false);
    expect(await page.isVisible(".context")).toBe(false);
    await noSideways(page);
    await screenshot(page, "console-phone-list.png");

    // tapping the chat opens the conversation, full width, with the reply box usable
    await item.tap();
    await page.locator('#messages .msg.buyer:has-text("手机上能看到吗")').waitFor();
    expect(await page.isVisible(".sidebar")).toBe(false);
    expect(await width(page, ".conversation")).toBeGreaterThan(370);
    expect(await width(page, "#reply")).toBeGreaterThan(330);
    expect(await page.isVisible("#send")).toBe(true);
    await noSideways(page);
    await screenshot(page, "console-phone-conversation.png");
    await page.fill("#reply", "能的，亲");
    await page.tap("#send");
    await page.locator('#messages .msg.human:has-text("能的，亲")').waitFor({ timeout: 10_000 });

    // the context pane, then back to the list
    await page.tap('.pane-tabs button[data-pane="context"]');
    expect(await page.isVisible(".context")).toBe(true);
    expect(await width(page, ".context")).toBeGreaterThan(370);
    expect(await page.isVisible(".conversation")).toBe(false);
    await page.tap('.pane-tabs button[data-pane="list"]');
    expect(await page.isVisible(".sidebar")).toBe(true);
    expect(await page.getAttribute('.pane-tabs button[data-pane="list"]', "aria-selected")).toBe("true");
    await noSideways(page);

    expect(watch.errors).toEqual([]);
    await context.close();
  });

  it("dashboard: cards one per row, nothing scrolls sideways", async () => {
    const context = await suite.browser().newContext(PHONE);
    const page = await context.newPage();
    const watch = watchPage(page);
    await loginAdmin(page, suite.ui().url, "admin-token-m");
    const boxes = await page.locator(".card").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
    for (const w of boxes) expect(w).toBeLessThanOrEqual(390);
    await noSideways(page);
    await screenshot(page, "dashboard-phone.png");
    expect(watch.errors).toEqual([]);
    await context.close();
  });
});
