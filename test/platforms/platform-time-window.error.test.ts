/**
 * The live window on `at` holds on every platform route, not only the generic webhook (issue
 * 16): a Douyin or Kuaishou push with a chat message dated more than EVENT_MAX_AHEAD_SECONDS
 * ahead of the server clock or more than EVENT_MAX_AGE_DAYS behind it answers 400
 * invalid_event naming `at`, and nothing of the push is stored; the edges are accepted. (Taobao
 * TMC keeps such a message as a record: tmc-runner.happy.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { T0, type Harness } from "../support/harness.js";
import { count, douyinPush, kuaishouEvent, platformHarness, postDouyin, postKuaishou } from "./http-helpers.js";

const DAY = 86_400_000;
let h: Harness;
afterEach(() => h.close());

const douyinChat = (msgId: string, atMs: number) => ({ tag: "im_buyer_message", msg_id: msgId, data: { conversation_id: `dy-${msgId}`, create_time: Math.floor(atMs / 1000), content: "什么时候发货" } });
const kuaishouChat = (eventId: string, atMs: number) => kuaishouEvent({ eventId, event: "kwaishop_cs_buyer_message", createTime: atMs, info: JSON.stringify({ buyerOpenId: `ks-${eventId}`, text: "什么时候发货" }) });

describe("the live time window on platform webhooks", () => {
  beforeEach(async () => {
    h = await platformHarness();
  });

  it("Douyin: a chat message 301 s ahead is a 400 naming at, and nothing of the push is stored (the order beside it neither)", async () => {
    const p = douyinPush([{ tag: "101", msg_id: "o1", data: { p_id: "111" } }, douyinChat("ok", T0), douyinChat("ahead", T0 + 301_000)]);
    const res = await postDouyin(h, p.body, p.headers);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "invalid_event", field: "at", id: "ahead", index: 1, message: expect.stringContaining("ahead of the server clock") });
    expect(await count(h, "events")).toBe(0);
    expect(await count(h, "platform_records")).toBe(0);
  });

  it("Douyin: 300 s ahead and 30 days back are the edges, accepted", async () => {
    const p = douyinPush([douyinChat("edge-ahead", T0 + 300_000), douyinChat("edge-old", T0 - 30 * DAY)]);
    const res = await postDouyin(h, p.body, p.headers);
    expect(res.status).toBe(200);
    expect(await count(h, "events", "\"from\" = 'buyer'")).toBe(2);
  });

  it("Kuaishou: a message ahead of the window or older than 30 days is a 400 naming at; the edge is accepted", async () => {
    for (const [id, at] of [
      ["ahead", T0 + 301_000],
      ["old", T0 - 30 * DAY - 1_000],
    ] as const) {
      const res = await postKuaishou(h, await kuaishouChat(id, at));
      expect(res.status, id).toBe(400);
      expect((await res.json()).error, id).toMatchObject({ code: "invalid_event", field: "at", id });
    }
    expect(await count(h, "events")).toBe(0);
    const edge = await postKuaishou(h, await kuaishouChat("edge", T0 + 300_000));
    expect(await edge.json()).toEqual({ result: 1 });
    expect(await count(h, "events", "\"from\" = 'buyer'")).toBe(1);
  });

  it("the window follows the configuration (EVENT_MAX_AHEAD_SECONDS)", async () => {
    h.ctx.config.eventTime = { maxAgeDays: 30, maxAheadSeconds: 10, skewSeconds: 10 };
    const p = douyinPush([douyinChat("eleven", T0 + 11_000)]);
    const res = await postDouyin(h, p.body, p.headers);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ field: "at", id: "eleven", message: expect.stringContaining("at most 10 s") });
    const ten = douyinPush([douyinChat("ten", T0 + 10_000)]);
    expect((await postDouyin(h, ten.body, ten.headers)).status).toBe(200);
  });
});
