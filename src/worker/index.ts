/**
 * The Cloudflare Workers entry: the same Hono app (createApp), the same services and the same
 * Drizzle queries as on Node. Configured by wrangler.toml at the repository's top.
 *
 * - fetch: a request that belongs to a shop (its webhooks, its agents' and admins' APIs, its
 *   stats) is forwarded to that shop's Durable Object (shop-object.ts), the single writer of
 *   the shop's state; the rest (health, pages, the dashboard's shop list, auth errors) is
 *   answered here by the same app without a database (route.ts says which is which).
 * - scheduled (Cron Trigger, every minute): the coarse safety net under each object's alarm:
 *   every configured shop's object sweeps, delivers, folds and re-arms.
 * Taobao TMC (an outbound WebSocket client) stays on the Node runtime: see docs/workers.md.
 */
import type { ExecutionContext, ScheduledController } from "@cloudflare/workers-types/latest/index.js";
import { errorBody } from "../http/errors.js";
import { frontRuntime, isolateConfig } from "./context.js";
import type { WorkerEnv } from "./env.js";
import { shopOfRequest } from "./route.js";
import { SHOP_HEADER, TICK_PATH } from "./shop-object.js";

export { ShopObject } from "./shop-object.js";
export { webhookShop } from "./route.js";

/** Forwards a request to the shop's object, naming the shop. */
export function toShop(env: WorkerEnv, shop: string, request: Request): Promise<Response> {
  const headers = new Headers(request.headers);
  headers.set(SHOP_HEADER, shop);
  const stub = env.SHOP.get(env.SHOP.idFromName(shop));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return stub.fetch(new Request(request, { headers }) as any) as unknown as Promise<Response>;
}

function logFailure(what: string) {
  return (err: unknown) => console.error(JSON.stringify({ level: "error", msg: `${what} failed`, error: err instanceof Error ? err.message : String(err) }));
}

/** How many shops' objects the cron ticks at once. */
const TICK_CONCURRENCY = 16;

export default {
  async fetch(request: Request, env: WorkerEnv, ectx: ExecutionContext): Promise<Response> {
    let front;
    try {
      front = await frontRuntime(env);
    } catch (err) {
      // a broken deployment (bad FR_CONFIG, missing secret): say so instead of an opaque 500
      console.error(JSON.stringify({ level: "error", msg: "config", error: err instanceof Error ? err.message : String(err) }));
      return Response.json(errorBody("not_configured", err instanceof Error ? err.message : "configuration error"), { status: 500 });
    }
    const shop = await shopOfRequest(front.ctx, request);
    if (shop !== undefined) return toShop(env, shop, request);
    return front.app.fetch(request, env, ectx);
  },

  async scheduled(_controller: ScheduledController, env: WorkerEnv, ectx: ExecutionContext): Promise<void> {
    const run = async () => {
      const ids = (await isolateConfig(env)).shops.map((s) => s.id);
      for (let i = 0; i < ids.length; i += TICK_CONCURRENCY) {
        await Promise.all(
          ids.slice(i, i + TICK_CONCURRENCY).map(async (id) => {
            const res = await toShop(env, id, new Request(`https://shop${TICK_PATH}`, { method: "POST" }));
            await res.text();
          }),
        );
      }
    };
    ectx.waitUntil(run().catch(logFailure("scheduled tick")));
  },
};
