/**
 * Sending an image or an order card from the console (Chromium): on a Taobao chat (replies leave
 * through the shop's outbound webhook, whose JSON carries them) the image and the card show in
 * the conversation; on a Kuaishou chat whose replies leave through Kuaishou's send API (image
 * and card formats unknown) the console says 此平台暂不支持发送图片 / 卡片 and nothing is sent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shopConfig } from "../support/harness.js";
import { startImageServer } from "../support/images.js";
import { axe, expectChinese, loginAgent, screenshot, uiSuite, watchPage } from "./support.js";

const KUAISHOU = { appKey: "ks683741259617381234", msgKey: "AAECAwQFBgcICQoLDA0ODw==", signSecret: "ks-sign-secret-test", accessToken: "tok-abc" };
const suite = uiSuite(async () => [await shopConfig("sm", { name: "发图测试店", credentials: { kuaishou: KUAISHOU } as never })]);
let host: Awaited<ReturnType<typeof startImageServer>>;
beforeAll(async () => {
  host = await startImageServer();
});
afterAll(() => host?.close());

describe("发送图片和卡片", { timeout: 90_000 }, () => {
  it("sends an image and an order card where the platform takes them, and says so in Chinese where it does not", async () => {
    const ui = suite.ui();
    // bypassCSP only so that axe can be injected as an inline script
    const context = await suite.browser().newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN", bypassCSP: true });
    const page = await context.newPage();
    const watch = watchPage(page);
    await loginAgent(page, ui.url, "sm-a1-token");
    const t = ui.now();
    await ui.postEvents("sm", [{ id: "tb-q", platform: "taobao", conversation: "tb-buyer", at: new Date(t - 2000).toISOString(), from: "buyer", text: "我要找人工客服", order: { orderId: "TB2026001", status: "已付款" } }]);
    await expect.poll(() => page.textContent("#conv-title"), { timeout: 10_000 }).toContain("tb-buyer");

    // an image by its address
    await page.click("#image-open");
    expect(await page.getAttribute("#image-open", "aria-expanded")).toBe("true");
    await page.fill("#image-url", `${host.url}/ok.png`);
    await page.click('#image-form button[type="submit"]');
    const sent = page.locator('#messages .msg[data-from="human"] .msg-image img');
    await sent.waitFor({ timeout: 10_000 });
    expect(await sent.getAttribute("alt")).toBe("店铺发送的图片");
    await expect.poll(() => sent.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(1);
    expect(await page.isHidden("#image-form")).toBe(true);

    // the buyer's order back as an order card, from the side panel
    const button = page.locator('#context-body .send-order-card[data-order="TB2026001"]');
    await button.waitFor({ timeout: 10_000 });
    await button.click();
    await expect.poll(() => page.locator('#messages .msg[data-from="human"] .card-order').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.textContent('#messages .msg[data-from="human"] .card-order')).toBe("订单订单号TB2026001");
    expect(await page.textContent("#reply-error")).toBe("");
    await screenshot(page, "console-send-media.png");
    await expectChinese(page, "image and card sent");
    expect(await axe(page)).toEqual([]);

    // a Kuaishou chat: its replies leave through Kuaishou's send API, which takes text only here
    await ui.postEvents("sm", [{ id: "ks-q", platform: "kuaishou", conversation: "ks-buyer", at: new Date(ui.now() - 1000).toISOString(), from: "buyer", text: "我要找人工客服", orderId: "KS2026009" }]);
    await page.click('#mine .chat-item:has-text("ks-buyer")');
    await expect.poll(() => page.textContent("#conv-title"), { timeout: 10_000 }).toContain("ks-buyer");
    await page.click("#image-open");
    await page.fill("#image-url", `${host.url}/ok.png`);
    await page.click('#image-form button[type="submit"]');
    await expect.poll(() => page.textContent("#reply-error")).toBe("此平台暂不支持发送图片");
    await page.locator('#context-body .send-order-card[data-order="KS2026009"]').click();
    await expect.poll(() => page.textContent("#reply-error")).toBe("此平台暂不支持发送卡片");
    expect(await page.locator('#messages .msg[data-from="human"]').count()).toBe(0);
    await expectChinese(page, "kuaishou refuses images");
    // the two refusals answered 501 on purpose
    expect(watch.errors.filter((e) => !e.includes("501"))).toEqual([]);
    await context.close();
  });
});
