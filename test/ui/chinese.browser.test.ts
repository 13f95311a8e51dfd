/**
 * "Every word a user sees is Chinese", walked in Chromium: the console's error states (a
 * wrong token, claiming at the cap, transferring to an agent who is offline or full, a reply
 * that is too long, the network gone) and the dashboard with a late item of yesterday and the
 * try box. After each state the page's visible text must hold no English sentence (two
 * English words in a row); single tokens such as conversation ids and key names may appear.
 * Beyond the states named here, every page a browser test watches (support.ts watchPage)
 * reports an English sentence the moment one shows, in whatever state: the last test shows it.
 */
import { describe, expect, it } from "vitest";
import { shopConfig } from "../support/harness.js";
import { axe, expectChinese, loginAdmin, loginAgent, watchPage, uiSuite } from "./support.js";

const suite = uiSuite(async () => [await shopConfig("zh", { name: "中文测试店" })]);

describe("Chinese everywhere", { timeout: 90_000 }, () => {
  it("console error states and dashboard: no English sentence reaches the page", async () => {
    const context = await suite.browser().newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN" });
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${suite.ui().url}/console`);
    await expectChinese(page, "login");
    await page.click("#login-form button[type=submit]");
    await expect.poll(() => page.textContent("#login-error")).toBe("请输入客服令牌");
    await page.fill("#token", "wrong");
    await page.click("#login-form button[type=submit]");
    await expect.poll(() => page.textContent("#login-error")).toContain("令牌无效");
    await expectChinese(page, "wrong token");

    await page.fill("#token", "zh-a1-token");
    await page.click("#login-form button[type=submit]");
    await expect.poll(() => page.textContent("#live")).toBe("实时");
    await page.check("#online");
    const t = suite.ui().now();
    await suite.ui().postEvents("zh", [
      { id: "z1", platform: "taobao", conversation: "c1", at: new Date(t - 30_000).toISOString(), from: "buyer", text: "在吗" },
      { id: "z2", platform: "taobao", conversation: "c2", at: new Date(t - 20_000).toISOString(), from: "buyer", text: "有货吗" },
      { id: "z3", platform: "taobao", conversation: "c3", at: new Date(t - 10_000).toISOString(), from: "buyer", text: "发什么快递" },
    ]);
    await expect.poll(() => page.locator("#mine .chat-item").count(), { timeout: 10_000 }).toBe(2);
    await expect.poll(() => page.locator("#queue .chat-item").count()).toBe(1);
    await expectChinese(page, "chats");

    // Alt+C at the cap of 2
    await page.click("#mine .chat-item >> nth=0");
    // agents by name, not by id
    await expect.poll(() => page.textContent("#messages")).toContain("分配给 小美");
    await page.keyboard.press("Alt+c");
    await expect.poll(() => page.textContent("#reply-error")).toBe("领取失败：小美已有 2 个会话（上限 2），请先处理或释放一些会话");
    await expectChinese(page, "claim at the cap");

    // the transfer list shows presence and load: 小王 is offline, so he cannot be picked …
    // (focusing the list fetches /api/agent/me again: wait for it, or its re-render could undo the stale pick below)
    const refreshed = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/agent/me");
    await page.focus("#transfer-to");
    await refreshed;
    await expect.poll(() => page.locator('#transfer-to option[value="a2"]').textContent()).toBe("小王（离线）");
    expect(await page.locator('#transfer-to option[value="a2"]').isDisabled()).toBe(true);
    // … but a list opened before he went offline still offers him: the server's refusal, in Chinese
    const pickStale = () =>
      page.evaluate(() => {
        const sel = document.querySelector<HTMLSelectElement>("#transfer-to")!;
        sel.querySelector<HTMLOptionElement>('option[value="a2"]')!.disabled = false;
        sel.value = "a2";
      });
    await pickStale();
    await page.click("#transfer");
    await expect.poll(() => page.textContent("#reply-error")).toBe("转接失败：小王不在线，无法转接");
    await expectChinese(page, "transfer to an offline agent");

    // 小王 comes online and takes the queued chat and one more: full
    const other = await suite.browser().newContext({ viewport: { width: 1366, height: 768 } }); // own localStorage
    const a2 = await other.newPage();
    await loginAgent(a2, suite.ui().url, "zh-a2-token");
    await expect.poll(() => a2.locator("#mine .chat-item").count(), { timeout: 10_000 }).toBe(1);
    await suite.ui().postEvents("zh", [{ id: "z4", platform: "taobao", conversation: "c4", at: new Date(suite.ui().now()).toISOString(), from: "buyer", text: "你好" }]);
    await expect.poll(() => a2.locator("#mine .chat-item").count(), { timeout: 10_000 }).toBe(2);
    await page.bringToFront();
    await page.focus("#transfer-to");
    await expect.poll(() => page.locator('#transfer-to option[value="a2"]').textContent()).toBe("小王（在线 · 2/2 已满）");
    await pickStale();
    await page.click("#transfer");
    await expect.poll(() => page.textContent("#reply-error")).toBe("转接失败：小王已有 2 个会话（上限 2），请先处理或释放一些会话");
    await expectChinese(page, "transfer to a full agent");

    // a reply over 2000 characters
    await page.fill("#reply", "好".repeat(2001));
    await page.click("#send");
    await expect.poll(() => page.textContent("#reply-error")).toBe("发送失败：回复内容不能超过 2000 个字");
    await expectChinese(page, "reply too long");

    // the network is gone ("Failed to fetch" in the browser)
    await page.route("**/api/agent/chats/*/reply", (route) => route.abort("connectionrefused"));
    await page.fill("#reply", "您好");
    await page.click("#send");
    await expect.poll(() => page.textContent("#reply-error")).toBe("发送失败：无法连接服务器，请检查网络后重试");
    expect(await page.inputValue("#reply")).toBe("您好"); // the text stays for another try
    await expectChinese(page, "network down");
    await page.unroute("**/api/agent/chats/*/reply");

    // the 快捷短语 picker with nothing to offer, and its side-panel form left empty
    await page.fill("#reply", "");
    await page.focus("#reply");
    await page.keyboard.type("/nomatch");
    await expect.poll(() => page.textContent("#phrase-picker")).toBe("没有匹配“nomatch”的短语或FAQ答案");
    await expectChinese(page, "phrase picker without a match");
    await page.keyboard.press("Escape");
    await page.click("#my-phrases button[type=submit]");
    await expect.poll(() => page.textContent("#my-phrases .error")).toBe("请填写短语名称和内容");
    await expectChinese(page, "phrase form empty");

    // the dashboard: yesterday's unanswered message explained in Chinese, the try box
    const yesterday = new Date(suite.ui().now() - 86_400_000 + 5 * 3600_000); // 15:00 yesterday
    await suite.ui().postEvents("zh", [{ id: "old-1", platform: "douyin", conversation: "old", at: yesterday.toISOString(), from: "buyer", text: "在吗" }]);
    const dash = await context.newPage();
    // the dashboard's sign-in asks for its own token
    await dash.goto(`${suite.ui().url}/dashboard`);
    await dash.click("#login-form button[type=submit]");
    await expect.poll(() => dash.textContent("#login-error")).toBe("请输入管理员令牌");
    const dashWatch = watchPage(dash);
    await loginAdmin(dash, suite.ui().url, "admin-token-zh");
    await expectChinese(dash, "dashboard");
    const day = new Date(yesterday.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    await dash.fill("#late-day", day);
    await dash.dispatchEvent("#late-day", "change");
    await expect.poll(() => dash.textContent("#late-list"), { timeout: 10_000 }).toContain("当天 24 点前没有计入考核的回复");
    await expectChinese(dash, "late list");
    await dash.click("#tab-faq");
    await dash.fill("#try-text", "什么时候发货");
    await dash.click("#try-form button[type=submit]");
    await dash.locator("#try-result tr[data-platform]").first().waitFor();
    await expectChinese(dash, "try box");

    expect(watch.errors.filter((e) => !e.includes("401") && !e.includes("409") && !e.includes("400") && !e.includes("ERR_CONNECTION_REFUSED"))).toEqual([]);
    expect(dashWatch.errors).toEqual([]);
    await other.close();
    await context.close();
  });

  it("the landing page is Chinese; a watched page reports an English sentence as soon as one is visible, not while hidden", async () => {
    // bypassCSP only so that axe can be injected as an inline script
    const context = await suite.browser().newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN", bypassCSP: true });
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${suite.ui().url}/`);
    await page.locator("a[href='/console']").waitFor();
    await expectChinese(page, "landing");
    expect(await axe(page)).toEqual([]);
    await page.evaluate(() => {
      const p = document.createElement("p");
      p.id = "probe";
      p.hidden = true;
      p.textContent = "Failed to fetch";
      document.body.appendChild(p);
    });
    await page.waitForTimeout(300);
    expect(watch.errors).toEqual([]);
    await page.evaluate(() => {
      document.getElementById("probe")!.hidden = false;
    });
    await expect.poll(() => watch.errors.join("\n")).toMatch(/^console: English on the page: ".*Failed to fetch"$/);
    await context.close();
  });
});
