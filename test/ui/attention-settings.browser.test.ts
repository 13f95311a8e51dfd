/**
 * 提醒设置 per shop in Chromium: the admin turns the consoles' sound and desktop notifications
 * off and sets Taobao's slow-reply lead in the dashboard (客服管理 tab); an agent's console that
 * is already open applies it live (no reload), from the live feed's `attention` event (it makes
 * no request for them): no beep, no notification, and the reminder fires at the shop's lead
 * instead of the default. An out-of-range lead is refused in Chinese.
 * The Notification API is replaced by a recorder (headless Chromium shows none).
 */
import { describe, expect, it } from "vitest";
import { shopConfig } from "../support/harness.js";
import { axe, expectChinese, loginAdmin, loginAgent, uiSuite, watchPage } from "./support.js";

const suite = uiSuite(async () => {
  const shop = await shopConfig("as", { name: "提醒设置店" });
  shop.agents = shop.agents.map((a) => ({ ...a, maxConcurrent: 10 }));
  return [shop];
});

const RECORD_NOTIFICATIONS = `(() => {
  const w = window;
  w.__notes = [];
  class FakeNotification { constructor(title, opts) { w.__notes.push(title + "|" + (opts && opts.body)); } close() {} }
  FakeNotification.permission = "granted";
  FakeNotification.requestPermission = () => Promise.resolve("granted");
  w.Notification = FakeNotification;
  // the agent is in another window: the tab is not in front
  document.hasFocus = () => false;
})();`;

describe("提醒设置", { timeout: 90_000 }, () => {
  it("the admin's settings reach an open console live: sound and notifications off, the reminder at the shop's lead", async () => {
    const ui = suite.ui();
    const agentContext = await suite.browser().newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN" });
    await agentContext.addInitScript(RECORD_NOTIFICATIONS);
    const console_ = await agentContext.newPage();
    const agentWatch = watchPage(console_);
    // the console never asks for the settings: they come over its live feed
    const attentionRequests: string[] = [];
    console_.on("request", (r) => {
      if (r.url().includes("/attention")) attentionRequests.push(r.url());
    });
    await loginAgent(console_, ui.url, "as-a1-token");
    await expect.poll(() => console_.getAttribute("body", "data-attention")).toBe("sound notify ");
    expect(await console_.getAttribute("body", "data-attention-events")).toBe("1");

    // defaults: a buyer's message beeps and notifies
    await ui.postEvents("as", [{ id: "d-1", platform: "kuaishou", conversation: "buyer-before", at: new Date(ui.now()).toISOString(), from: "buyer", text: "我要找人工客服" }]);
    await expect.poll(() => console_.getAttribute("body", "data-beeps"), { timeout: 10_000 }).toBe("1");
    await expect.poll(() => console_.evaluate(() => (window as unknown as { __notes: string[] }).__notes.length)).toBeGreaterThan(0);
    // and every later message of that buyer, now in a chat the agent holds, notifies again
    const notesHeld = await console_.evaluate(() => (window as unknown as { __notes: string[] }).__notes.length);
    await ui.postEvents("as", [{ id: "d-2", platform: "kuaishou", conversation: "buyer-before", at: new Date(ui.now()).toISOString(), from: "buyer", text: "还在吗" }]);
    await expect.poll(() => console_.evaluate(() => (window as unknown as { __notes: string[] }).__notes.slice(-1)[0]), { timeout: 10_000 }).toBe("买家新消息 · 快手|buyer-before：还在吗");
    expect(await console_.evaluate(() => (window as unknown as { __notes: string[] }).__notes.length)).toBe(notesHeld + 1);

    // the admin changes the shop's settings in the dashboard
    // bypassCSP only so that axe can be injected as an inline script
    const adminContext = await suite.browser().newContext({ viewport: { width: 1366, height: 900 }, locale: "zh-CN", bypassCSP: true });
    const dash = await adminContext.newPage();
    const dashWatch = watchPage(dash);
    await loginAdmin(dash, ui.url, "admin-token-as");
    await dash.click("#tab-agents");
    const taobao = dash.locator('#attention-rules tr[data-rule="taobao.rounds-3min"]');
    await taobao.waitFor();
    expect(await dash.isChecked("#attention-sound")).toBe(true);
    expect(await dash.isChecked("#attention-notify")).toBe(true);
    expect(await dash.locator("#attention-rules tr[data-rule]").count()).toBe(3);
    expect(await taobao.locator("input").getAttribute("placeholder")).toBe("默认 80");
    expect(await taobao.textContent()).toContain("旺旺3分钟响应率");

    // out of range: refused in Chinese, nothing saved
    await taobao.locator("input").fill("5");
    await dash.click("#attention-save");
    await expect.poll(() => dash.textContent("#attention-error")).toBe("保存失败：慢回复提醒提前秒数必须是 10 到 180 之间的整数");
    await expectChinese(dash, "attention settings error");

    await dash.uncheck("#attention-sound");
    await dash.uncheck("#attention-notify");
    await taobao.locator("input").fill("170");
    await dash.click("#attention-save");
    await expect.poll(() => dash.textContent("#attention-saved")).toBe("已保存，已打开的客服工作台即时生效");
    expect(await taobao.textContent()).toContain("已自定义");
    expect(await axe(dash)).toEqual([]);
    await expectChinese(dash, "attention settings saved");

    // the open console applies it without a reload, pushed over its live feed: one more
    // `attention` event on the same stream (no new snapshot: it did not reconnect), no request
    const snapshots = await console_.getAttribute("body", "data-snapshots");
    // (how fast is bench:console's figure; the wait here is generous for a loaded machine)
    await expect.poll(() => console_.getAttribute("body", "data-attention"), { timeout: 5_000 }).toBe("silent no-notify taobao=170");
    expect(await console_.getAttribute("body", "data-attention-events")).toBe("2");
    expect(await console_.getAttribute("body", "data-snapshots")).toBe(snapshots);
    expect(attentionRequests).toEqual([]);
    const notesBefore = await console_.evaluate(() => (window as unknown as { __notes: string[] }).__notes.length);
    const alertsBefore = Number(await console_.getAttribute("body", "data-buyer-alerts"));

    // a buyer who wrote 15 s ago: 165 s left, past the shop's 170 s lead (the default, 80 s, is a minute and a half away)
    await ui.postEvents("as", [{ id: "r-1", platform: "taobao", conversation: "buyer-after", at: new Date(ui.now() - 15_000).toISOString(), from: "buyer", text: "发货了吗" }]);
    await console_.locator("#slow-reminder:not([hidden])").waitFor({ timeout: 10_000 });
    expect(await console_.textContent("#slow-text")).toMatch(/^慢回复提醒：等待最久的 buyer-after 已等 1\d 秒，还剩 16\d 秒$/);
    await expect.poll(() => console_.getAttribute("body", "data-buyer-alerts")).toBe(String(alertsBefore + 1));
    // the message still counts as unread and is announced, but no beep and no desktop notification
    await console_.locator('#mine .chat-item:has-text("buyer-after") .unread').waitFor();
    expect(await console_.getAttribute("body", "data-beeps")).toBe("1");
    expect(await console_.evaluate(() => (window as unknown as { __notes: string[] }).__notes.length)).toBe(notesBefore);

    expect(agentWatch.errors).toEqual([]);
    // the out-of-range save answered 400 on purpose
    expect(dashWatch.errors.filter((e) => !e.includes("400"))).toEqual([]);
    await agentContext.close();
    await adminContext.close();
  });
});
