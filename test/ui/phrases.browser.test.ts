/**
 * 快捷短语 in Chromium: the owner adds a shop phrase on the dashboard, an agent adds a personal
 * one in the console's side panel, and the reply box's "/" picker finds both and the FAQ's
 * answers with the keyboard only (↑↓ Enter Esc); the chosen text is sent as the reply.
 */
import { describe, expect, it } from "vitest";
import { shopConfig } from "../support/harness.js";
import { axe, expectChinese, loginAdmin, loginAgent, screenshot, watchPage, uiSuite } from "./support.js";

const suite = uiSuite(async () => [await shopConfig("ph", { name: "短语测试店" })]);

describe("快捷短语", { timeout: 90_000 }, () => {
  it("shop and personal phrases, and the / picker in the reply box, keyboard only", async () => {
    const browser = suite.browser(),
      ui = suite.ui();
    // bypassCSP only so that axe can be injected as an inline script
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN", bypassCSP: true });

    // the owner adds a shop phrase on the dashboard's FAQ tab
    const dash = await context.newPage();
    const dashWatch = watchPage(dash);
    await loginAdmin(dash, ui.url, "admin-token-ph");
    await dash.click("#tab-faq");
    await dash.locator("#shop-phrases .phrase-empty").waitFor();
    await dash.click("#shop-phrases button[type=submit]");
    expect(await dash.textContent("#shop-phrases .error")).toBe("请填写短语名称和内容");
    await dash.fill('#shop-phrases [name="title"]', "发货时间");
    await dash.fill('#shop-phrases [name="content"]', "亲，付款后24小时内发货，默认中通快递。");
    await dash.click("#shop-phrases button[type=submit]");
    await expect.poll(() => dash.locator("#shop-phrases .phrase-item").count()).toBe(1);
    await expectChinese(dash, "shop phrases");
    expect(await axe(dash)).toEqual([]);
    // edit it: the list shows the new text
    await dash.click('#shop-phrases .phrase-item button:has-text("编辑")');
    await dash.fill('#shop-phrases [name="content"]', "亲，付款后48小时内发货，默认中通快递。");
    await dash.click("#shop-phrases button[type=submit]");
    await expect.poll(() => dash.textContent("#shop-phrases .phrase-list")).toContain("48小时内发货");

    // an agent with a chat open
    const page = await context.newPage();
    const watch = watchPage(page);
    await loginAgent(page, ui.url, "ph-a1-token");
    await ui.postEvents("ph", [{ id: "p1", platform: "taobao", conversation: "buyer-ph", at: new Date(ui.now()).toISOString(), from: "buyer", text: "你好，今天能发货吗" }]);
    await expect.poll(() => page.textContent("#conv-title"), { timeout: 10_000 }).toContain("buyer-ph");

    // a personal phrase from the side panel
    await page.fill('#my-phrases [name="title"]', "问候");
    await page.fill('#my-phrases [name="content"]', "您好，我是小美，很高兴为您服务～");
    await page.click("#my-phrases button[type=submit]");
    await expect.poll(() => page.locator("#my-phrases .phrase-item").count()).toBe(1);

    // "/" alone lists the phrases: the shop's first, then mine
    await page.focus("#reply");
    await page.keyboard.type("/");
    await page.locator("#phrase-picker .picker-item").first().waitFor();
    expect(await page.locator("#phrase-picker .picker-item b").allTextContents()).toEqual(["发货时间", "问候"]);
    expect(await page.getAttribute("#reply", "aria-activedescendant")).toBe("phrase-opt-0");
    await page.keyboard.press("ArrowDown");
    expect(await page.getAttribute("#phrase-picker .picker-item.active", "id")).toBe("phrase-opt-1");
    expect(await page.getAttribute("#reply", "aria-activedescendant")).toBe("phrase-opt-1");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.inputValue("#reply")).toBe("您好，我是小美，很高兴为您服务～");
    expect(await page.locator("#phrase-picker").isHidden()).toBe(true);
    // the focus never left the reply box
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("reply");

    // after a space, "/发货" finds the shop phrase by name and the FAQ answer by its question
    await page.keyboard.type(" /发货");
    await expect.poll(() => page.locator("#phrase-picker .picker-item").count()).toBeGreaterThan(1);
    const kinds = await page.locator("#phrase-picker .picker-item .chip").allTextContents();
    expect(kinds[0]).toBe("店铺");
    expect(kinds).toContain("FAQ");
    await screenshot(page, "console-phrases.png");
    await expectChinese(page, "picker open");
    expect(await axe(page)).toEqual([]);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("reply");
    // ↓ to the first FAQ answer, Enter: "/发货" is replaced by it
    const faqIndex = kinds.indexOf("FAQ");
    for (let i = 0; i < faqIndex; i++) await page.keyboard.press("ArrowDown");
    const faqAnswer = await page.locator("#phrase-picker .picker-item.active .picker-text").textContent();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.inputValue("#reply")).toBe(`您好，我是小美，很高兴为您服务～ ${faqAnswer}`);

    // Esc closes the list and keeps what was typed; typing on does not reopen it for that "/"
    await page.keyboard.type(" /退");
    await page.locator("#phrase-picker .picker-item").first().waitFor();
    await page.keyboard.press("Escape");
    expect(await page.locator("#phrase-picker").isHidden()).toBe(true);
    await page.keyboard.type("货");
    expect(await page.locator("#phrase-picker").isHidden()).toBe(true);
    expect(await page.inputValue("#reply")).toMatch(/ \/退货$/);

    // nothing matches: a Chinese note, Enter closes without typing a line break
    await page.keyboard.type(" /zzqq");
    await expect.poll(() => page.textContent("#phrase-picker")).toBe("没有匹配“zzqq”的短语或FAQ答案");
    await expectChinese(page, "picker without a match");
    await page.keyboard.press("Enter");
    expect(await page.locator("#phrase-picker").isHidden()).toBe(true);
    expect(await page.inputValue("#reply")).toMatch(/\/zzqq$/);

    // a "/" inside a word (a URL, 1/2) is text, not a query
    await page.fill("#reply", "");
    await page.keyboard.type("1/2");
    await page.waitForTimeout(100);
    expect(await page.locator("#phrase-picker").isHidden()).toBe(true);

    // the chosen phrase is sent like any reply
    await page.fill("#reply", "");
    await page.keyboard.type("/发货时间");
    // the name comes first (a FAQ answer that mentions 发货时间 comes after it)
    await expect.poll(() => page.locator("#phrase-picker .picker-item.active b").textContent()).toBe("发货时间");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Control+Enter");
    await page.locator('#messages .msg.human:has-text("48小时内发货")').waitFor({ timeout: 10_000 });

    // a colleague sees the shop's phrase, not 小美's
    const other = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const a2 = await other.newPage();
    await loginAgent(a2, ui.url, "ph-a2-token");
    await expect.poll(() => a2.locator("#my-phrases .phrase-empty").isVisible()).toBe(true);
    await a2.evaluate(() => {
      (document.querySelector("#conv-body") as HTMLElement).hidden = false;
    });
    await a2.focus("#reply");
    await a2.keyboard.type("/");
    await a2.locator("#phrase-picker .picker-item").first().waitFor();
    expect(await a2.locator("#phrase-picker .picker-item b").allTextContents()).toEqual(["发货时间"]);

    // deleting a personal phrase takes it out of the picker
    await page.click('#my-phrases .phrase-item button:has-text("删除")');
    await expect.poll(() => page.locator("#my-phrases .phrase-item").count()).toBe(0);
    await page.fill("#reply", "");
    await page.focus("#reply");
    await page.keyboard.type("/");
    await page.locator("#phrase-picker .picker-item").first().waitFor();
    expect(await page.locator("#phrase-picker .picker-item b").allTextContents()).toEqual(["发货时间"]);

    expect(watch.errors).toEqual([]);
    expect(dashWatch.errors).toEqual([]);
    await other.close();
    await context.close();
  });
});
