/**
 * History and search in Chromium: the open chat's buyer's earlier days in the side panel, a
 * day opened to its messages, and a search over the shop's last 30 days whose result shows
 * another buyer's history; empty results and errors in Chinese.
 */
import { describe, expect, it } from "vitest";
import { shopConfig } from "../support/harness.js";
import { axe, expectChinese, loginAgent, screenshot, watchPage, uiSuite } from "./support.js";

const suite = uiSuite(async () => [await shopConfig("hs", { name: "历史测试店" })]);

const DAY = 86_400_000;

describe("history and search", { timeout: 90_000 }, () => {
  it("shows the buyer's earlier days, opens one, and finds another buyer's chat by its text", async () => {
    const browser = suite.browser(),
      ui = suite.ui();
    const t = ui.now();
    const at = (ms: number) => new Date(ms).toISOString();
    await ui.postEvents("hs", [
      { id: "o1", platform: "taobao", conversation: "buyer-back", at: at(t - 2 * DAY), from: "buyer", text: "快递显示已签收但我没收到" },
      { id: "o2", platform: "taobao", conversation: "buyer-back", at: at(t - 2 * DAY + 60_000), from: "human", agent: "a2", text: "亲，我帮您联系快递核实" },
      { id: "x1", platform: "douyin", conversation: "buyer-invoice", at: at(t - 5 * DAY), from: "buyer", text: "发票抬头写错了能改吗" },
      { id: "x2", platform: "douyin", conversation: "buyer-invoice", at: at(t - 5 * DAY + 30_000), from: "human", agent: "a2", text: "可以的，请提供新的抬头" },
    ]);
    // bypassCSP only so that axe can be injected as an inline script
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN", bypassCSP: true });
    const page = await context.newPage();
    const watch = watchPage(page);
    await loginAgent(page, ui.url, "hs-a1-token");
    await ui.postEvents("hs", [{ id: "n1", platform: "taobao", conversation: "buyer-back", at: at(ui.now()), from: "buyer", text: "你好，我又来了" }]);
    await expect.poll(() => page.textContent("#conv-title"), { timeout: 10_000 }).toContain("buyer-back");

    // the side panel: today and two days ago, with the agent by name
    await expect.poll(() => page.locator("#history-body .history-day").count(), { timeout: 10_000 }).toBe(2);
    expect(await page.textContent("#history-title")).toBe("历史会话 · buyer-back");
    const older = page.locator("#history-body .history-day").nth(1);
    expect(await older.textContent()).toContain("小王");
    expect(await older.textContent()).toContain("快递显示已签收但我没收到");
    await older.click();
    expect(await older.getAttribute("aria-expanded")).toBe("true");
    await page.locator('#history-body .history-msg.human:has-text("我帮您联系快递核实")').waitFor();
    await expectChinese(page, "history open");

    // search: by text (the FTS5 index), the result shows that buyer's days
    await page.fill("#search-q", "抬头写错");
    await page.press("#search-q", "Enter");
    await page.locator("#search-results .search-item").first().waitFor();
    expect(await page.locator("#search-results .search-item b").allTextContents()).toEqual(["buyer-invoice"]);
    expect(await page.textContent("#search-results .search-item")).toContain("聊天内容");
    expect(await page.textContent("#search-results .search-item")).toContain("买家：发票抬头写错了能改吗");
    await page.click('#search-results button:has-text("查看记录")');
    await expect.poll(() => page.textContent("#history-title")).toBe("历史会话 · buyer-invoice");
    await expect.poll(() => page.locator("#history-body .history-day").count()).toBe(1);
    await screenshot(page, "console-history.png");
    expect(await axe(page)).toEqual([]);

    // by buyer id, and nothing found, in Chinese
    await page.fill("#search-q", "back");
    await page.click('#search-form button[type="submit"]');
    await expect.poll(() => page.locator("#search-results .search-item b").allTextContents()).toEqual(["buyer-back"]);
    await page.fill("#search-q", "没有这句话");
    await page.click('#search-form button[type="submit"]');
    await expect.poll(() => page.textContent("#search-results")).toBe("近 30 天没有找到“没有这句话”");
    await page.fill("#search-q", " ");
    await page.click('#search-form button[type="submit"]');
    expect(await page.textContent("#search-results")).toBe("请输入买家、订单号或聊天内容");
    await expectChinese(page, "search states");

    expect(watch.errors).toEqual([]);
    await context.close();
  });
});
