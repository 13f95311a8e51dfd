/**
 * The Cloudflare Workers entry: the same Hono app (createApp), the same services and the same
 * Drizzle queries as on Node, on D1. Configured by wrangler.toml at the repository's top.
 *
 * - fetch: every route of the Node app (generic, Douyin and Kuaishou webhooks, agent and
 *   admin APIs). Outbox rows written by a request are delivered right after the response
 *   (waitUntil); then the shop's Durable Object arms its alarm for the next escalation or
 *   retry (exact timing).
 * - scheduled (Cron Trigger, every minute): the coarse safety net: escalation sweep over
 *   every shop, outbox delivery including retries, re-arming the shops' alarms; then folds
 *   new events into the compliance aggregates.
 * Taobao TMC (an outbound WebSocket client) stays on the Node runtime: see docs/workers.md.
 */
import type { ExecutionContext, ScheduledController } from "@cloudflare/workers-types/latest/index.js";
import { errorBody } from "../http/errors.js";
import { syncCompliance } from "../services/compliance.js";
import { sweepEscalations } from "../services/escalation.js";
import { decideMissed } from "../services/ingest.js";
import { isolateRuntime } from "./context.js";
import { armShop, armShopCoalesced, drainOutbox, shopsWithPendingOutbox, shopsWithWork } from "./deadlines.js";
import type { WorkerEnv } from "./env.js";

export { ShopDeadlines } from "./deadlines.js";

/** The shop of a webhook path: /webhooks/<kind>/<shop>. */
export function webhookShop(pathname: string): string | undefined {
  const m = /^\/webhooks\/[^/]+\/([^/]+)\/?$/.exec(pathname);
  return m ? decodeURIComponent(m[1]!) : undefined;
}

async function afterResponse(env: WorkerEnv, kicked: boolean, shop: string | undefined): Promise<void> {
  const rt = await isolateRuntime(env);
  const arm = new Set(shop ? [shop] : []);
  if (kicked) {
    const round = await drainOutbox(rt);
    // a failed send waits for its retry time: let those shops' alarms know (an agent's reply
    // is not a webhook, so its shop would otherwise wait for the next cron minute)
    if (round.retried > 0 && env.DEADLINES) for (const s of await shopsWithPendingOutbox(rt.ctx)) arm.add(s);
  }
  for (const s of arm) if (rt.ctx.shops.has(s)) await armShopCoalesced(env, s);
}

function logFailure(what: string) {
  return (err: unknown) => console.error(JSON.stringify({ level: "error", msg: `${what} failed`, error: err instanceof Error ? err.message : String(err) }));
}

export default {
  async fetch(request: Request, env: WorkerEnv, ectx: ExecutionContext): Promise<Response> {
    let rt;
    try {
      rt = await isolateRuntime(env);
    } catch (err) {
      // a broken deployment (bad FR_CONFIG, missing secret): say so instead of an opaque 500
      console.error(JSON.stringify({ level: "error", msg: "config", error: err instanceof Error ? err.message : String(err) }));
      return Response.json(errorBody("not_configured", err instanceof Error ? err.message : "configuration error"), { status: 500 });
    }
    const before = rt.kicks.n;
    const res = await rt.app.fetch(request, env, ectx);
    const kicked = rt.kicks.n !== before;
    const url = new URL(request.url);
    const shop = env.DEADLINES && request.method === "POST" && res.status < 300 ? webhookShop(url.pathname) : undefined;
    const known = shop !== undefined && rt.ctx.shops.has(shop) ? shop : undefined;
    if (kicked || known) ectx.waitUntil(afterResponse(env, kicked, known).catch(logFailure("after-response delivery")));
    return res;
  },

  async scheduled(_controller: ScheduledController, env: WorkerEnv, ectx: ExecutionContext): Promise<void> {
    const run = async () => {
      const rt = await isolateRuntime(env);
      await sweepEscalations({ ctx: rt.ctx });
      // D1 has no transactions: a Worker that died between storing a message and deciding it
      // left it undecided; an hour back is far enough for a buyer still waiting
      await decideMissed({ ctx: rt.ctx, input: { sinceMs: Date.now() - 3_600_000 } });
      await drainOutbox(rt);
      // re-arm only the shops that have something due (not every configured shop every minute)
      if (env.DEADLINES) for (const id of await shopsWithWork(rt.ctx)) if (rt.ctx.shops.has(id)) await armShop(env, id);
      // the compliance aggregates follow the events (Node folds every 500 ms in-process; a
      // stats request folds what is left first, so figures are exact either way)
      await syncCompliance({ ctx: rt.ctx });
    };
    ectx.waitUntil(run().catch(logFailure("scheduled sweep")));
  },
};
