/**
 * The admin's read-outs of what the system did: decisions (with the message behind each),
 * escalations and deliveries (the outbox), and putting a failed delivery back in line. The routes
 * under /api/admin present these rows; the queries live here, the one layer that owns data access.
 */
import { and, desc, eq, type SQL } from "drizzle-orm";
import { decisions, escalations, events, outbox } from "../store/schema/index.js";
import type { ServiceContext } from "./context.js";
import { notFound } from "./errors.js";

/** How many rows each read-out returns, newest first. */
const DECISIONS_LIMIT = 100;
const LOG_LIMIT = 200;

export const OUTBOX_STATUSES = ["pending", "sending", "sent", "failed"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** Recent decisions of a shop with their message; `conversation` or `message` (a message id) narrow it. */
export async function listDecisions({ ctx, input }: { ctx: ServiceContext; input: { shop: string; conversation?: string; message?: string } }) {
  const conds: SQL[] = [eq(decisions.shop, input.shop)];
  if (input.conversation) conds.push(eq(decisions.conversation, input.conversation));
  if (input.message) conds.push(eq(events.msgId, input.message));
  return ctx.db
    .select({ d: decisions, e: { msgId: events.msgId, at: events.at, text: events.text } })
    .from(decisions)
    .innerJoin(events, eq(events.seq, decisions.eventSeq))
    .where(and(...conds))
    .orderBy(desc(decisions.eventSeq))
    .limit(DECISIONS_LIMIT);
}

/** The latest escalations of a shop (newest first). */
export async function listEscalations({ ctx, input }: { ctx: ServiceContext; input: { shop: string } }) {
  return ctx.db.select().from(escalations).where(eq(escalations.shop, input.shop)).orderBy(desc(escalations.id)).limit(LOG_LIMIT);
}

/** A shop's deliveries (newest first), optionally only those in one status. */
export async function listOutboxItems({ ctx, input }: { ctx: ServiceContext; input: { shop: string; status?: OutboxStatus } }) {
  const where = input.status ? and(eq(outbox.shop, input.shop), eq(outbox.status, input.status)) : eq(outbox.shop, input.shop);
  return ctx.db.select().from(outbox).where(where).orderBy(desc(outbox.id)).limit(LOG_LIMIT);
}

/** Puts a failed delivery back in line (e.g. after fixing the shop's outbound URL) and wakes the sender. */
export async function retryOutboxItem({ ctx, input }: { ctx: ServiceContext; input: { shop: string; id: number } }): Promise<{ id: number }> {
  const [row] = await ctx.db
    .update(outbox)
    .set({ status: "pending", attempts: 0, nextAttemptAt: ctx.now() })
    .where(and(eq(outbox.shop, input.shop), eq(outbox.id, input.id), eq(outbox.status, "failed")))
    .returning({ id: outbox.id });
  if (!row) throw notFound("no failed delivery with that id in this shop");
  ctx.outboxWritten();
  return row;
}
