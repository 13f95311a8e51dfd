import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Harness } from "../support/harness.js";
import { T0 } from "../support/harness.js";
import { count, douyinPush, platformHarness, postDouyin } from "./http-helpers.js";
import { vectors } from "./vectors.js";

let h: Harness;
beforeEach(async () => {
  h = await platformHarness();
});
afterEach(() => h.close());

const chat = (msgId: string, conversation: string, text: string) => ({
  tag: "im_buyer_message",
  msg_id: msgId,
  data: { conversation_id: conversation, create_time: Math.floor(T0 / 1000), content: text },
});

describe("POST /webhooks/douyin/{shop}", () => {
  it("takes the openssl-signed vector batch and answers exactly {code:0,msg:success}", async () => {
    const v = vectors.douyin;
    h.clock.now = 1767751815_000; // when the vector's message was sent: live pushes must lie within the time window
    const res = await h.call("POST /webhooks/douyin/:shop", { params: { shop: "default" }, raw: v.body, headers: { "app-id": v.appKey, "event-sign": v.eventSign, "content-type": "application/json" } });
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"code":0,"msg":"success"}');
    expect(await count(h, "events", "platform = 'douyin' and \"from\" = 'buyer'")).toBe(1);
    expect(await count(h, "decisions")).toBe(1);
    const [rec] = await h.ctx.db.all<{ kind: string; category: string; order_id: string }>(sql`select kind, category, order_id from platform_records`);
    expect(rec).toEqual({ kind: "100", category: "order", order_id: "6912345678901234567" });
  });

  it("keeps order and refund tags beside chat messages without failing the batch", async () => {
    const p = douyinPush([
      { tag: "101", msg_id: "o1", data: { p_id: "111", create_time: 1767751800 } },
      chat("c1", "buyer-1", "什么时候发货"),
      { tag: "205", msg_id: "r1", data: { aftersale_id: "9", p_id: "111" } },
      { tag: "999", msg_id: "x1", data: "not json" },
    ]);
    const res = await postDouyin(h, p.body, p.headers);
    expect(res.status).toBe(200);
    expect(await count(h, "platform_records")).toBe(3);
    expect(await count(h, "platform_records", "category = 'refund'")).toBe(1);
    expect(await count(h, "events", "\"from\" = 'buyer'")).toBe(1);
  });

  it("re-deliveries of a msg_id are acknowledged and never acted on twice", async () => {
    const p = douyinPush([chat("c1", "buyer-1", "什么时候发货"), { tag: "100", msg_id: "o1", data: { p_id: "1" } }]);
    for (let i = 0; i < 3; i++) {
      const res = await postDouyin(h, p.body, p.headers);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ code: 0, msg: "success" });
    }
    expect(await count(h, "events", "\"from\" = 'buyer'")).toBe(1);
    expect(await count(h, "decisions")).toBe(1);
    expect(await count(h, "platform_records")).toBe(1);
    // the Douyin buyer's chat went to the queue once (Douyin never counts a bot answer)
    expect(await count(h, "chats")).toBe(1);
  });

  it("an unmappable chat push is kept as chat-unmapped, the batch still succeeds", async () => {
    const p = douyinPush([{ tag: "im_buyer_message", msg_id: "u1", data: { content: "no conversation field" } }]);
    const res = await postDouyin(h, p.body, p.headers);
    expect(res.status).toBe(200);
    expect(await count(h, "platform_records", "category = 'chat-unmapped' and problem is not null")).toBe(1);
  });
});
