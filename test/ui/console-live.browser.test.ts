/**
 * The console across a server restart and a lost answer, in Chromium: while the server is
 * down a Chinese banner says so and the typed reply stays; when it is back the page is live
 * again without a reload and the reply is sent; a send whose answer was lost, tried again,
 * is stored once; unsent text survives a reload. Live updates arrive as deltas.
 */
import { describe, expect, it } from "vitest";
import { shopConfig } from "../support/harness.js";
import { loginAgent, watchPage, uiSuite } from "./support.js";

const suite = uiSuite(async () => [await shopConfig("rs", { name: "重启测试店" })]);

async function humanReplies(text: string): Promise<number> {
  const res = await suite.ui().server.app.request("/api/agent/chats/1", { headers: { authorization: "Bearer rs-a1-token" } });
  const body = (await res.json()) as { messages: { from: string; text: string | null }[] };
  return body.messages.filter((m) => m.from === "human" && m.text === text).length;
}

describe("console live across disconnects", { timeout: 90_000 }, () => {
  it("banner while the server is down, the typed reply kept and sent once it is back", async () => {
    const context = await suite.browser().newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN" });
    const page = await context.newPage();
    const watch = watchPage(page);
    await loginAgent(page, suite.ui().url, "rs-a1-token");
    await suite.ui().postEvents("rs", [{ id: "r1", platform: "taobao", conversation: "buyer-rs", at: new Date(suite.ui().now()).toISOString(), from: "buyer", text: "在吗" }]);
    await page.locator('#messages .msg.buyer:has-text("在吗")').waitFor({ timeout: 10_000 });
    // it came as a delta after the first snapshot, not as a second snapshot
    expect(await page.getAttribute("body", "data-snapshots")).toBe("1");
    expect(Number(await page.getAttribute("body", "data-deltas"))).toBeGreaterThan(0);
    expect(await page.isVisible("#offline-banner")).toBe(false);

    await page.fill("#reply", "在的，亲，请问有什么可以帮您");
    console.log("T stop");
    await suite.ui().stop();
    console.log("T stopped");
    await page.locator("#offline-banner").waitFor({ state: "visible", timeout: 10_000 });
    expect(await page.textContent("#offline-banner")).toContain("与服务器的连接已断开");
    expect(await page.textContent("#live")).toBe("重连中…");
    expect(await page.inputValue("#reply")).toBe("在的，亲，请问有什么可以帮您");

    // sending while down fails in Chinese and keeps the text
    await page.click("#send");
    await expect.poll(() => page.textContent("#reply-error")).toContain("无法连接服务器");
    expect(await page.inputValue("#reply")).toBe("在的，亲，请问有什么可以帮您");

    console.log("T restart");
    await suite.ui().restart();
    console.log("T restarted");
    await page.locator("#offline-banner").waitFor({ state: "hidden", timeout: 10_000 });
    await expect.poll(() => page.textContent("#live")).toBe("实时");
    expect(await page.inputValue("#reply")).toBe("在的，亲，请问有什么可以帮您");
    await page.click("#send");
    await page.locator('#messages .msg.human:has-text("请问有什么可以帮您")').waitFor({ timeout: 10_000 });
    expect(await humanReplies("在的，亲，请问有什么可以帮您")).toBe(1);

    // the answer to a send is lost after the server stored it: the retry is stored once
    await suite.ui().postEvents("rs", [{ id: "r2", platform: "taobao", conversation: "buyer-rs", at: new Date(suite.ui().now()).toISOString(), from: "buyer", text: "包邮吗" }]);
    await page.locator('#messages .msg.buyer:has-text("包邮吗")').waitFor({ timeout: 10_000 });
    let lost = 0;
    await page.route("**/api/agent/chats/*/reply", async (route) => {
      if (lost++ === 0) {
        await route.fetch(); // reaches the server, which stores the reply
        await route.abort("connectionreset");
      } else await route.continue();
    });
    await page.fill("#reply", "包邮的");
    await page.click("#send");
    await expect.poll(() => page.textContent("#reply-error")).toContain("无法连接服务器");
    expect(await humanReplies("包邮的")).toBe(1);
    await page.click("#send");
    await expect.poll(() => page.inputValue("#reply")).toBe("");
    expect(await humanReplies("包邮的")).toBe(1);
    await page.unroute("**/api/agent/chats/*/reply");

    // unsent text survives a reload
    await suite.ui().postEvents("rs", [{ id: "r3", platform: "taobao", conversation: "buyer-rs", at: new Date(suite.ui().now()).toISOString(), from: "buyer", text: "几天到" }]);
    await page.locator('#mine .chat-item:has-text("buyer-rs")').waitFor({ timeout: 10_000 });
    await page.fill("#reply", "还没发出去的话");
    await page.reload();
    await expect.poll(() => page.textContent("#live")).toBe("实时");
    await expect.poll(() => page.inputValue("#reply")).toBe("还没发出去的话");

    expect(watch.errors.filter((e) => !/ERR_CONNECTION|net::|Failed to load resource/.test(e))).toEqual([]);
    await context.close();
  });
});
