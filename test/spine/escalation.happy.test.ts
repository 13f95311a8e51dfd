/** Escalation before a deadline, with an injected clock, posted to group-robot receivers. */
import { afterEach, describe, expect, it } from "vitest";
import { createDeliver } from "../../src/delivery/deliver.js";
import { sweepEscalations } from "../../src/services/escalation.js";
import { deliverDueOutbox } from "../../src/services/outbox.js";
import { buyer, createHarness, shopConfig, T0, type Harness } from "../support/harness.js";
import { startReceiver } from "../support/receiver.js";

let h: Harness | undefined;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  h?.close();
  for (const c of closers.splice(0)) await c();
});

async function withRobots(leadSeconds = 60) {
  const dingtalk = await startReceiver(() => ({ status: 200, body: { errcode: 0, errmsg: "ok" } }));
  const feishu = await startReceiver(() => ({ status: 200, body: { code: 0, msg: "success" } }));
  closers.push(dingtalk.close, feishu.close);
  h = await createHarness({
    shops: [
      await shopConfig("default", {
        escalation: {
          leadSeconds,
          targets: [
            { kind: "dingtalk", url: dingtalk.url },
            { kind: "feishu", url: feishu.url },
          ],
        },
      }),
    ],
  });
  return { dingtalk, feishu };
}

describe("escalation", () => {
  it("fires exactly at deadline minus the lead, once, and reaches DingTalk and Feishu in their shapes", async () => {
    const { dingtalk, feishu } = await withRobots(60);
    await h!.postEvents(buyer("douyin", "d", T0, "我要找你们老板"));
    h!.clock.now = T0 + 119_999;
    expect(await sweepEscalations({ ctx: h!.ctx })).toBe(0);
    h!.clock.now = T0 + 120_000;
    expect(await sweepEscalations({ ctx: h!.ctx })).toBe(1);
    expect(await sweepEscalations({ ctx: h!.ctx })).toBe(0);

    const list = await (await h!.admin("default", "/escalations")).json();
    expect(list.escalations).toHaveLength(1);
    expect(list.escalations[0]).toMatchObject({ conversation: "d", secondsBeforeDeadline: 60, deadlineAt: "2026-01-07T10:03:00+08:00" });
    const queue = await (await h!.admin("default", "/queue")).json();
    expect(queue.chats[0].escalated).toBe(true);

    await deliverDueOutbox({ ctx: h!.ctx, input: { deliver: createDeliver({ fetch, now: () => h!.clock.now }) } });
    const ding = JSON.parse(dingtalk.received[0]!.body);
    expect(ding.msgtype).toBe("text");
    expect(ding.text.content).toContain("还剩 60 秒");
    const fs = JSON.parse(feishu.received[0]!.body);
    expect(fs.msg_type).toBe("text");
    expect(fs.content.text).toContain("抖店");
  });

  it("no escalation for a chat answered in time, nor where no clock runs", async () => {
    await withRobots(60);
    await h!.postEvents(buyer("douyin", "answered", T0, "我要找你们老板"));
    await h!.postEvents({ id: "h1", platform: "douyin", conversation: "answered", at: new Date(T0 + 10_000).toISOString(), from: "human", agent: "a1", text: "在" });
    await h!.postEvents(buyer("douyin", "evening", Date.parse("2026-01-07T19:30:00+08:00"), "我要找你们老板"));
    h!.clock.now = Date.parse("2026-01-07T20:00:00+08:00");
    expect(await sweepEscalations({ ctx: h!.ctx })).toBe(0);
  });

  it("a new round gets its own escalation", async () => {
    await withRobots(60);
    await h!.postEvents(buyer("kuaishou", "k", T0, "我要找你们老板"));
    h!.clock.now = T0 + 240_000;
    expect(await sweepEscalations({ ctx: h!.ctx })).toBe(1);
    await h!.postEvents({ id: "h1", platform: "kuaishou", conversation: "k", at: new Date(T0 + 250_000).toISOString(), from: "human", agent: "a1", text: "在" });
    await h!.postEvents(buyer("kuaishou", "k", T0 + 260_000, "还有个问题"));
    h!.clock.now = T0 + 260_000 + 240_000;
    expect(await sweepEscalations({ ctx: h!.ctx })).toBe(1);
  });

  it("a robot that refuses (errcode ≠ 0) is retried, not counted as delivered", async () => {
    const refusing = await startReceiver(() => ({ status: 200, body: { errcode: 310000, errmsg: "keywords not in content" } }));
    closers.push(refusing.close);
    h = await createHarness({ shops: [await shopConfig("default", { escalation: { leadSeconds: 60, targets: [{ kind: "wecom", url: refusing.url }] } })] });
    await h.postEvents(buyer("taobao", "t", T0, "我要找你们老板"));
    h.clock.now = T0 + 150_000;
    await sweepEscalations({ ctx: h.ctx });
    const round = await deliverDueOutbox({ ctx: h.ctx, input: { deliver: createDeliver({ fetch, now: () => h!.clock.now }) } });
    expect(round).toEqual({ sent: 0, retried: 1, failed: 0 });
  });
});
