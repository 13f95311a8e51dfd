/**
 * One Durable Object per shop (`SHOP.idFromName(shop)`): the single writer of that shop's
 * state. Its SQLite storage holds every table of db/ for this shop (migrated on first use);
 * it runs the same Hono app and services as Node over that storage, and each unit (a webhook
 * batch, an agent action, a fold, an escalation sweep, an outbox claim or settlement) is one
 * storage transaction, queued one after another: Node's serialised-unit semantics on
 * Cloudflare's engine. The Worker (index.ts) forwards each webhook, agent, admin and stats
 * request of the shop here with the shop's id in SHOP_HEADER.
 *
 * The object also keeps the shop's time: one alarm at the earlier of the next escalation
 * (deadline − lead) and the next outbox retry (deadlines.ts). After a request that wrote, it
 * delivers new outbox rows, folds the new events into the compliance aggregates and re-arms;
 * the alarm (and the cron's tick) sweeps escalations, delivers, folds and re-arms.
 *
 * Written in the fetch()/alarm() form so it needs no `cloudflare:workers` import.
 */
import type { DurableObjectState } from "@cloudflare/workers-types/latest/index.js";
import type { AppConfig } from "../config/types.js";
import { errorBody } from "../http/errors.js";
import { ShopChanges } from "../services/changes.js";
import { syncCompliance } from "../services/compliance.js";
import { sweepEscalations } from "../services/escalation.js";
import type { Transact } from "../store/transact.js";
import { createShopRuntime, isolateConfig, type ShopRuntimeOptions, type WorkerRuntime } from "./context.js";
import { drainOutbox, nextWakeAt } from "./deadlines.js";
import type { WorkerEnv } from "./env.js";
import migrations from "./migrations.generated.js";
import { durableTransact, openShopDb } from "./shop-db.js";

/** The shop's id on a request forwarded by the Worker (the object is reachable only through its binding). */
export const SHOP_HEADER = "x-fr-shop";
/** The cron's per-minute tick of a shop: sweep, deliver, fold, re-arm (the safety net under the alarm). */
export const TICK_PATH = "/_shop/tick";

/** How soon after a write the new events are folded into the compliance aggregates (Node: every 500 ms). */
export const FOLD_DELAY_MS = 500;

export interface ShopOpenOptions extends ShopRuntimeOptions {
  /** the deployment's config (default: from the bindings, as the Worker reads it) */
  config?: AppConfig;
}

export class ShopObject {
  private readonly transact: Transact;
  private runtime: { shopId: string; rt: Promise<WorkerRuntime> } | undefined;
  private folding: Promise<unknown> | undefined;
  private foldTimer: ReturnType<typeof setTimeout> | undefined;
  private remembered: string | undefined;
  /** one notifier for every runtime this object builds: a stream opened before a rebuild still hears the shop's changes */
  private readonly changes = new ShopChanges();

  constructor(
    private readonly state: DurableObjectState,
    private readonly env: WorkerEnv,
  ) {
    this.transact = durableTransact(state.storage);
  }

  /**
   * The shop's runtime, built once per activation: storage migrated from db/, the config, the
   * FAQ. Tests pass options (a clock, a FAQ, a config) to build it afresh with them.
   */
  open(shopId: string, options?: ShopOpenOptions): Promise<WorkerRuntime> {
    if (!options && this.runtime?.shopId === shopId) return this.runtime.rt;
    const rt = (async () => {
      const [db, config] = await Promise.all([openShopDb(this.state.storage, migrations), options?.config ?? isolateConfig(this.env)]);
      return createShopRuntime({ db, transact: this.transact, config, shopId, changes: this.changes, ...options });
    })();
    this.runtime = { shopId, rt };
    rt.catch(() => {
      if (this.runtime?.rt === rt) this.runtime = undefined;
    });
    return rt;
  }

  async fetch(request: Request): Promise<Response> {
    const shopId = request.headers.get(SHOP_HEADER) ?? (await this.state.storage.get<string>("shop"));
    if (!shopId) return Response.json(errorBody("bad_request", `a shop object is reached through the Worker, which names the shop in ${SHOP_HEADER}`), { status: 400 });
    if (this.remembered !== shopId) {
      // the alarm has no request to name the shop: remember it
      await this.state.storage.put("shop", shopId);
      this.remembered = shopId;
    }
    let rt: WorkerRuntime;
    try {
      rt = await this.open(shopId);
    } catch (err) {
      console.error(JSON.stringify({ level: "error", msg: "shop object start", shop: shopId, error: err instanceof Error ? err.message : String(err) }));
      return Response.json(errorBody("not_configured", err instanceof Error ? err.message : "configuration error"), { status: 500 });
    }
    if (new URL(request.url).pathname === TICK_PATH) {
      await this.tick(rt);
      return Response.json({ ok: true, alarmAt: await this.state.storage.getAlarm() });
    }
    const before = rt.kicks.n;
    const res = await rt.app.fetch(request, this.env);
    if (request.method !== "GET" && request.method !== "HEAD") {
      // after the response is built, not before: the unit is committed and acknowledged
      if (rt.kicks.n !== before)
        void drainOutbox(rt)
          .then(() => this.arm(rt))
          .catch(logFailure("outbox delivery", shopId));
      this.foldSoon(rt);
      await this.arm(rt);
    }
    return res;
  }

  /** The shop's due moment came: escalate what is due, deliver, fold, and set the next alarm. A throw makes the runtime retry the alarm. */
  async alarm(): Promise<void> {
    const shopId = this.remembered ?? (await this.state.storage.get<string>("shop"));
    if (!shopId) return;
    await this.tick(await this.open(shopId));
  }

  private async tick(rt: WorkerRuntime): Promise<void> {
    await sweepEscalations({ ctx: rt.ctx });
    await drainOutbox(rt);
    await this.fold(rt);
    await this.arm(rt);
  }

  /**
   * The compliance aggregates follow the events within FOLD_DELAY_MS, off the webhook's path,
   * as on Node (a stats request folds whatever is left first, so figures are always exact).
   * One fold per delay however many requests wrote: a burst does not fold after every message.
   */
  private foldSoon(rt: WorkerRuntime): void {
    if (this.foldTimer !== undefined) return;
    this.foldTimer = setTimeout(() => {
      this.foldTimer = undefined;
      void this.fold(rt).catch(logFailure("compliance folding", [...rt.ctx.shops.keys()].join()));
    }, FOLD_DELAY_MS);
  }

  /** Folds new events; one fold at a time (it loops until nothing is left, so a kick meanwhile is covered). */
  private fold(rt: WorkerRuntime): Promise<unknown> {
    this.folding ??= syncCompliance({ ctx: rt.ctx }).finally(() => {
      this.folding = undefined;
    });
    return this.folding;
  }

  /**
   * Sets the alarm to the shop's next due moment if that is earlier than the one set. The
   * moment is on the shop's clock (ctx.now, injected in tests), the alarm on the runtime's.
   */
  private async arm(rt: WorkerRuntime): Promise<void> {
    const [shopId] = rt.ctx.shops.keys();
    if (shopId === undefined) return;
    const next = await nextWakeAt(rt.ctx, shopId);
    if (next === undefined) return;
    const at = Date.now() + Math.max(0, next - rt.ctx.now());
    const current = await this.state.storage.getAlarm();
    if (current === null || at < current) await this.state.storage.setAlarm(at);
  }
}

function logFailure(what: string, shop: string) {
  return (err: unknown) => console.error(JSON.stringify({ level: "error", msg: `${what} failed`, shop, error: err instanceof Error ? err.message : String(err) }));
}
