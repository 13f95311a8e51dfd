/** 提醒设置: bad input is a 400 naming the field and the problem, and changes nothing. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Harness } from "../support/harness.js";
import { attentionHarness, putAttention } from "./helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await attentionHarness();
});
afterEach(() => h.close());

describe("attention settings refuse bad input", () => {
  it("a lead outside 10 … the rule's limit, not whole, or of a rule the shop has not: 400 naming remindLeadSeconds", async () => {
    const cases: [unknown, Record<string, unknown>][] = [
      [{ remindLeadSeconds: { "douyin.manual-3min": 9 } }, { field: "remindLeadSeconds", reason: "out-of-range", min: 10, max: 180 }],
      [{ remindLeadSeconds: { "douyin.manual-3min": 181 } }, { field: "remindLeadSeconds", reason: "out-of-range", max: 180 }],
      [{ remindLeadSeconds: { "kuaishou.shop-5min": 301 } }, { field: "remindLeadSeconds", reason: "out-of-range", max: 300 }],
      [{ remindLeadSeconds: { "douyin.manual-3min": 12.5 } }, { reason: "invalid-type" }],
      [{ remindLeadSeconds: { "douyin.manual-3min": "60" } }, { reason: "invalid-type" }],
      [{ remindLeadSeconds: { "pdd.reply-3min": 60 } }, { field: "remindLeadSeconds", reason: "unknown-rule", rule: "pdd.reply-3min" }],
      // a rule that is no deadline rule (its chats race another) has no reminder
      [{ remindLeadSeconds: { "douyin.manual-2min": 60 } }, { field: "remindLeadSeconds", reason: "unknown-rule" }],
      [{ sound: "yes" }, { field: "sound", reason: "not-boolean" }],
      [{ desktopNotify: 1 }, { field: "desktopNotify", reason: "not-boolean" }],
      [{ remindLeadSeconds: [60] }, { field: "remindLeadSeconds" }],
    ];
    for (const [body, error] of cases) {
      const res = await putAttention(h, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json()).error, JSON.stringify(body)).toMatchObject({ code: "bad_request", ...error });
    }
    // the other shop runs Douyin only: a Kuaishou rule is not its own
    const other = await putAttention(h, { remindLeadSeconds: { "kuaishou.shop-5min": 60 } }, "other");
    expect((await other.json()).error).toMatchObject({ reason: "unknown-rule" });
    // nothing was stored
    expect((await (await h.admin("default", "/attention")).json()).updatedAt).toBeNull();
  });

  it("malformed JSON is 400 invalid_json", async () => {
    const res = await putAttention(h, "{not json");
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("invalid_json");
  });
});
