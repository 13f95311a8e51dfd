/** Buyer nicknames: kept from the platform's fields on the chat, answered beside the id, searchable. */
import { describe, expect, it } from "vitest";
import { DOUYIN_CHAT_FIELDS } from "../../src/platforms/douyin/mapping.js";
import { mapChat } from "../../src/core/platforms/mapping.js";
import { buyerNickOf } from "../../src/services/chats.js";
import { buyer, createHarness, T0 } from "../support/harness.js";

describe("buyer nicknames", () => {
  it("a Douyin push's buyer_nick reaches the event the chat reads it from", () => {
    const r = mapChat(DOUYIN_CHAT_FIELDS, { platform: "douyin", shop: "s", id: "d1", data: { conversation_id: "c1", create_time: T0 / 1000, text: "在吗", buyer_nick: "爱吃橘子的猫" }, fallbackAt: T0 });
    expect(r.ok).toBe(true);
    if (r.ok) expect(buyerNickOf(r.event)).toBe("爱吃橘子的猫");
  });

  it("is kept on the chat (a later message without one keeps it, a new one replaces it), listed beside the id and found by search", async () => {
    const h = await createHarness();
    try {
      await h.postEvents(buyer("kuaishou", "ks-889", T0, "在吗", { buyerNick: "  小橘子  " }));
      const chatOf = async () => (await (await h.agent("default", "a1", "GET", "/queue")).json()).chats[0];
      expect(await chatOf()).toMatchObject({ conversation: "ks-889", buyerNick: "小橘子" });
      await h.postEvents(buyer("kuaishou", "ks-889", T0 + 1000, "有货吗"));
      expect((await chatOf()).buyerNick).toBe("小橘子");
      await h.postEvents(buyer("kuaishou", "ks-889", T0 + 2000, "？", { nick: "大橘子" }));
      expect((await chatOf()).buyerNick).toBe("大橘子");
      const found = await (await h.agent("default", "a1", "GET", `/search?query=${encodeURIComponent("大橘")}`)).json();
      expect(found.conversations.map((c: { conversation: string; matchedBy: string[] }) => [c.conversation, c.matchedBy])).toEqual([["ks-889", ["buyer"]]]);
      // no nickname: null, the id stays the name
      await h.postEvents(buyer("taobao", "tb-1", T0, "在吗"));
      const tb = (await (await h.agent("default", "a1", "GET", "/queue")).json()).chats.find((c: { conversation: string }) => c.conversation === "tb-1");
      expect(tb.buyerNick).toBeNull();
    } finally {
      h.close();
    }
  });
});
