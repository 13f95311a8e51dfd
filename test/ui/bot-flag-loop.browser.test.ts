/**
 * The bot panel's 答错报告 in Chromium, on a real server with the demo FAQ: a flagged answer's
 * "不再自动回答" adds the buyer's message to the shop's 不回答的问题 (the row then says
 * 已加入不回答的问题, also after a reload) and the same message then goes to a person;
 * "加为例句…" adds it to the entry the admin chooses.
 */
import { describe, expect, it } from "vitest";
import { screenshot, uiSuite, watchPage } from "./support.js";

const suite = uiSuite();

async function call(method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${suite.ui().url}${path}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return res.json() as Promise<any>;
}
const agent = (method: string, path: string, body?: unknown) => call(method, `/api/agent${path}`, "demo-a1-token", body);
const admin = (method: string, path: string, body?: unknown) => call(method, `/api/admin${path}`, "admin-token-demo", body);

let n = 0;
async function say(conversation: string, text: string) {
  const res = await suite.ui().postEvents("demo", [{ id: `flag-ui-${++n}`, platform: "kuaishou", conversation, at: new Date(suite.ui().now()).toISOString(), from: "buyer", text }]);
  expect(res.status).toBe(200);
}

/** The bot answers `text` in a fresh Kuaishou chat, the buyer writes on, and the agent flags the answer. */
async function answeredAndFlagged(conversation: string, text: string): Promise<number> {
  await say(conversation, text);
  await say(conversation, "可以刻字吗");
  let chat: { id: number } | undefined;
  await expect
    .poll(async () => {
      const all = [...(await agent("GET", "/chats")).chats, ...(await agent("GET", "/queue")).chats];
      chat = all.find((c: { conversation: string }) => c.conversation === conversation);
      return chat !== undefined;
    })
    .toBe(true);
  const detail = await agent("GET", `/chats/${chat!.id}`);
  const bot = detail.messages.find((m: { from: string }) => m.from === "bot");
  expect(bot, `the bot answered ${text}`).toBeDefined();
  return (await agent("POST", `/chats/${chat!.id}/flag`, { msgId: bot.id })).flag.id;
}

describe("the 答错报告's actions", { timeout: 120_000 }, () => {
  it("不再自动回答 marks the row and routes the message to a person next time; 加为例句… adds it to the chosen entry", async () => {
    await agent("PUT", "/status", { online: true });
    const wrong = await answeredAndFlagged("flag-a", "定制刻字的也能七天无理由退吗");
    const other = await answeredAndFlagged("flag-b", "退货要自己出运费吗");

    const context = await suite.browser().newContext({ viewport: { width: 1500, height: 900 }, locale: "zh-CN" });
    const dash = await context.newPage();
    const watch = watchPage(dash);
    await dash.goto(`${suite.ui().url}/dashboard?tab=bot`);
    await dash.fill("#token", "admin-token-demo");
    await dash.click("#login-form button[type=submit]");

    const row = dash.locator(`#bot-flag-list tr.flag-row[data-flag="${wrong}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toContain("定制刻字的也能七天无理由退吗");
    await row.locator("button.no-auto").click();
    await row.locator(".out-of-scope-done").waitFor();
    expect(await row.locator(".out-of-scope-done").textContent()).toBe("已加入不回答的问题");
    await expect.poll(() => row.locator(".group-status").textContent()).toMatch(/以后同样的问题将转人工|稍后生效/);
    await screenshot(dash, "dashboard-bot-flag-actions.png");

    // written to the shop's list; once live, the same message in a fresh chat goes to a person
    await expect.poll(async () => (await admin("GET", "/faq")).outOfScope.shop, { timeout: 60_000 }).toEqual(["定制刻字的也能七天无理由退吗"]);
    await expect.poll(async () => (await admin("POST", "/faq/try", { text: "定制刻字的也能七天无理由退吗" })).confident, { timeout: 60_000 }).toBe(false);
    await say("flag-c", "定制刻字的也能七天无理由退吗");
    await expect.poll(async () => (await admin("GET", "/decisions")).decisions.find((d: { conversation: string }) => d.conversation === "flag-c")?.action, { timeout: 10_000 }).toBe("route");

    // after a reload the row still says so (the panel reads the live list), and no button is offered
    await dash.reload();
    await row.waitFor({ timeout: 10_000 });
    await row.locator(".out-of-scope-done").waitFor();
    expect(await row.locator("button.no-auto").count()).toBe(0);

    // 加为例句…: the other flagged message becomes an example of the entry the admin picks
    const second = dash.locator(`#bot-flag-list tr.flag-row[data-flag="${other}"]`);
    await second.locator("button.flag-example").click();
    await second.locator(".flag-example-form select").selectOption("return-how");
    await second.locator(".flag-example-form button.add-example").click();
    await expect.poll(() => second.locator(".group-status").textContent()).toContain("加为「");
    const entry = await admin("GET", "/faq/entries/return-how");
    expect(entry.examples).toContain("退货要自己出运费吗");

    expect(watch.errors).toEqual([]);
    await context.close();
  });
});
