/**
 * The admin dashboard in Chromium: empty states (empty database, unknown shop, a rule without
 * data), figures with two weeks of history, the "try a question" box, and a broken FAQ edit
 * whose error is shown inline. Screenshots go to test-results/.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { history } from "./seed.js";
import { launchChromium, screenshot, startUiServer, watchPage, type UiServer } from "./support.js";

let browser: Browser;
let ui: UiServer;

beforeAll(async () => {
  browser = await launchChromium();
  ui = await startUiServer();
});

afterAll(async () => {
  await browser?.close();
  await ui?.close();
});

async function login(page: Page, path: string): Promise<void> {
  await page.goto(`${ui.url}${path}`);
  await page.fill("#token", "admin-token-demo");
  await page.click("#login-form button[type=submit]");
  await page.waitForSelector("#app:not([hidden])");
}

describe("admin dashboard", { timeout: 60_000 }, () => {
  it("shows empty states on an empty database, for an unknown shop and for a rule without data", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const watch = watchPage(page);

    await login(page, "/dashboard");
    await page.waitForSelector(".card");
    expect(await page.locator(".card").count()).toBe(7); // the demo shop runs on all three platforms
    for (const status of await page.locator(".card").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.status))) expect(status).toBe("grey");
    expect(await page.isVisible("#cards-empty")).toBe(true);
    expect(await page.textContent("#at-risk")).toContain("当前没有待回复的会话");
    expect(await page.textContent("#heatmap")).toContain("没有迟回消息");
    expect(await page.textContent("#late-list")).toContain("没有迟回消息");
    expect(await page.textContent("#agents")).toContain("小美");

    // an unknown shop: a readable message, no 500
    await page.goto(`${ui.url}/dashboard?shop=no-such-shop`);
    await expect.poll(() => page.textContent("#dash-error")).toContain("无权访问店铺");
    expect(await page.locator(".card").count()).toBe(0);

    // one rule, no data
    await page.goto(`${ui.url}/dashboard?shop=demo&rule=kuaishou.agent-5min`);
    await page.waitForSelector('.card[data-rule="kuaishou.agent-5min"]');
    expect(await page.locator(".card").count()).toBe(1);
    expect(await page.textContent('.card[data-rule="kuaishou.agent-5min"] .today-rate')).toBe("—");

    expect(watch.errors.filter((e) => !e.includes("403"))).toEqual([]);
    await context.close();
  });

  it("shows today's and the 30-day rates with lights, charts, the heatmap, at-risk chats and late items", async () => {
    const events = history();
    for (let i = 0; i < events.length; i += 200) expect((await ui.postEvents("demo", events.slice(i, i + 200))).status).toBe(200);
    // a chat waiting right now
    await ui.postEvents("demo", [{ id: "now-1", platform: "douyin", conversation: "dy-waiting", at: new Date(ui.now() - 100_000).toISOString(), from: "buyer", text: "在吗？急" }]);
    // the dashboard shows the folded figures, never catching up on the request: wait until the
    // storage worker has folded what was just posted (bounded: 100 × 100 ms)
    for (let i = 0; i < 100; i++) {
      const stats = (await (await fetch(`${ui.url}/api/stats?shop=demo`, { headers: { authorization: "Bearer admin-token-demo" } })).json()) as { freshness?: { upToDate?: boolean } };
      if (stats.freshness?.upToDate) break;
      await new Promise((r) => setTimeout(r, 100));
    }

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const watch = watchPage(page);
    await login(page, "/dashboard?shop=demo");
    await page.waitForSelector('.card[data-rule="douyin.manual-3min"] .uplot');
    expect(await page.locator(".card .uplot").count()).toBe(7);
    const last30 = await page.textContent('.card[data-rule="taobao.rounds-3min"] .last30-rate');
    expect(last30).toMatch(/^\d+\.\d%$/);
    expect(await page.locator(".heatmap td[title]").count()).toBeGreaterThan(24);
    expect(await page.locator('#at-risk tr:has-text("dy-waiting")').count()).toBe(1);
    expect(await page.locator("#late-list tbody tr").count()).toBeGreaterThan(0);
    expect(await page.locator("#agents tbody tr").count()).toBe(2);
    expect(await page.isVisible("#cards-empty")).toBe(false);
    await page.waitForTimeout(300);
    await screenshot(page, "dashboard.png");
    await page.screenshot({ path: "test-results/dashboard-full.png", fullPage: true });

    // another day's late items
    const yesterday = (await page.inputValue("#late-day")).replace(/\d\d$/, (d) => String(Number(d) - 1).padStart(2, "0"));
    await page.fill("#late-day", yesterday);
    await page.dispatchEvent("#late-day", "change");
    await expect.poll(() => page.textContent("#late-list")).not.toContain("dy-waiting");

    expect(watch.errors).toEqual([]);
    await context.close();
  });

  it("try a question: normalised text, top matches with scores, auto-answer per platform", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const watch = watchPage(page);
    await login(page, "/dashboard?shop=demo&tab=faq");
    await page.fill("#try-text", "請問什麼時候發貨呀？？");
    await page.click("#try-form button[type=submit]");
    await page.waitForSelector("#try-result table");
    expect(await page.textContent("#try-result .normalized")).not.toContain("？？");
    expect(await page.textContent("#try-result")).toContain("shipping-time");
    // Douyin counts human replies only: never answered automatically
    expect(await page.getAttribute('#try-result tr[data-platform="douyin"]', "data-auto")).toBe("no");
    expect(watch.errors).toEqual([]);
    await screenshot(page, "dashboard-faq.png");
    await context.close();
  });

  it("FAQ editor: lists and searches entries; a broken edit shows its error inline, writes nothing, and a fixed one saves", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const watch = watchPage(page);
    await login(page, "/dashboard?shop=demo&tab=faq");
    await expect.poll(() => page.locator("#faq-list li").count(), { timeout: 10_000 }).toBeGreaterThan(10);
    const all = await page.locator("#faq-list li").count();

    await page.fill("#faq-search", "发票");
    await expect.poll(() => page.locator("#faq-list li").count()).toBeLessThan(all);
    expect(await page.locator('#faq-list li[data-id="invoice"]').count()).toBe(1);
    await page.fill("#faq-search", "");

    await page.click('#faq-list li[data-id="shipping-time"]');
    await expect.poll(() => page.inputValue("#faq-question")).toContain("发货");

    // broken: the question emptied → the server's own check, shown under the field
    await page.fill("#faq-question", "");
    await page.click("#faq-save");
    const field = page.locator('.field[data-field="question"]');
    await expect.poll(() => field.getAttribute("class"), { timeout: 10_000 }).toContain("invalid");
    expect(await field.locator(".error").textContent()).toMatch(/question/);
    expect(existsSync(join(ui.faqDir, "shops", "demo"))).toBe(false);
    await screenshot(page, "dashboard-faq-error.png");

    // fixed: saved into the shop's own file, live at once
    await page.fill("#faq-question", "什么时候发货呀？");
    await page.click("#faq-save");
    await expect.poll(() => page.textContent("#faq-saved"), { timeout: 10_000 }).toContain("已保存");
    expect(await field.getAttribute("class")).not.toContain("invalid");
    expect(readFileSync(join(ui.faqDir, "shops", "demo", "entries.yaml"), "utf8")).toContain("什么时候发货呀？");

    expect(watch.errors.filter((e) => !/\b4(00|22)\b/.test(e))).toEqual([]);
    await context.close();
  });
});
