/**
 * The durable outbox. Whatever must leave the app (replies to buyers, escalation notices) is
 * first a row here; a worker claims due rows in batches and hands them to the senders.
 * - never twice at once: a claim is one UPDATE … RETURNING, which only one worker can win;
 * - sent concurrently, one lane per conversation: a platform API call takes tens of ms, so
 *   one row at a time would deliver a few dozen replies a second, far behind a busy shop's
 *   auto-answers; within a conversation replies still leave one by one, in order;
 * - after a crash mid-send the lease runs out and the row is tried again, carrying the same
 *   idempotency key (the reply's message id) so the receiver can drop the repeat;
 * - failures stay visible: attempts, last error, and status `failed` once retrying is hopeless.
 */
import { DeliveryError } from "../core/outbound.js";
import type { outbox } from "../store/schema/index.js";
import { statements } from "../store/statements.js";
import type { ServiceContext, Shop } from "./context.js";
import { noteReplyDeliveredLate, noteReplyUndelivered } from "./undelivered.js";

export type OutboxKind = "reply" | "escalation";
export type OutboxRow = typeof outbox.$inferSelect;

export const OUTBOX_POLICY = {
  maxAttempts: 8,
  firstRetryMs: 1_000,
  maxRetryMs: 5 * 60_000,
  leaseMs: 60_000,
};

/** 1 s, 2 s, 4 s … capped: a platform that is down is not hammered. */
export function retryDelayMs(attempts: number): number {
  return Math.min(OUTBOX_POLICY.firstRetryMs * 2 ** Math.max(0, attempts - 1), OUTBOX_POLICY.maxRetryMs);
}

export async function enqueueOutbox({ ctx, input }: { ctx: ServiceContext; input: { shop: string; kind: OutboxKind; destination: string; dedupeKey: string; payload: unknown } }): Promise<void> {
  await statements(ctx.db).insertOutbox.run({ ...input, payload: JSON.stringify(input.payload), now: ctx.now() });
}

/** Delivers one outbox row; throws (DeliveryError for a known failure) to ask for a retry. */
export type Deliver = (row: OutboxRow, shop: Shop) => Promise<void>;

/** Claims up to `limit` due rows, oldest first. */
function claimDue(ctx: ServiceContext, limit: number): Promise<OutboxRow[]> {
  return ctx.transact(async () => {
    const now = ctx.now();
    const rows = await statements(ctx.db).claimOutbox.all({ now, leaseUntil: now + OUTBOX_POLICY.leaseMs, limit });
    return rows.sort((a, b) => a.id - b.id); // RETURNING has no order
  });
}

/** Rows that must leave one after another: a conversation's replies; anything else alone. */
function laneOf(row: OutboxRow): string {
  if (row.kind !== "reply") return `#${row.id}`;
  const { conversation } = JSON.parse(row.payload) as { conversation?: string };
  return `${row.shop}\u0000${row.destination}\u0000${conversation ?? row.id}`;
}

interface Settled {
  outcome: "sent" | "retry" | "failed";
  /** a chat changed with it (a reply undelivered or delivered late): the live feeds are told after the unit */
  chatChanged: boolean;
}

async function settle(ctx: ServiceContext, row: OutboxRow, err: unknown): Promise<Settled> {
  const now = ctx.now();
  const st = statements(ctx.db);
  if (err === undefined) {
    await st.outboxSent.run({ id: row.id, now });
    // only a row that failed before (it still carries its last error) can have put a chat back
    // in front of a person: a reply delivered at its first attempt reads nothing more
    const chatChanged = row.lastErrorReason !== null || row.lastError !== null ? await noteReplyDeliveredLate({ ctx, input: { row } }) : false;
    return { outcome: "sent", chatChanged };
  }
  const message = err instanceof Error ? err.message : String(err);
  const retryable = !(err instanceof DeliveryError) || err.retryable;
  const hopeless = !retryable || row.attempts >= OUTBOX_POLICY.maxAttempts;
  const reason = err instanceof DeliveryError ? err.reason : "other";
  await st.outboxFailedAttempt.run({ id: row.id, status: hopeless ? "failed" : "pending", lastError: message.slice(0, 500), lastErrorReason: reason, nextAttemptAt: now + retryDelayMs(row.attempts) });
  ctx.log.warn(hopeless ? "delivery failed" : "delivery will be retried", { outbox: row.id, kind: row.kind, attempts: row.attempts, error: message });
  // the buyer has no answer yet while the platform's clock runs: a person takes the chat now,
  // in this unit, not after the retries run out (services/undelivered.ts)
  const chatChanged = await noteReplyUndelivered({ ctx, input: { row, hopeless } });
  return { outcome: hopeless ? "failed" : "retry", chatChanged };
}

export interface DeliveryRound {
  sent: number;
  retried: number;
  failed: number;
}

/** Delivers what is due now, up to `limit` rows, `batch` claimed (and in flight) at a time. */
export async function deliverDueOutbox({ ctx, input }: { ctx: ServiceContext; input: { deliver: Deliver; limit?: number; batch?: number } }): Promise<DeliveryRound> {
  const round: DeliveryRound = { sent: 0, retried: 0, failed: 0 };
  const limit = input.limit ?? 500;
  let claimed = 0;
  while (claimed < limit) {
    const rows = await claimDue(ctx, Math.min(input.batch ?? 32, limit - claimed));
    if (rows.length === 0) break;
    claimed += rows.length;
    const lanes = new Map<string, OutboxRow[]>();
    for (const row of rows) {
      const key = laneOf(row);
      const lane = lanes.get(key);
      if (lane) lane.push(row);
      else lanes.set(key, [row]);
    }
    await Promise.all(
      [...lanes.values()].map(async (lane) => {
        for (const row of lane) round[await deliverOne(ctx, input.deliver, row)]++;
      }),
    );
  }
  return round;
}

const OUTCOME_COUNTER = { sent: "sent", retry: "retried", failed: "failed" } as const;

async function deliverOne(ctx: ServiceContext, deliver: Deliver, row: OutboxRow): Promise<keyof DeliveryRound> {
  const shop = ctx.shops.get(row.shop);
  let error: unknown;
  try {
    if (!shop) throw new DeliveryError(`shop ${row.shop} is no longer configured`, false, "shop-removed");
    await deliver(row, shop);
  } catch (err) {
    error = err ?? new Error("delivery failed");
  }
  const settled = await ctx.transact(() => settle(ctx, row, error));
  if (settled.chatChanged) ctx.changes.notify(row.shop);
  return OUTCOME_COUNTER[settled.outcome];
}
