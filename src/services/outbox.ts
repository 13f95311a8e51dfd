/**
 * The durable outbox. Whatever must leave the app (replies to buyers, escalation notices) is
 * first a row here; a worker claims due rows one at a time and hands them to a sender.
 * - never twice at once: a claim is one UPDATE … RETURNING, which only one worker can win;
 * - after a crash mid-send the lease runs out and the row is tried again, carrying the same
 *   idempotency key (the reply's message id) so the receiver can drop the repeat;
 * - failures stay visible: attempts, last error, and status `failed` once retrying is hopeless.
 */
import { DeliveryError } from "../core/outbound.js";
import { outbox } from "../store/schema/index.js";
import { statements } from "../store/statements.js";
import type { ServiceContext, Shop } from "./context.js";

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

export async function enqueueOutbox({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { shop: string; kind: OutboxKind; destination: string; dedupeKey: string; payload: unknown };
}): Promise<void> {
  await statements(ctx.db).insertOutbox.run({ ...input, payload: JSON.stringify(input.payload), now: ctx.now() });
}

/** Delivers one outbox row; throws (DeliveryError for a known failure) to ask for a retry. */
export type Deliver = (row: OutboxRow, shop: Shop) => Promise<void>;

function claimNext(ctx: ServiceContext): Promise<OutboxRow | undefined> {
  return ctx.transact(() => claimNextUnit(ctx));
}

async function claimNextUnit(ctx: ServiceContext): Promise<OutboxRow | undefined> {
  const now = ctx.now();
  const [row] = await statements(ctx.db).claimOutbox.all({ now, leaseUntil: now + OUTBOX_POLICY.leaseMs });
  return row;
}

async function settle(ctx: ServiceContext, row: OutboxRow, err: unknown): Promise<"sent" | "retry" | "failed"> {
  const now = ctx.now();
  const st = statements(ctx.db);
  if (err === undefined) {
    await st.outboxSent.run({ id: row.id, now });
    return "sent";
  }
  const message = err instanceof Error ? err.message : String(err);
  const retryable = !(err instanceof DeliveryError) || err.retryable;
  const hopeless = !retryable || row.attempts >= OUTBOX_POLICY.maxAttempts;
  await st.outboxFailedAttempt.run({ id: row.id, status: hopeless ? "failed" : "pending", lastError: message.slice(0, 500), nextAttemptAt: now + retryDelayMs(row.attempts) });
  ctx.log.warn(hopeless ? "delivery failed" : "delivery will be retried", { outbox: row.id, kind: row.kind, attempts: row.attempts, error: message });
  return hopeless ? "failed" : "retry";
}

export interface DeliveryRound {
  sent: number;
  retried: number;
  failed: number;
}

/** Delivers what is due now, up to `limit` rows. */
export async function deliverDueOutbox({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { deliver: Deliver; limit?: number };
}): Promise<DeliveryRound> {
  const round: DeliveryRound = { sent: 0, retried: 0, failed: 0 };
  for (let i = 0; i < (input.limit ?? 100); i++) {
    const row = await claimNext(ctx);
    if (!row) break;
    const shop = ctx.shops.get(row.shop);
    let error: unknown;
    try {
      if (!shop) throw new DeliveryError(`shop ${row.shop} is no longer configured`, false);
      await input.deliver(row, shop);
    } catch (err) {
      error = err ?? new Error("delivery failed");
    }
    const outcome = await ctx.transact(() => settle(ctx, row, error));
    if (outcome === "sent") round.sent++;
    else if (outcome === "retry") round.retried++;
    else round.failed++;
  }
  return round;
}
