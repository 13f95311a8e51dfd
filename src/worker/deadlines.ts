/**
 * Exact deadlines on Workers, without in-process timers: the shop's Durable Object
 * (shop-object.ts) keeps one alarm set to the shop's next due moment, the earlier of
 *   - the next escalation: an open chat whose clock runs, at deadline − the shop's lead, and
 *   - the next outbox retry (a failed delivery waits 1 s, 2 s, 4 s …, see OUTBOX_POLICY).
 * Here: that moment, and the outbox drainer the object runs after a unit wrote outbox rows.
 */
import { and, eq, inArray, isNotNull, isNull, min, ne, or } from "drizzle-orm";
import { OPEN_STATUSES } from "../services/chats.js";
import { cacheKey, type ServiceContext } from "../services/context.js";
import { deliverDueOutbox, type DeliveryRound } from "../services/outbox.js";
import { chats, outbox } from "../store/schema/index.js";
import type { WorkerRuntime } from "./context.js";

/** The shop's next due moment (epoch ms), or undefined when nothing waits. */
export async function nextWakeAt(ctx: ServiceContext, shopId: string): Promise<number | undefined> {
  const shop = ctx.shops.get(shopId);
  if (!shop) return undefined;
  const [esc] = await ctx.db
    .select({ at: min(chats.deadlineAt) })
    .from(chats)
    .where(and(eq(chats.shop, shopId), inArray(chats.status, [...OPEN_STATUSES]), eq(chats.clockRuns, true), isNotNull(chats.deadlineAt), or(isNull(chats.escalatedFor), ne(chats.escalatedFor, chats.deadlineAt))));
  const [retry] = await ctx.db
    .select({ at: min(outbox.nextAttemptAt) })
    .from(outbox)
    .where(and(eq(outbox.shop, shopId), eq(outbox.status, "pending")));
  const candidates: number[] = [];
  if (esc?.at != null) candidates.push(Number(esc.at) - shop.config.escalation.leadSeconds * 1000);
  if (retry?.at != null) candidates.push(Number(retry.at));
  return candidates.length ? Math.min(...candidates) : undefined;
}

/** Delivers due outbox rows until none is left; one pass at a time per isolate, a kick during a pass runs one more. */
export function createDrainer(rt: WorkerRuntime): () => Promise<DeliveryRound> {
  let running: Promise<DeliveryRound> | undefined;
  let again = false;
  const pass = async (): Promise<DeliveryRound> => {
    const total: DeliveryRound = { sent: 0, retried: 0, failed: 0 };
    do {
      again = false;
      for (let i = 0; i < 10; i++) {
        const r = await deliverDueOutbox({ ctx: rt.ctx, input: { deliver: rt.deliver } });
        total.sent += r.sent;
        total.retried += r.retried;
        total.failed += r.failed;
        if (r.sent + r.retried + r.failed === 0) break;
      }
    } while (again);
    return total;
  };
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = pass().finally(() => {
      running = undefined;
    });
    return running;
  };
}

/** the runtime's drainer, on its service context (one runtime, one context) */
const DRAINER = cacheKey<() => Promise<DeliveryRound>>("worker.outboxDrainer");
export function drainOutbox(rt: WorkerRuntime): Promise<DeliveryRound> {
  const d = rt.ctx.cache.get(DRAINER) ?? rt.ctx.cache.set(DRAINER, createDrainer(rt));
  return d();
}
