/**
 * A reply that does not reach the buyer puts its chat back in front of a person at the first
 * failed attempt, and a later success settles it again (services/undelivered.ts). Real SQLite,
 * real HTTP: the replies go to a local receiver that answers 503, then 200.
 */
import { afterEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { DECISION_REASON_LABELS } from "../../src/core/decision.js";
import { createDeliver } from "../../src/delivery/deliver.js";
import { deliverDueOutbox, retryDelayMs } from "../../src/services/outbox.js";
import { buyer, createHarness, shopConfig, T0, type Harness } from "../support/harness.js";
import { startReceiver } from "../support/receiver.js";

let h: Harness | undefined;
let closeReceiver: (() => Promise<void>) | undefined;
afterEach(async () => {
  h?.close();
  await closeReceiver?.();
});

/** Kuaishou: the bot's answer counts, and every message is timed 300 s from its streak's first. */
const KS_LIMIT_MS = 300_000;

/** A receiver that answers 503 while `down.now`, else 200. */
async function setup() {
  const down = { now: true };
  const receiver = await startReceiver(() => (down.now ? { status: 503, body: { busy: true } } : { status: 200 }));
  closeReceiver = receiver.close;
  h = await createHarness({ shops: [await shopConfig("default", { outboundUrl: `${receiver.url}/replies` })] });
  const deliver = createDeliver({ fetch, now: () => h!.clock.now });
  const run = () => deliverDueOutbox({ ctx: h!.ctx, input: { deliver } });
  return { receiver, down, run };
}

async function chatRow(conversation: string) {
  const [row] = await h!.ctx.db.all<{ id: number; status: string; agent_id: string | null; pending_since: number | null; deadline_at: number | null; suggestion: string | null }>(
    sql`select id, status, agent_id, pending_since, deadline_at, suggestion from chats where conversation = ${conversation}`,
  );
  return row;
}

async function decisionsOf(conversation: string) {
  const res = await h!.admin("default", `/decisions?conversation=${conversation}`);
  expect(res.status).toBe(200);
  return (await res.json()).decisions as Array<{ reason: string; reasonLabel: string; action: string; answer: string | null; message: { text: string | null } }>;
}

describe("a reply that did not reach the buyer", () => {
  it("a bot answer whose delivery fails puts the chat in the queue within one round, with the buyer's own deadline and the answer as suggestion", async () => {
    const { run } = await setup();
    expect((await h!.postEvents(buyer("kuaishou", "k", T0, "什么时候发货"))).status).toBe(200);
    expect(await chatRow("k")).toBeUndefined(); // answered from its first message: no chat to hold
    const heard: string[] = [];
    h!.ctx.changes.listen("default", (what) => heard.push(what));
    h!.clock.now = T0 + 2_000; // the answer left 2 s after the message: the clock kept running
    expect(await run()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(heard).toContain("chats");
    const chat = await chatRow("k");
    expect(chat).toMatchObject({ status: "waiting", agent_id: null, pending_since: T0, deadline_at: T0 + KS_LIMIT_MS, suggestion: "亲,付款后48小时内发货哦" });
    const queue = await (await h!.admin("default", "/queue")).json();
    expect(JSON.stringify(queue)).toContain('"conversation":"k"');
    const [latest] = await decisionsOf("k");
    expect(latest).toMatchObject({ action: "route", reason: "reply-undelivered", answer: "亲,付款后48小时内发货哦", message: { text: "亲,付款后48小时内发货哦" } });
    expect(latest!.reasonLabel).toContain("回复未送达（正在重试）");
    // the dashboard's bot panel lists it beside the routing reasons, not as a routed buyer message
    const bot = await (await h!.admin("default", "/bot?day=2026-01-07")).json();
    expect(bot.answered).toBe(1);
    expect(bot.routed.total).toBe(0);
    expect(bot.routed.byReason).toEqual([{ reason: "reply-undelivered", label: DECISION_REASON_LABELS["reply-undelivered"], count: 1 }]);
    // a second failed attempt changes nothing more
    h!.clock.now = T0 + 2_000 + retryDelayMs(1);
    expect(await run()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await decisionsOf("k")).toHaveLength(2);
    expect((await chatRow("k"))!.status).toBe("waiting");
  });

  it("goes to an online agent, who sees why and the undelivered answer; the retry then succeeds and the chat is answered again", async () => {
    const { run, down, receiver } = await setup();
    expect((await h!.agent("default", "a1", "PUT", "/status", { online: true })).status).toBe(200);
    await h!.postEvents(buyer("kuaishou", "k", T0, "什么时候发货"));
    expect(await run()).toEqual({ sent: 0, retried: 1, failed: 0 });
    const chat = (await chatRow("k"))!;
    expect(chat).toMatchObject({ status: "assigned", agent_id: "a1" });
    const detail = await (await h!.agent("default", "a1", "GET", `/chats/${chat.id}`)).json();
    expect(detail.decision).toMatchObject({ action: "route", reason: "reply-undelivered", label: DECISION_REASON_LABELS["reply-undelivered"] });
    expect(detail.chat.suggestion).toMatchObject({ answer: "亲,付款后48小时内发货哦" });

    down.now = false;
    h!.clock.now = T0 + retryDelayMs(1);
    expect(await run()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(receiver.received).toHaveLength(2);
    expect(await chatRow("k")).toMatchObject({ status: "idle", pending_since: null, deadline_at: null });
    const [latest] = await decisionsOf("k");
    expect(latest!.reason).toBe("reply-delivered-late");
    // the agent's slot is free again
    const mine = await (await h!.agent("default", "a1", "GET", "/chats")).json();
    expect(mine.chats).toHaveLength(0);
  });

  it("a person who replied while it was undelivered keeps the chat when the retry succeeds later", async () => {
    const { run, down } = await setup();
    await h!.agent("default", "a1", "PUT", "/status", { online: true });
    await h!.postEvents(buyer("kuaishou", "k", T0, "什么时候发货"));
    expect(await run()).toEqual({ sent: 0, retried: 1, failed: 0 });
    const { id } = (await chatRow("k"))!;
    h!.clock.now = T0 + 500;
    expect((await h!.agent("default", "a1", "POST", `/chats/${id}/reply`, { text: "亲，今天就给您发出" })).status).toBe(201);
    expect(await chatRow("k")).toMatchObject({ status: "idle", agent_id: "a1" });
    // the agent's reply does not get through either: the buyer's message is still unanswered, and the chat is the agent's
    h!.clock.now = T0 + 600;
    expect(await run()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await chatRow("k")).toMatchObject({ status: "assigned", agent_id: "a1", pending_since: T0, deadline_at: T0 + KS_LIMIT_MS, suggestion: "亲，今天就给您发出" });

    // the bot's answer gets through first: the chat stays with the agent, whose reply is still on its way
    down.now = false;
    h!.clock.now = T0 + retryDelayMs(1);
    expect(await run()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await chatRow("k")).toMatchObject({ status: "assigned", agent_id: "a1", pending_since: T0 });
    const reasons = (await decisionsOf("k")).map((d) => [d.message.text, d.reason]);
    expect(reasons).toEqual([
      ["亲，今天就给您发出", "reply-undelivered"],
      ["亲,付款后48小时内发货哦", "reply-delivered-late"],
      ["什么时候发货", "faq-confident"],
    ]);
    // then the agent's: answered
    h!.clock.now = T0 + 600 + retryDelayMs(1);
    expect(await run()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await chatRow("k")).toMatchObject({ status: "idle", agent_id: "a1", pending_since: null });
  });

  it("an agent's own reply that fails stays with that agent, marked, with the buyer's deadline; delivered later, it is answered again", async () => {
    const { run, down } = await setup();
    await h!.agent("default", "a1", "PUT", "/status", { online: true });
    await h!.agent("default", "a2", "PUT", "/status", { online: true });
    await h!.postEvents(buyer("kuaishou", "k", T0, "这个质量怎么样"));
    const { id, agent_id } = (await chatRow("k"))!;
    h!.clock.now = T0 + 30_000;
    expect((await h!.agent("default", agent_id!, "POST", `/chats/${id}/reply`, { text: "亲，质量有保障，支持七天无理由" })).status).toBe(201);
    expect((await chatRow("k"))!.status).toBe("idle");

    h!.clock.now = T0 + 31_000;
    expect(await run()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await chatRow("k")).toMatchObject({ status: "assigned", agent_id, pending_since: T0, deadline_at: T0 + KS_LIMIT_MS, suggestion: "亲，质量有保障，支持七天无理由" });
    const detail = await (await h!.agent("default", agent_id!, "GET", `/chats/${id}`)).json();
    expect(detail.decision).toMatchObject({ reason: "reply-undelivered" });
    // it is in that agent's own list
    const mine = await (await h!.agent("default", agent_id!, "GET", "/chats")).json();
    expect(mine.chats.map((c: { id: number }) => c.id)).toEqual([id]);

    down.now = false;
    h!.clock.now = T0 + 31_000 + retryDelayMs(1);
    expect(await run()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await chatRow("k")).toMatchObject({ status: "idle", agent_id });
  });
});
