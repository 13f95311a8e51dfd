/**
 * Images and cards in the console (Chromium): a buyer's image is shown inline from the app's
 * own image route (the page's CSP allows no remote image), an image over the limit says so in
 * Chinese, and order / goods / logistics fields are cards with Chinese labels; the buyer's
 * nickname from the event names the chat.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shopConfig } from "../support/harness.js";
import { startImageServer } from "../support/images.js";
import { axe, expectChinese, loginAgent, screenshot, uiSuite, watchPage } from "./support.js";

const suite = uiSuite(async () => [await shopConfig("md", { name: "图片测试店" })]);
let host: Awaited<ReturnType<typeof startImageServer>>;
beforeAll(async () => {
  host = await startImageServer();
});
afterAll(() => host?.close());

describe("图片和卡片", { timeout: 90_000 }, () => {
  it("shows an image inline through the app, a too-large one in Chinese, and cards", async () => {
    const browser = suite.browser(),
      ui = suite.ui();
    // bypassCSP only so that axe can be injected as an inline script; the CSP itself is checked below
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN", bypassCSP: true });
    const page = await context.newPage();
    const watch = watchPage(page);
    const csp = (await fetch(`${ui.url}/console`)).headers.get("content-security-policy");
    expect(csp).toContain("img-src 'self' data: blob:");
    await loginAgent(page, ui.url, "md-a1-token");
    const t = ui.now();
    await ui.postEvents("md", [
      { id: "p1", platform: "kuaishou", conversation: "buyer-pic", at: new Date(t - 3000).toISOString(), from: "buyer", msgType: "image", url: `${host.url}/ok.png`, buyerNick: "爱拍照的猫" },
      { id: "p2", platform: "kuaishou", conversation: "buyer-pic", at: new Date(t - 2000).toISOString(), from: "buyer", imageUrl: `${host.url}/big.png` },
      {
        id: "p3",
        platform: "kuaishou",
        conversation: "buyer-pic",
        at: new Date(t - 1000).toISOString(),
        from: "buyer",
        text: "麻烦看下这个订单",
        order: { orderId: "KS20260107001", status: "已发货", amount: 129 },
        logistics: { company: "中通快递", trackingNo: "ZT7788", status: "运输中" },
      },
      { id: "p4", platform: "kuaishou", conversation: "buyer-pic", at: new Date(t).toISOString(), from: "buyer", goods: { title: "纯棉T恤 白色 L", price: "59.00" } },
    ]);
    await expect.poll(() => page.textContent("#conv-title"), { timeout: 10_000 }).toContain("buyer-pic");

    // the platform's nickname names the buyer, the id stays beside it
    expect(await page.textContent("#mine .chat-item b")).toBe("爱拍照的猫");
    expect(await page.textContent("#conv-title")).toContain("爱拍照的猫（buyer-pic）");
    const img = page.locator('#messages .msg[data-id="p1"] .msg-image img');
    await img.waitFor({ timeout: 10_000 });
    expect(await img.getAttribute("src")).toMatch(/^blob:/);
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(1);
    expect(await img.getAttribute("alt")).toBe("买家发送的图片");
    await expect.poll(() => page.textContent('#messages .msg[data-id="p2"] .msg-image')).toBe("［图片超过 2 MB，未显示］");
    // nothing in the conversation says 非文本消息 any more
    expect(await page.textContent("#messages")).not.toContain("非文本消息");

    const order = page.locator('#messages .msg[data-id="p3"] .card-order');
    expect(await order.textContent()).toBe("订单订单号KS20260107001状态已发货金额129");
    expect(await page.textContent('#messages .msg[data-id="p3"] .card-logistics')).toBe("物流物流公司中通快递运单号ZT7788物流状态运输中");
    expect(await page.textContent('#messages .msg[data-id="p4"] .card-goods')).toBe("商品商品纯棉T恤 白色 L价格59.00");
    await screenshot(page, "console-media.png");
    await expectChinese(page, "images and cards");
    expect(await axe(page)).toEqual([]);
    // the too-large image answered 413 on purpose
    expect(watch.errors.filter((e) => !e.includes("413"))).toEqual([]);
    await context.close();
  });
});
