/** The TMC HTTP fallback: signed consume, store, signed confirm of exactly the stored ids. */
import { describe, expect, it } from "vitest";
import { topSign } from "../../src/platforms/taobao/top-sign.js";
import { consumeOnce } from "../../src/node/tmc/http-fallback.js";

const APP = { appKey: "12345678", appSecret: "tb-secret-0a1b2c3d" };

function fakeTop(messages: unknown[]) {
  const calls: Record<string, string>[] = [];
  const fetchImpl = (async (_url: string, init?: RequestInit) => {
    const params = Object.fromEntries(new URLSearchParams(String(init?.body)));
    calls.push(params);
    const { sign, ...rest } = params;
    if (sign !== topSign(rest, APP.appSecret, (params.sign_method as "md5" | "hmac") ?? "md5")) {
      return new Response(JSON.stringify({ error_response: { code: 25, msg: "Invalid signature" } }), { status: 200 });
    }
    if (params.method === "taobao.tmc.messages.consume") {
      const text = JSON.stringify({ tmc_messages_consume_response: { messages: { tmc_message: messages } } }).replace('"id":"9007199254740993"', '"id":9007199254740993');
      return new Response(text);
    }
    return new Response(JSON.stringify({ tmc_messages_confirm_response: { is_success: true } }));
  }) as typeof fetch;
  return { calls, fetchImpl };
}

describe("TMC HTTP fallback", () => {
  for (const signMethod of ["md5", "hmac"] as const) {
    it(`consumes and confirms (${signMethod})`, async () => {
      const { calls, fetchImpl } = fakeTop([
        { id: "9007199254740993", topic: "taobao_trade_TradeCreate", content: '{"tid":1}', pub_time: "2026-01-07 10:10:15", user_nick: "店" },
        { id: "42", topic: "taobao_refund_RefundCreated", content: '{"refund_id":2}' },
      ]);
      const stored: string[] = [];
      const round = await consumeOnce({
        ...APP,
        signMethod,
        fetch: fetchImpl,
        onMessage: async (m) => {
          if (m.id === "42") throw new Error("disk full");
          stored.push(m.topic);
        },
      });
      expect(round.received).toBe(2);
      expect(round.failed).toEqual(["42"]);
      expect(stored).toEqual(["taobao_trade_TradeCreate"]);
      expect(calls.map((c) => c.method)).toEqual(["taobao.tmc.messages.consume", "taobao.tmc.messages.confirm"]);
      expect(calls[1]).toMatchObject({ f_message_ids: "42", group_name: "default" });
      expect(calls[1]!.s_message_ids).toBe(round.confirmed.join(","));
      // a TMC id beyond 2^53, sent as a JSON number, stays exact
      expect(round.confirmed).toEqual(["9007199254740993"]);
    });
  }
  it("a TOP error fails the round before anything is stored", async () => {
    const { fetchImpl } = fakeTop([]);
    await expect(consumeOnce({ ...APP, appSecret: "wrong", fetch: fetchImpl, onMessage: async () => {} })).rejects.toThrow(/Invalid signature/);
  });
});
