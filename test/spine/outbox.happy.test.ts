/** Delivery through the durable outbox to a real local HTTP receiver. */
import { afterEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createHmac } from "node:crypto";
import { createDeliver } from "../../src/delivery/deliver.js";
import { deliverDueOutbox, retryDelayMs, type Deliver } from "../../src/services/outbox.js";
import { buyer, createHarness, shopConfig, T0, type Harness } from "../support/harness.js";
import { startReceiver } from "../support/receiver.js";

let h: Harness | undefined;
let closeReceiver: (() => Promise<void>) | undefined;
afterEach(async () => {
  h?.close();
  await closeReceiver?.();
});

async function setup(answer: Parameters<typeof startReceiver>[0]) {
  const receiver = await startReceiver(answer);
  closeReceiver = receiver.close;
  h = await createHarness({ shops: [await shopConfig("default", { outboundUrl: `${receiver.url}/replies`, outboundSecret: "out-secret" })] });
  const deliver = createDeliver({ fetch, now: () => h!.clock.now });
  const run = () => deliverDueOutbox({ ctx: h!.ctx, input: { deliver } });
  const rows = () => h!.ctx.db.all<{ status: string; attempts: number; last_error: string | null; next_attempt_at: number }>(sql`select status, attempts, last_error, next_attempt_at from outbox`);
  return { receiver, run, rows };
}

describe("outbox", () => {
  it("delivers an auto-answer once, signed, with the reply id as idempotency key", async () => {
    const { receiver, run, rows } = await setup(() => ({ status: 200 }));
    await h!.postEvents(buyer("kuaishou", "k", T0, "什么时候发货"));
    expect(await run()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await run()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(receiver.received).toHaveLength(1);
    const [r] = receiver.received;
    const body = JSON.parse(r!.body);
    expect(body).toMatchObject({ platform: "kuaishou", conversation: "k", text: "亲,付款后48小时内发货哦", source: { from: "bot" } });
    expect(r!.headers["idempotency-key"]).toBe(body.id);
    const t = Math.floor(T0 / 1000);
    expect(r!.headers["x-signature"]).toBe(`t=${t},v1=${createHmac("sha256", "out-secret").update(`${t}.${r!.body}`).digest("hex")}`);
    expect((await rows())[0]).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("retries a failing receiver with exponential backoff, then delivers", async () => {
    const { receiver, run, rows } = await setup((_r, n) => (n <= 2 ? { status: 503, body: { busy: true } } : { status: 200 }));
    await h!.postEvents(buyer("kuaishou", "k", T0, "什么时候发货"));
    expect(await run()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect((await rows())[0]).toMatchObject({ status: "pending", attempts: 1, next_attempt_at: T0 + retryDelayMs(1) });
    expect(await run()).toEqual({ sent: 0, retried: 0, failed: 0 }); // not due yet
    h!.clock.now = T0 + 1000;
    expect(await run()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect((await rows())[0]!.next_attempt_at).toBe(T0 + 1000 + 2000);
    h!.clock.now = T0 + 3000;
    expect(await run()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers["idempotency-key"])).size).toBe(1);
  });

  it("sends different conversations at once, one conversation's replies one by one and in order", async () => {
    await setup(() => ({ status: 200 }));
    const asked: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (let c = 0; c < 8; c++) {
        // three different questions: the same answer twice in a conversation would be a repeat
        const e = buyer("kuaishou", `c${c}`, T0 + round * 1000, ["什么时候发货", "包邮吗", "能开发票吗"][round]!, { id: `c${c}-q${round}` });
        asked.push(e.id);
        await h!.postEvents(e);
      }
    }
    let inFlight = 0;
    let mostInFlight = 0;
    const perConversation = new Map<string, { now: number; most: number; order: string[] }>();
    const deliver: Deliver = async (row) => {
      const reply = JSON.parse(row.payload) as { conversation: string; inReplyTo: string };
      const c = perConversation.get(reply.conversation) ?? { now: 0, most: 0, order: [] };
      perConversation.set(reply.conversation, c);
      inFlight++;
      c.now++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      c.most = Math.max(c.most, c.now);
      await new Promise((r) => setTimeout(r, 5));
      c.order.push(reply.inReplyTo);
      c.now--;
      inFlight--;
    };
    expect(await deliverDueOutbox({ ctx: h!.ctx, input: { deliver } })).toEqual({ sent: 24, retried: 0, failed: 0 });
    expect(mostInFlight).toBe(8);
    for (let c = 0; c < 8; c++) {
      expect(perConversation.get(`c${c}`)).toEqual({ now: 0, most: 1, order: [`c${c}-q0`, `c${c}-q1`, `c${c}-q2`] });
    }
  });

  it("never sends one item twice when two workers run at once", async () => {
    const { receiver, run } = await setup(() => ({ status: 200 }));
    for (let i = 0; i < 10; i++) await h!.postEvents(buyer("kuaishou", `k${i}`, T0, "什么时候发货"));
    const rounds = await Promise.all([run(), run(), run()]);
    expect(rounds.reduce((n, r) => n + r.sent, 0)).toBe(10);
    expect(receiver.received).toHaveLength(10);
    expect(new Set(receiver.received.map((r) => r.headers["idempotency-key"])).size).toBe(10);
  });

  it("a 4xx is hopeless: failed at once, visible to the admin, and can be retried by hand", async () => {
    let reject = true;
    const { run } = await setup(() => (reject ? { status: 400, body: { error: "bad conversation" } } : { status: 200 }));
    await h!.postEvents(buyer("kuaishou", "k", T0, "什么时候发货"));
    expect(await run()).toEqual({ sent: 0, retried: 0, failed: 1 });
    const failed = await (await h!.admin("default", "/outbox?status=failed")).json();
    expect(failed.items).toHaveLength(1);
    expect(failed.items[0].lastError).toContain("400");
    expect(failed.items[0].reason).toBe("rejected");
    reject = false;
    expect((await h!.admin("default", `/outbox/${failed.items[0].id}/retry`, { method: "POST" })).status).toBe(200);
    expect(await run()).toEqual({ sent: 1, retried: 0, failed: 0 });
  });

  it("a claimed item whose worker died is taken again after its lease", async () => {
    const { receiver, run } = await setup(() => ({ status: 200 }));
    await h!.postEvents(buyer("kuaishou", "k", T0, "什么时候发货"));
    await h!.ctx.db.run(sql`update outbox set status = 'sending', lease_until = ${T0 + 60_000}`);
    expect(await run()).toEqual({ sent: 0, retried: 0, failed: 0 });
    h!.clock.now = T0 + 60_001;
    expect(await run()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(receiver.received).toHaveLength(1);
  });

  it("without an outbound URL a reply fails visibly instead of vanishing", async () => {
    h = await createHarness();
    const deliver = createDeliver({ fetch, now: () => h!.clock.now });
    await h.postEvents(buyer("kuaishou", "k", T0, "什么时候发货"));
    expect(await deliverDueOutbox({ ctx: h.ctx, input: { deliver } })).toEqual({ sent: 0, retried: 0, failed: 1 });
    const [row] = await h.ctx.db.all<{ last_error: string; last_error_reason: string }>(sql`select last_error, last_error_reason from outbox`);
    expect(row!.last_error).toContain("no outbound URL");
    // the owner reads why, in Chinese, beside the failed reply (labels.ts DELIVERY_FAILURE_LABELS)
    expect(row!.last_error_reason).toBe("no-destination");
    const failed = await (await h.admin("default", "/outbox?status=failed")).json();
    expect(failed.items[0]).toMatchObject({ reason: "no-destination" });
  });
});
