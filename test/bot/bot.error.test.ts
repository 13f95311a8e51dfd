/** Bad input to the flag and bot-report routes: a 400/404 JSON error naming the problem, nothing stored. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { buyer, T0, type Harness } from "../support/harness.js";
import { botAnsweredThenRouted, botHarness, json } from "./helpers.js";

let h: Harness;
let chatId: number;
let botMsgId: string;
let detail: { messages: Array<{ id: string; from: string }> };
beforeEach(async () => {
  h = await botHarness();
  ({
    chatId,
    detail,
    botMessage: { id: botMsgId },
  } = await botAnsweredThenRouted(h, T0));
});
afterEach(() => h.close());

const flag = (body: unknown, id: number | string = chatId) =>
  typeof body === "string"
    ? h.app.request(`/api/agent/chats/${id}/flag`, { method: "POST", headers: { authorization: "Bearer default-a1-token", "content-type": "application/json" }, body })
    : h.agent("default", "a1", "POST", `/chats/${id}/flag`, body);
const flags = async () => (await h.ctx.db.all<{ n: number }>(sql`select count(*) as n from bot_flags`))[0]!.n;

describe("POST /api/agent/chats/:id/flag", () => {
  it.each([
    ["not JSON", "{msgId", 400, "invalid_json", undefined],
    ["an array", "[]", 400, "invalid_json", undefined],
    ["no message named", {}, 400, "bad_request", "msgId"],
    ["both ids", { msgId: "x", eventId: 1 }, 400, "bad_request", "msgId"],
    ["an empty msgId", { msgId: "  " }, 400, "bad_request", "msgId"],
    ["a numeric msgId", { msgId: 5 }, 400, "bad_request", "msgId"],
    ["a string eventId", { eventId: "5" }, 400, "bad_request", "eventId"],
    ["a fractional eventId", { eventId: 1.5 }, 400, "bad_request", "eventId"],
    ["a zero eventId", { eventId: 0 }, 400, "bad_request", "eventId"],
    ["a note of 501 characters", { msgId: "x", note: "错".repeat(501) }, 400, "bad_request", "note"],
    ["a note that is not text", { msgId: "x", note: 3 }, 400, "bad_request", "note"],
  ])("refuses %s", async (_what, body, status, code, field) => {
    const res = await flag(body);
    expect(res.status).toBe(status);
    const err = (await res.json()).error;
    expect(err.code).toBe(code);
    if (field) expect(err.field).toBe(field);
    expect(typeof err.message).toBe("string");
    expect(await flags()).toBe(0);
  });

  it("a note of exactly 500 characters is taken", async () => {
    const res = await flag({ msgId: botMsgId, note: "错".repeat(500) });
    expect(res.status).toBe(201);
  });

  it("answers 404 for an unknown chat, a bad chat id 400, a message of another chat 404", async () => {
    expect((await flag({ msgId: botMsgId }, 999)).status).toBe(404);
    const bad = await flag({ msgId: botMsgId }, "abc");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe("id");
    // the same bot answer exists, but in another conversation
    await h.postEvents([buyer("kuaishou", "k2", T0 + 60_000, "什么时候发货"), buyer("kuaishou", "k2", T0 + 61_000, "这件衣服掉色吗")]);
    const other = (await json(h.agent("default", "a1", "GET", "/chats"))).chats.find((c: { conversation: string }) => c.conversation === "k2");
    const res = await flag({ msgId: botMsgId }, other.id);
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatchObject({ code: "not_found", field: "msgId", reason: "message-not-found" });
    expect((await flag({ eventId: 99_999 })).status).toBe(404);
    expect(await flags()).toBe(0);
  });

  it("refuses to flag a buyer's message: only bot answers can be wrong answers", async () => {
    const buyerMsg = detail.messages.find((m) => m.from === "buyer")!;
    const res = await flag({ msgId: buyerMsg.id });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "bad_request", field: "msgId", reason: "not-a-bot-answer", message: expect.stringContaining("not a bot answer") });
    expect(await flags()).toBe(0);
  });
});

describe("GET /api/admin/bot", () => {
  it.each([
    ["day=2026-02-30", "day"],
    ["day=20260107", "day"],
    ["days=0", "days"],
    ["days=32", "days"],
    ["days=1.5", "days"],
    ["days=abc", "days"],
  ])("refuses ?%s", async (query, field) => {
    const res = await h.admin("default", `/bot?${query}`);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "bad_request", field });
  });

  it("days=31 and an empty day are answered with empty figures, never 500", async () => {
    const res = await h.admin("default", "/bot?days=31&day=2025-06-01");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ answered: 0, routed: { total: 0, byReason: [] }, flags: [], unanswered: { messages: 0, groups: [] } });
  });
});
