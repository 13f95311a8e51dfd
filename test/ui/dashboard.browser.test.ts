/**
 * The admin dashboard in Chromium: empty states (empty database, unknown shop, a rule without
 * data), figures with two weeks of history, the "try a question" box, a broken FAQ edit
 * whose error is shown inline, and the FAQ editor's create / delete / revert with the files kept
 * as block-style YAML with their comments. Screenshots go to test-results/.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { history } from "./seed.js";
import { expectChinese, screenshot, watchPage, uiSuite } from "./support.js";

const suite = uiSuite();

async function login(page: Page, path: string): Promise<void> {
  await page.goto(`${suite.ui().url}${path}`);
  await page.fill("#token", "admin-token-demo");
  await page.click("#login-form button[type=submit]");
  await page.waitForSelector("#app:not([hidden])");
}

describe("admin dashboard", { timeout: 60_000 }, () => {
  it("shows empty states on an empty database, for an unknown shop and for a rule without data", async () => {
    const context = await suite.browser().newContext({ viewport: { width: 1366, height: 900 } });
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
    await page.goto(`${suite.ui().url}/dashboard?shop=no-such-shop`);
    await expect.poll(() => page.textContent("#dash-error")).toContain("无权访问店铺");
    expect(await page.locator(".card").count()).toBe(0);

    // one rule, no data
    await page.goto(`${suite.ui().url}/dashboard?shop=demo&rule=kuaishou.agent-5min`);
    await page.waitForSelector('.card[data-rule="kuaishou.agent-5min"]');
    expect(await page.locator(".card").count()).toBe(1);
    expect(await page.textContent('.card[data-rule="kuaishou.agent-5min"] .today-rate')).toBe("—");

    expect(watch.errors.filter((e) => !e.includes("403"))).toEqual([]);
    await context.close();
  });

  it("shows today's and the 30-day rates with lights, charts, the heatmap, at-risk chats and late items", async () => {
    const events = history();
    for (let i = 0; i < events.length; i += 200) expect((await suite.ui().postEvents("demo", events.slice(i, i + 200))).status).toBe(200);
    // a chat waiting right now
    await suite.ui().postEvents("demo", [{ id: "now-1", platform: "douyin", conversation: "dy-waiting", at: new Date(suite.ui().now() - 100_000).toISOString(), from: "buyer", text: "在吗？急" }]);
    // the dashboard shows the folded figures, never catching up on the request: wait until the
    // storage worker has folded what was just posted (bounded: 100 × 100 ms)
    for (let i = 0; i < 100; i++) {
      const stats = (await (await fetch(`${suite.ui().url}/api/stats?shop=demo`, { headers: { authorization: "Bearer admin-token-demo" } })).json()) as { freshness?: { upToDate?: boolean } };
      if (stats.freshness?.upToDate) break;
      await new Promise((r) => setTimeout(r, 100));
    }

    const context = await suite.browser().newContext({ viewport: { width: 1440, height: 900 } });
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
    const context = await suite.browser().newContext({ viewport: { width: 1366, height: 900 } });
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
    const context = await suite.browser().newContext({ viewport: { width: 1366, height: 900 } });
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
    // in Chinese, naming the file the entry would be saved to and the line of the field
    expect(await field.locator(".error").textContent()).toMatch(/^faq\/shops\/demo\/entries\.yaml 第 \d+ 行：标准问题不能为空$/);
    expect(existsSync(join(suite.ui().faqDir, "shops", "demo"))).toBe(false);
    await screenshot(page, "dashboard-faq-error.png");

    // fixed: saved into the shop's own file, live at once
    await page.fill("#faq-question", "什么时候发货呀？");
    await page.click("#faq-save");
    await expect.poll(() => page.textContent("#faq-saved"), { timeout: 10_000 }).toContain("已保存");
    expect(await field.getAttribute("class")).not.toContain("invalid");
    expect(readFileSync(join(suite.ui().faqDir, "shops", "demo", "entries.yaml"), "utf8")).toContain("什么时候发货呀？");

    expect(watch.errors.filter((e) => !/\b4(00|22)\b/.test(e))).toEqual([]);
    await context.close();
  });

  it("FAQ editor: create, delete, revert; block-style YAML with comments kept; problems in Chinese with file and line; broken files as a banner", async () => {
    const context = await suite.browser().newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const watch = watchPage(page);
    page.on("dialog", (d) => void d.accept());
    const shopFile = join(suite.ui().faqDir, "shops", "demo", "entries.yaml");
    await login(page, "/dashboard?shop=demo&tab=faq");
    await expect.poll(() => page.locator("#faq-list li").count(), { timeout: 10_000 }).toBeGreaterThan(10);

    // create: a new entry without an answer is refused in Chinese, at the line its answer would have
    await page.click("#faq-new");
    expect(await page.textContent("#faq-editor-title")).toBe("新建条目");
    expect(await page.isVisible("#faq-remove")).toBe(false);
    await page.fill("#faq-id", "gift-wrap");
    await page.fill("#faq-question", "可以包装成礼物吗？");
    await page.fill("#faq-examples", "能礼品包装吗\n送人用的可以包一下吗");
    await page.click("#faq-save");
    const answer = page.locator('.field[data-field="answer"] .error');
    await expect.poll(() => answer.textContent(), { timeout: 10_000 }).toMatch(/^faq\/shops\/demo\/entries\.yaml 第 \d+ 行：(条目 gift-wrap：)?(缺少答案|答案不能为空)$/);
    await expectChinese(page, "FAQ entry refused");
    const reportedLine = Number(/第 (\d+) 行/.exec((await answer.textContent())!)![1]);
    await page.fill("#faq-answer", "可以的，下单时备注“礼品包装”即可～");
    await page.click("#faq-save");
    await expect.poll(() => page.textContent("#faq-saved"), { timeout: 10_000 }).toContain("已保存");
    expect(await page.locator('#faq-list li[data-id="gift-wrap"]').textContent()).toContain("本店");
    expect(await page.textContent("#faq-remove")).toBe("删除条目");
    let text = readFileSync(shopFile, "utf8");
    const lines = text.split("\n");
    // block style: one field a line, examples as "- item"; the header comment is still there
    expect(text).toMatch(/^# /);
    expect(text).not.toMatch(/[[{]/);
    expect(text).toContain("  - id: gift-wrap\n    question: 可以包装成礼物吗？\n    examples:\n      - 能礼品包装吗\n      - 送人用的可以包一下吗\n    answer: ");
    // the line the error named is the answer's line in the file as saved
    expect(lines[reportedLine - 1]).toMatch(/^\s+answer: /);

    // a comment written by hand next to the entry survives an edit through the page
    writeFileSync(shopFile, text.replace("    answer: 可以的", "    # 礼品包装免费，老板 11 月定的\n    answer: 可以的"));
    await page.fill("#faq-answer", "可以的，礼品包装免费～");
    await page.click("#faq-save");
    await expect.poll(() => readFileSync(shopFile, "utf8"), { timeout: 10_000 }).toContain("answer: 可以的，礼品包装免费～");
    text = readFileSync(shopFile, "utf8");
    expect(text).toContain("    # 礼品包装免费，老板 11 月定的\n    answer: 可以的，礼品包装免费～");

    // a per-platform answer: one field per platform of the registry, saved under answers.<id>
    // (once the last save has finished: it re-reads the entry into the form when done)
    await expect.poll(() => page.isEnabled("#faq-save"), { timeout: 10_000 }).toBe(true);
    expect(await page.getAttribute("#faq-answer-douyin", "placeholder")).toBe("抖音");
    await page.fill("#faq-answer-douyin", "抖音的亲，礼品包装免费～");
    await page.evaluate(() => {
      document.querySelector("#faq-saved")!.textContent = "";
    });
    await page.click("#faq-save");
    await expect.poll(() => readFileSync(shopFile, "utf8"), { timeout: 10_000 }).toContain("抖音的亲，礼品包装免费～");
    expect(readFileSync(shopFile, "utf8")).toMatch(/answers:\n\s+douyin: 抖音的亲，礼品包装免费～/);
    // the file is written before the save's answer (the rebuild) comes back: wait for it, or
    // its "已保存" lands after the delete's message
    await expect.poll(() => page.textContent("#faq-saved"), { timeout: 10_000 }).toContain("已保存");

    // delete the shop's own entry
    await page.click("#faq-remove");
    await expect.poll(() => page.locator('#faq-list li[data-id="gift-wrap"]').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.textContent("#faq-saved"), { timeout: 10_000 }).toContain("已删除条目 gift-wrap");
    expect(readFileSync(shopFile, "utf8")).not.toContain("gift-wrap");

    // a shared entry can be edited (the shop's copy) and reverted to the shared version
    await page.click('#faq-list li[data-id="invoice"]');
    expect(await page.isVisible("#faq-remove")).toBe(false);
    const shared = await page.inputValue("#faq-answer");
    await page.fill("#faq-answer", "本店暂不开发票");
    await page.click("#faq-save");
    await expect.poll(() => page.textContent("#faq-remove"), { timeout: 10_000 }).toBe("恢复共享版本");
    expect(readFileSync(shopFile, "utf8")).toContain("本店暂不开发票");
    await page.click("#faq-remove");
    await expect.poll(() => page.inputValue("#faq-answer"), { timeout: 10_000 }).toBe(shared);
    expect(await page.textContent("#faq-saved")).toContain("已恢复为共享版本");
    expect(await page.isVisible("#faq-remove")).toBe(false);
    expect(readFileSync(shopFile, "utf8")).not.toContain("invoice");

    // a broken file: a banner in Chinese with file and line, kept while entries are opened
    const broken = join(suite.ui().faqDir, "shops", "demo", "broken.yaml");
    writeFileSync(broken, "entries:\n  - id: half\n    question: 只写了问题\n    examples: [一个问法]\n");
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.locator("#faq-list li").first().waitFor();
          return page.textContent("#faq-file-errors");
        },
        { timeout: 15_000 },
      )
      .toContain("faq/shops/demo/broken.yaml 第 2 行：条目 half：缺少答案");
    await page.click('#faq-list li[data-id="invoice"]');
    expect(await page.isVisible("#faq-file-errors")).toBe(true);
    await expectChinese(page, "FAQ file banner");
    await screenshot(page, "dashboard-faq-banner.png");
    rmSync(broken);

    expect(watch.errors.filter((e) => !/\b4(00|22)\b/.test(e))).toEqual([]);
    await context.close();
  });
});
