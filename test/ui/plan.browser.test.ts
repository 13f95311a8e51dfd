/**
 * The dashboard's 排班建议 tab in Chromium: with two weeks of history, agents per weekday and
 * half hour from GET /api/plan/forecast with needed vs scheduled, the what-if replay from
 * GET /api/plan/whatif; without history for the rule, a readable message.
 */
import { describe, expect, it } from "vitest";
import { history } from "./seed.js";
import { screenshot, watchPage, uiSuite } from "./support.js";

const suite = uiSuite();

describe("排班建议 tab", { timeout: 90_000 }, () => {
  it("draws the agents needed per half hour, and shows why a forecast is refused", async () => {
    const events = history();
    for (let i = 0; i < events.length; i += 200) expect((await suite.ui().postEvents("demo", events.slice(i, i + 200))).status).toBe(200);
    const context = await suite.browser().newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${suite.ui().url}/dashboard?shop=demo`);
    await page.fill("#token", "admin-token-demo");
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector("#app:not([hidden])");

    await page.click("#tab-plan");
    expect(await page.isVisible("#panel-plan")).toBe(true);
    expect(await page.isVisible("#panel-figures")).toBe(false);
    await page.selectOption("#plan-rule", "kuaishou.shop-5min");
    await page.selectOption("#plan-model", "erlang-c");
    await page.click("#plan-form button[type=submit]");
    await page.waitForSelector(".plan-grid");
    expect(await page.locator(".plan-grid tbody tr").count()).toBe(7);
    const agents = await page.locator(".plan-grid td[data-agents]").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.agents).filter((a) => a && a !== "0"));
    expect(agents.length).toBeGreaterThan(0);
    for (const a of agents) expect(Number(a)).toBeGreaterThanOrEqual(1);
    expect(await page.textContent("#plan-result")).toContain("所需的最少在线客服数");
    // needed against scheduled: the chart with both series, the seed's agents replying (a1, a2)
    await page.waitForSelector(".plan-staffing .uplot");
    const legend = await page.textContent(".plan-staffing");
    expect(legend).toContain("所需客服");
    expect(legend).toContain("实际在岗");
    expect(await page.locator(".plan-staffing-empty").count()).toBe(0);
    await screenshot(page, "dashboard-plan.png");

    // the what-if replay on the stored history: per rule and day actual vs with the bot, and why
    // Douyin (human replies only) does not change
    await page.fill("#whatif-days", "14");
    await page.click("#whatif-form button[type=submit]");
    await page.waitForSelector(".whatif-table tbody tr");
    expect(await page.locator(".whatif-table tbody tr").count()).toBeGreaterThan(0);
    expect(await page.textContent(".whatif-table thead")).toContain("开启机器人");
    expect(await page.textContent("#whatif-result")).toMatch(/重放 \d+ 条买家消息/);
    expect(await page.textContent('.whatif-nochange[data-platform="douyin"]')).toContain("只计人工回复");
    await page.fill("#whatif-days", "0");
    await page.$eval("#whatif-form", (f) => ((f as HTMLFormElement).noValidate = true));
    await page.click("#whatif-form button[type=submit]");
    await expect.poll(() => page.textContent("#whatif-result")).toContain("无法回放");

    // the browser refuses a target over 0.99; past it (validation off), the API's 400 is shown
    // as a message, not a blank tab
    await page.$eval("#plan-form", (f) => ((f as HTMLFormElement).noValidate = true));
    await page.fill("#plan-target", "1.5");
    await page.click("#plan-form button[type=submit]");
    await expect.poll(() => page.textContent("#plan-result")).toContain("无法计算");
    expect(watch.errors.filter((e) => !e.includes("400"))).toEqual([]);
    await context.close();
  });
});
