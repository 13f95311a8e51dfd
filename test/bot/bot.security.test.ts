/** Flags and the bot report stay inside the shop whose token asks. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { T0, type Harness } from "../support/harness.js";
import { botAnsweredThenRouted, botHarness, json } from "./helpers.js";

let h: Harness;
let chatId: number;
let botMsgId: string;
beforeEach(async () => {
  h = await botHarness(["default", "other"]);
  ({
    chatId,
    botMessage: { id: botMsgId },
  } = await botAnsweredThenRouted(h, T0));
});
afterEach(() => h.close());

const flags = async () => (await h.ctx.db.all<{ n: number }>(sql`select count(*) as n from bot_flags`))[0]!.n;

describe("flags", () => {
  it("an agent of another shop cannot flag (nor see) this shop's chat: 404, nothing stored", async () => {
    const res = await h.agent("other", "a1", "POST", `/chats/${chatId}/flag`, { msgId: botMsgId });
    expect(res.status).toBe(404);
    expect((await h.agent("other", "a1", "GET", `/chats/${chatId}`)).status).toBe(404);
    expect(await flags()).toBe(0);
  });

  it("needs an agent token: none, a wrong one and an admin token are 401", async () => {
    const path = `/api/agent/chats/${chatId}/flag`;
    const body = JSON.stringify({ msgId: botMsgId });
    for (const headers of [{}, { authorization: "Bearer nope" }, { authorization: "Bearer admin-token-default" }] as Record<string, string>[]) {
      const res = await h.app.request(path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe("unauthorized");
    }
    expect(await flags()).toBe(0);
  });

  it("a note is stored and answered as text, never interpreted", async () => {
    const note = '<img src=x onerror=alert(1)>"; drop table bot_flags; --';
    await h.agent("default", "a1", "POST", `/chats/${chatId}/flag`, { msgId: botMsgId, note });
    const report = await json(h.admin("default", "/bot"));
    expect(report.flags[0].note).toBe(note);
    expect(await flags()).toBe(1);
  });
});

describe("the bot report", () => {
  it("answers only the token's shop: another shop's admin gets 403 for ?shop=, and its own report is empty", async () => {
    await h.agent("default", "a1", "POST", `/chats/${chatId}/flag`, { msgId: botMsgId });
    const res = await h.admin("other", "/bot?shop=default");
    expect(res.status).toBe(403);
    const own = await json(h.admin("other", "/bot"));
    expect(own).toMatchObject({ shop: "other", answered: 0, flags: [], unanswered: { groups: [] } });
  });

  it("an agent token cannot read it", async () => {
    const res = await h.app.request("/api/admin/bot", { headers: { authorization: "Bearer default-a1-token" } });
    expect(res.status).toBe(401);
  });
});
