/**
 * The console in Chromium when the bot's answer does not reach the buyer: the shop's outbound
 * receiver (a real local HTTP server) answers 503, the running server's outbox fails the first
 * attempt and the chat comes to the online agent live, the "为什么转人工" bar saying why in
 * Chinese and the undelivered answer as the suggestion; once the receiver takes it, the retry
 * settles the chat and it leaves the agent's list, live too.
 */
import { describe, expect, it } from "vitest";
import { DECISION_REASON_LABELS } from "../../src/core/decision.js";
import { shopConfig } from "../support/harness.js";
import { startReceiver } from "../support/receiver.js";
import { screenshot, watchPage, uiSuite } from "./support.js";

const down = { now: true };
let closeReceiver: (() => Promise<void>) | undefined;
const suite = uiSuite(async () => {
  const receiver = await startReceiver(() => (down.now ? { status: 503, body: { busy: true } } : { status: 200 }));
  closeReceiver = receiver.close;
  return [await shopConfig("demo", { name: "演示旗舰店", outboundUrl: `${receiver.url}/replies` })];
});

describe("agent console: a reply that did not reach the buyer", { timeout: 60_000 }, () => {
  it("brings the chat to the agent with the reason and the undelivered answer, and lets it go once delivered", async () => {
    const context = await suite.browser().newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN" });
    const page = await context.newPage();
    const watch = watchPage(page);
    try {
      await page.goto(`${suite.ui().url}/console`);
      await page.fill("#token", "demo-a1-token");
      await page.click("#login-form button[type=submit]");
      await expect.poll(() => page.textContent("#live")).toBe("实时");
      await page.check("#online");
      await expect.poll(async () => ((await (await suite.ui().server.app.request("/api/agent/me", { headers: { authorization: "Bearer demo-a1-token" } })).json()) as { agent: { online: boolean } }).agent.online).toBe(true);

      // Kuaishou: the bot answers at once; the receiver is down, so the answer is not delivered
      const res = await suite.ui().postEvents("demo", [{ id: "ks-undelivered-1", platform: "kuaishou", conversation: "buyer-503", at: new Date(suite.ui().now()).toISOString(), from: "buyer", text: "什么时候发货" }]);
      expect(res.status).toBe(200);

      const item = page.locator('#mine .chat-item:has-text("buyer-503")');
      await item.waitFor({ timeout: 15_000 });
      await item.click();
      await expect.poll(() => page.textContent("#decision-reason")).toBe(`为什么转人工：${DECISION_REASON_LABELS["reply-undelivered"]}`);
      expect(await page.getAttribute("#decision-reason", "data-reason")).toBe("reply-undelivered");
      expect(await page.textContent("#decision-reason")).toContain("回复未送达（正在重试）");
      // the suggestion is the answer the buyer did not get, to send through the platform's own app
      const chats = (await (await suite.ui().server.app.request("/api/agent/chats", { headers: { authorization: "Bearer demo-a1-token" } })).json()) as { chats: { conversation: string; suggestion: { answer: string } | null }[] };
      const answer = chats.chats.find((c) => c.conversation === "buyer-503")!.suggestion!.answer;
      expect(answer.length).toBeGreaterThan(3);
      await expect.poll(() => page.textContent("#suggestion-text")).toBe(answer);
      await screenshot(page, "console-undelivered.png");

      // the receiver is back: the next retry delivers it, and the chat leaves the agent's list live
      down.now = false;
      await expect.poll(() => page.locator('#mine .chat-item:has-text("buyer-503")').count(), { timeout: 20_000 }).toBe(0);
      expect(watch.errors).toEqual([]);
    } finally {
      await context.close();
      await closeReceiver?.();
    }
  });
});
