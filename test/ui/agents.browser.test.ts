/**
 * 客服管理 in Chromium: the owner adds an agent from the dashboard and the token, shown once,
 * signs in to the console at once; re-tokening refuses the old token; disabling refuses the
 * agent and signs out their open console at once. No restart anywhere.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { shopConfig } from "../support/harness.js";
import { axe, expectChinese, loginAdmin, screenshot, watchPage, uiSuite } from "./support.js";

const suite = uiSuite(async () => [await shopConfig("ag", { name: "客服管理测试店" })]);

/** a fresh browser profile signing in to the console with a token: "ok" or the login error */
async function tryLogin(token: string): Promise<string> {
  const context = await suite.browser().newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(`${suite.ui().url}/console`);
  await page.fill("#token", token);
  await page.click("#login-form button[type=submit]");
  const result = await Promise.race([
    page.waitForSelector("#app:not([hidden])").then(async () => `ok ${await page.textContent("#who")}`),
    page.waitForFunction(() => document.querySelector("#login-error")?.textContent).then(() => page.textContent("#login-error")),
  ]);
  await context.close();
  return result ?? "";
}

async function row(page: Page, id: string) {
  return page.locator(`#agents-manage tr[data-id="${id}"]`);
}

describe("客服管理", { timeout: 90_000 }, () => {
  it("adds an agent whose token works at once, re-tokens and disables without a restart", async () => {
    const browser = suite.browser(),
      ui = suite.ui();
    // bypassCSP only so that axe can be injected as an inline script
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "zh-CN", bypassCSP: true });
    const page = await context.newPage();
    const watch = watchPage(page);
    page.on("dialog", (d) => void d.accept());
    await loginAdmin(page, ui.url, "admin-token-ag", "/dashboard?shop=ag");
    await page.click("#tab-agents");
    await expect.poll(() => page.locator("#agents-manage tbody tr").count(), { timeout: 10_000 }).toBe(2);
    expect(await (await row(page, "a1")).textContent()).toContain("配置");

    await page.fill("#agent-id", "xiaoli");
    await page.fill("#agent-name", "小李");
    await page.fill("#agent-max", "3");
    await page.click('#agent-form button[type="submit"]');
    await expect.poll(() => page.isVisible("#agent-token")).toBe(true);
    const first = await page.inputValue("#agent-token-value");
    expect(first).toMatch(/^agt_[0-9a-f]{64}$/);
    expect(await page.textContent("#agent-token-label")).toContain("只显示这一次");
    await expect.poll(() => page.locator("#agents-manage tbody tr").count()).toBe(3);
    expect(await (await row(page, "xiaoli")).textContent()).toContain("0/3");
    await expectChinese(page, "agent added");
    expect(await axe(page)).toEqual([]);
    await screenshot(page, "dashboard-agents.png");

    expect(await tryLogin(first)).toContain("小李");

    // re-token: the old token is refused, the new one works
    await (await row(page, "xiaoli")).locator(".agent-retoken").click();
    await expect.poll(() => page.inputValue("#agent-token-value")).not.toBe(first);
    const second = await page.inputValue("#agent-token-value");
    expect(await tryLogin(first)).toBe("令牌无效，请重新输入。");
    expect(await tryLogin(second)).toContain("小李");

    // disable: refused, and 小李's open console is signed out (its live stream ends, the reconnect meets the 401)
    const agentContext = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN" });
    const console_ = await agentContext.newPage();
    await console_.goto(`${ui.url}/console`);
    await console_.fill("#token", second);
    await console_.click("#login-form button[type=submit]");
    await expect.poll(() => console_.textContent("#live")).toBe("实时");
    await (await row(page, "xiaoli")).locator(".agent-toggle").click();
    await expect.poll(async () => (await row(page, "xiaoli")).textContent()).toContain("已停用");
    await expect.poll(() => console_.textContent("#login-error"), { timeout: 10_000 }).toBe("令牌已失效，请重新登录。");
    expect(await console_.isHidden("#app")).toBe(true);
    await agentContext.close();
    expect(await tryLogin(second)).toBe("令牌无效，请重新输入。");
    await (await row(page, "xiaoli")).locator(".agent-toggle").click();
    await expect.poll(async () => (await row(page, "xiaoli")).textContent()).not.toContain("已停用");
    expect(await tryLogin(second)).toContain("小李");

    // a duplicate id, in Chinese
    await page.fill("#agent-id", "a1");
    await page.fill("#agent-name", "重复");
    await page.click('#agent-form button[type="submit"]');
    await expect.poll(() => page.textContent("#agent-error")).toBe("已有这个客服 ID，请换一个");
    await expectChinese(page, "duplicate agent");

    expect(watch.errors.filter((e) => !/\b409\b/.test(e))).toEqual([]);
    await context.close();
  });

  it("shows an agent added in 客服管理 in the 客服 figures on going back to 概览, with their reply counted, no reload", async () => {
    const ui = suite.ui();
    const context = await suite.browser().newContext({ viewport: { width: 1366, height: 900 }, locale: "zh-CN" });
    const page = await context.newPage();
    const watch = watchPage(page);
    await loginAdmin(page, ui.url, "admin-token-ag", "/dashboard?shop=ag");
    await page.waitForSelector('#agents tr[data-agent="a1"]');
    const figuresRow = () => page.locator('#agents tr[data-agent="xiaozhao"]');
    expect(await figuresRow().count()).toBe(0);

    await page.click("#tab-agents");
    await page.fill("#agent-id", "xiaozhao");
    await page.fill("#agent-name", "小赵");
    await page.click('#agent-form button[type="submit"]');
    await expect.poll(() => page.isVisible("#agent-token")).toBe(true);
    const token = await page.inputValue("#agent-token-value");
    // adding an agent stores no event, so nothing live would refetch the figures: going back must
    await page.click("#tab-figures");
    await expect.poll(() => figuresRow().count(), { timeout: 10_000 }).toBe(1);
    expect(await figuresRow().textContent()).toContain("小赵（xiaozhao）");

    // the new agent answers a Kuaishou buyer: today's replies and the per-agent rule count them
    const asAgent = (method: string, path: string, body?: unknown) =>
      fetch(`${ui.url}/api/agent${path}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    expect((await asAgent("PUT", "/status", { online: true })).status).toBe(200);
    expect((await ui.postEvents("ag", [{ id: "zhao-q1", platform: "kuaishou", conversation: "zhao-buyer", at: ui.now() - 1000, from: "buyer", text: "我要找人工客服" }])).status).toBe(200);
    const mine = (await (await asAgent("GET", "/chats")).json()) as { chats: { id: number; conversation: string }[] };
    const chat = mine.chats.find((c) => c.conversation === "zhao-buyer");
    expect(chat).toBeDefined();
    expect((await asAgent("POST", `/chats/${chat!.id}/reply`, { text: "您好，我是小赵" })).status).toBe(201);
    // the figures are folded in the background: wait for the fold, then the page shows it without a reload
    const folded = async () => {
      const d = (await (await fetch(`${ui.url}/api/admin/dashboard?shop=ag`, { headers: { authorization: "Bearer admin-token-ag" } })).json()) as {
        agents: { id: string; rules: { rule: string; today: { numerator: number } }[] }[];
      };
      return d.agents.find((a) => a.id === "xiaozhao")?.rules.find((r) => r.rule === "kuaishou.agent-5min")?.today.numerator;
    };
    await expect.poll(folded, { timeout: 15_000 }).toBe(1);
    await page.click("#tab-agents");
    await page.click("#tab-figures");
    await expect.poll(() => figuresRow().textContent(), { timeout: 10_000 }).toContain("100.0%（1/1）");
    await expectChinese(page, "new agent in the figures");
    expect(watch.errors).toEqual([]);
    await context.close();
  });
});
