/**
 * Exact deadlines on Workers, without in-process timers: one Durable Object per shop holds
 * a single alarm set to the shop's next due moment, which is the earlier of
 *   - the next escalation: an open chat whose clock runs, at deadline − the shop's lead, and
 *   - the next outbox retry (a failed delivery waits 1 s, 2 s, 4 s …, see OUTBOX_POLICY).
 * The Worker arms the object after each webhook (in waitUntil); the alarm sweeps that shop
 * (sweepEscalations, the same service as on Node), delivers the outbox and re-arms itself.
 * The per-minute Cron Trigger stays as the coarse safety net: if an alarm is lost, the cron
 * sweep emits the escalation at most 60 s late, and emits it once (escalations are unique
 * per chat and deadline).
 *
 * Written in the fetch()/alarm() form so it needs no `cloudflare:workers` import.
 */
import { and, eq, inArray, isNotNull, isNull, min, ne, or } from "drizzle-orm";
import type { DurableObjectState } from "@cloudflare/workers-types/latest/index.js";
import { OPEN_STATUSES } from "../services/chats.js";
import type { ServiceContext } from "../services/context.js";
import { sweepEscalations } from "../services/escalation.js";
import { deliverDueOutbox, type DeliveryRound } from "../services/outbox.js";
import { chats, outbox } from "../store/schema/index.js";
import type { WorkerEnv } from "./env.js";
import { isolateRuntime, type WorkerRuntime } from "./context.js";

/** The shop's next due moment (epoch ms), or undefined when nothing waits. */
export async function nextWakeAt(ctx: ServiceContext, shopId: string): Promise<number | undefined> {
  const shop = ctx.shops.get(shopId);
  if (!shop) return undefined;
  const [esc] = await ctx.db
    .select({ at: min(chats.deadlineAt) })
    .from(chats)
    .where(
      and(
        eq(chats.shop, shopId),
        inArray(chats.status, [...OPEN_STATUSES]),
        eq(chats.clockRuns, true),
        isNotNull(chats.deadlineAt),
        or(isNull(chats.escalatedFor), ne(chats.escalatedFor, chats.deadlineAt)),
      ),
    );
  const [retry] = await ctx.db
    .select({ at: min(outbox.nextAttemptAt) })
    .from(outbox)
    .where(and(eq(outbox.shop, shopId), eq(outbox.status, "pending")));
  const candidates: number[] = [];
  if (esc?.at != null) candidates.push(Number(esc.at) - shop.config.escalation.leadSeconds * 1000);
  if (retry?.at != null) candidates.push(Number(retry.at));
  return candidates.length ? Math.min(...candidates) : undefined;
}

/** Shops with outbox rows waiting for a retry. */
export async function shopsWithPendingOutbox(ctx: ServiceContext): Promise<string[]> {
  const rows = await ctx.db.selectDistinct({ shop: outbox.shop }).from(outbox).where(eq(outbox.status, "pending"));
  return rows.map((r) => r.shop);
}

/** Shops that have something due some time: open chats whose clock runs, or outbox rows waiting for a retry. */
export async function shopsWithWork(ctx: ServiceContext): Promise<string[]> {
  const open = await ctx.db
    .selectDistinct({ shop: chats.shop })
    .from(chats)
    .where(and(inArray(chats.status, [...OPEN_STATUSES]), eq(chats.clockRuns, true), isNotNull(chats.deadlineAt)));
  return [...new Set([...open.map((r) => r.shop), ...(await shopsWithPendingOutbox(ctx))])];
}

/** The ServiceContext narrowed to one shop, so a shop's alarm sweeps only its own chats. */
export function forShop(ctx: ServiceContext, shopId: string): ServiceContext {
  const shop = ctx.shops.get(shopId);
  return { ...ctx, shops: new Map(shop ? [[shopId, shop]] : []) };
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

const drainers = new WeakMap<WorkerRuntime, () => Promise<DeliveryRound>>();
export function drainOutbox(rt: WorkerRuntime): Promise<DeliveryRound> {
  let d = drainers.get(rt);
  if (!d) {
    d = createDrainer(rt);
    drainers.set(rt, d);
  }
  return d();
}

/** Asks the shop's Durable Object to (re)arm its alarm; no-op without the binding. */
export async function armShop(env: WorkerEnv, shopId: string): Promise<void> {
  if (!env.DEADLINES) return;
  const stub = env.DEADLINES.get(env.DEADLINES.idFromName(shopId));
  const res = await stub.fetch(`https://deadlines/arm?shop=${encodeURIComponent(shopId)}`, { method: "POST" });
  await res.text();
}

/** At most one arm per shop per this interval in an isolate (a chat falls due a minute or more after it is stored). */
export const ARM_INTERVAL_MS = 1000;

interface Arming {
  running?: Promise<void>;
  /** an arm has started: later requests need one more */
  started: boolean;
  again: boolean;
  last: number;
}
const arming = new Map<string, Arming>();

/**
 * armShop, coalesced per shop within an isolate: at most one arm in flight and one per
 * ARM_INTERVAL_MS; a request whose chat was stored after an arm started gets one more arm
 * after it. Under load a shop is armed about once a second instead of once per message; with
 * the default lead a new chat falls due a minute or more after it is stored, so the alarm is
 * set long before it matters (a message that arrives already overdue is escalated at most
 * ARM_INTERVAL_MS later, or by an alarm already set for an earlier chat).
 */
export function armShopCoalesced(env: WorkerEnv, shopId: string): Promise<void> {
  let s = arming.get(shopId);
  if (!s) arming.set(shopId, (s = { started: false, again: false, last: 0 }));
  const st = s;
  if (st.running) {
    if (st.started) st.again = true;
    return st.running;
  }
  st.running = (async () => {
    try {
      do {
        st.again = false;
        st.started = false;
        const wait = st.last + ARM_INTERVAL_MS - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        st.started = true;
        st.last = Date.now();
        await armShop(env, shopId);
      } while (st.again);
    } finally {
      st.running = undefined;
      st.started = false;
    }
  })();
  return st.running;
}

export class ShopDeadlines {
  constructor(
    private readonly state: DurableObjectState,
    private readonly env: WorkerEnv,
  ) {}

  /** POST /arm?shop=ID: remember the shop and set the alarm to its next due moment if that is earlier. */
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const shop = url.searchParams.get("shop");
    if (url.pathname !== "/arm" || !shop) return new Response("not found", { status: 404 });
    await this.state.storage.put("shop", shop);
    const alarmAt = await this.arm(shop);
    return Response.json({ shop, alarmAt });
  }

  private async arm(shopId: string): Promise<number | null> {
    const rt = await isolateRuntime(this.env);
    const next = await nextWakeAt(rt.ctx, shopId);
    const current = await this.state.storage.getAlarm();
    if (next === undefined) return current;
    if (current === null || next < current) {
      const at = Math.max(next, Date.now());
      await this.state.storage.setAlarm(at);
      return at;
    }
    return current;
  }

  /** The shop's due moment came: escalate what is due, deliver, and set the next alarm. A throw makes the runtime retry the alarm. */
  async alarm(): Promise<void> {
    const shopId = await this.state.storage.get<string>("shop");
    if (!shopId) return;
    const rt = await isolateRuntime(this.env);
    await sweepEscalations({ ctx: forShop(rt.ctx, shopId) });
    await drainOutbox(rt);
    await this.arm(shopId);
  }
}
