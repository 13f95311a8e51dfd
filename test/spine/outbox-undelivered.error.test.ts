/**
 * Replies that never reach the buyer (services/undelivered.ts): a hopeless failure leaves the
 * chat with a person, marked "回复发送失败"; exhausted retries turn the mark; a bot message that
 * settled nothing (the "正在为您转接…" acknowledgement) changes no chat. Real SQLite, real HTTP.
 */
import { afterEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { DECISION_REASON_LABELS } from "../../src/core/decision.js";
import { createDeliver } from "../../src/delivery/deliver.js";
import { deliverDueOutbox, OUTBOX_POLICY, retryDelayMs } from "../../src/services/outbox.js";
import { buyer, createHarness, shopConfig, T0, type Harness } from "../support/harness.js";
import { startReceiver } from "../support/receiver.js";

let h: Harness | undefined;
let closeReceiver: (() => Promise<void>) | undefined;
afterEach(async () => {
  h?.close();
  await closeReceiver?.();
});

async function setup(status: number) {
  const receiver = await startReceiver(() => ({ status, body: { error: "no" } }));
  closeReceiver = receiver.close;
  h = await createHarness({ shops: [await shopConfig("default", { outboundUrl: `${receiver.url}/replies` })] });
  const deliver = createDeliver({ fetch, now: () => h!.clock.now });
  return { receiver, run: () => deliverDueOutbox({ ctx: h!.ctx, input: { deliver } }) };
}

async function chatOf(conversation: string) {
  const [row] = await h!.ctx.db.all<{ id: number; status: string; agent_id: string | null; pending_since: number | null; suggestion: string | null }>(
    sql`select id, status, agent_id, pending_since, suggestion from chats where conversation = ${conversation}`,
  );
  return row;
}

async function latestReason(conversation: string) {
  const body = await (await h!.admin("default", `/decisions?conversation=${conversation}`)).json();
  return body.decisions[0] as { reason: string; reasonLabel: string };
}

describe("a reply that never reaches the buyer", () => {
  it("a hopeless failure (4xx: not retryable) stays with a person, marked 回复发送失败, and shows on the chat", async () => {
    const { run } = await setup(400);
    await h!.agent("default", "a1", "PUT", "/status", { online: true });
    await h!.postEvents(buyer("kuaishou", "k", T0, "什么时候发货"));
    expect(await run()).toEqual({ sent: 0, retried: 0, failed: 1 });
    const chat = (await chatOf("k"))!;
    expect(chat).toMatchObject({ status: "assigned", agent_id: "a1", pending_since: T0, suggestion: "亲,付款后48小时内发货哦" });
    expect(await latestReason("k")).toEqual(expect.objectContaining({ reason: "reply-failed", reasonLabel: DECISION_REASON_LABELS["reply-failed"] }));
    expect(DECISION_REASON_LABELS["reply-failed"]).toContain("回复发送失败");
    const detail = await (await h!.agent("default", "a1", "GET", `/chats/${chat.id}`)).json();
    expect(detail.decision).toMatchObject({ reason: "reply-failed" });
    // the owner sees it among the failed deliveries too
    const failed = await (await h!.admin("default", "/outbox?status=failed")).json();
    expect(failed.items).toHaveLength(1);
  });

  it("without an outbound URL the answer fails at once and the chat waits in the queue for a person", async () => {
    h = await createHarness();
    const deliver = createDeliver({ fetch, now: () => h!.clock.now });
    await h.postEvents(buyer("kuaishou", "k", T0, "什么时候发货"));
    expect(await deliverDueOutbox({ ctx: h.ctx, input: { deliver } })).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(await chatOf("k")).toMatchObject({ status: "waiting", pending_since: T0 });
    expect((await latestReason("k")).reason).toBe("reply-failed");
  });

  it("retries that run out turn 回复未送达 into 回复发送失败; the chat stays with the person", async () => {
    const { run, receiver } = await setup(503);
    await h!.postEvents(buyer("kuaishou", "k", T0, "什么时候发货"));
    for (let attempt = 1; attempt < OUTBOX_POLICY.maxAttempts; attempt++) {
      expect(await run()).toEqual({ sent: 0, retried: 1, failed: 0 });
      expect((await latestReason("k")).reason).toBe("reply-undelivered");
      h!.clock.now += retryDelayMs(attempt);
    }
    expect(await run()).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(receiver.received).toHaveLength(OUTBOX_POLICY.maxAttempts);
    expect((await latestReason("k")).reason).toBe("reply-failed");
    expect(await chatOf("k")).toMatchObject({ status: "waiting", pending_since: T0 });
  });

  it("an acknowledgement that fails changes nothing: the chat was already waiting for a person, with its own suggestion", async () => {
    const { run } = await setup(400);
    await h!.postEvents(buyer("kuaishou", "k", T0, "我要找你们老板"));
    const before = (await chatOf("k"))!;
    expect(before).toMatchObject({ status: "waiting", pending_since: T0 });
    expect(await run()).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(await chatOf("k")).toEqual(before);
    expect((await latestReason("k")).reason).toBe("human-requested");
  });
});
