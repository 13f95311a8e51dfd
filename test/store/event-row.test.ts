/**
 * The one mapping between chat events and the events table (src/store/event-row.ts): a stored
 * event read back is the event it was, less its text and unknown fields (the readers that fold
 * events by rule need neither), and absent optional fields stay absent rather than null.
 */
import { describe, expect, it } from "vitest";
import type { ChatEvent } from "../../src/core/events.js";
import { chatEventOfRow, eventRow } from "../../src/store/event-row.js";

describe("events ↔ rows", () => {
  it("reads a stored event back as the ChatEvent it was (without text and extra)", () => {
    const bot: ChatEvent = { id: "m1", platform: "taobao", shop: "s1", conversation: "c1", at: 1_700_000_000_000, from: "bot", type: "message", bot: "xiaoduo", mode: "assist", text: "亲，在的", extra: { nick: "小猫" } };
    const human: ChatEvent = { id: "m2", platform: "douyin", shop: "s1", conversation: "c2", at: 1_700_000_001_000, from: "human", type: "message", agent: "a1" };
    const buyer: ChatEvent = { id: "m3", platform: "kuaishou", shop: "s1", conversation: "c3", at: 1_700_000_002_000, from: "buyer", type: "message", text: "在吗" };
    for (const e of [bot, human, buyer]) {
      const { text: _text, extra: _extra, ...kept } = e;
      const back = chatEventOfRow(eventRow(e, 0));
      expect(back).toEqual(kept);
      expect(Object.keys(back).sort()).toEqual(Object.keys(kept).sort());
    }
  });
});
