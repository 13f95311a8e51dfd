/** Test helpers for shop Durable Objects inside workerd. */
import { createExecutionContext, env, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import type { DurableObjectNamespace, DurableObjectStub } from "@cloudflare/workers-types/latest/index.js";
import { signGenericBody } from "../../src/core/generic-signature.js";
import type { WorkerEnv } from "../../src/worker/env.js";
import worker from "../../src/worker/index.js";
import type { ShopObject } from "../../src/worker/shop-object.js";

export const SHOP = (env as unknown as { SHOP: DurableObjectNamespace }).SHOP;

let n = 0;
/** A shop object no other test touches (its own empty storage). */
export function freshShopStub(prefix = "t"): DurableObjectStub {
  return SHOP.get(SHOP.idFromName(`${prefix}-${Date.now()}-${++n}`));
}

/** Runs `fn` inside the object, with its instance. */
export function inShop<R>(stub: DurableObjectStub, fn: (obj: ShopObject, state: Parameters<Parameters<typeof runInDurableObject>[1]>[1]) => R | Promise<R>): Promise<R> {
  return runInDurableObject(stub, (instance, state) => fn(instance as ShopObject, state));
}

/** Rows of a query on the object's storage. */
export function shopRows<T = Record<string, unknown>>(stub: DurableObjectStub, query: string, ...params: unknown[]): Promise<T[]> {
  return inShop(stub, (_o, state) => state.storage.sql.exec(query, ...params).toArray() as T[]);
}

/**
 * A request answered inside the object: a body is an I/O object of the context that made it,
 * so the response is read there and handed back as a new Response.
 */
export async function insideShop(stub: DurableObjectStub, answer: () => Response | Promise<Response>): Promise<Response> {
  const r = await inShop(stub, async () => {
    const res = await answer();
    return { status: res.status, headers: [...res.headers.entries()], body: await res.text() };
  });
  return new Response(r.status === 204 || r.status === 304 ? null : r.body, { status: r.status, headers: r.headers });
}

/** Empties every app table of the object (keeps the schema and the migrations record) and its alarm, as a fresh Node file. */
export function wipeShop(stub: DurableObjectStub): Promise<void> {
  return inShop(stub, async (_o, state) => {
    // not the FTS5 index (events_fts and its shadow tables, which only FTS5 may write): the
    // events delete trigger empties it with the events
    const tables = state.storage.sql.exec("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '_cf_%' and name != '__drizzle_migrations' and name not like 'events_fts%'").toArray() as {
      name: string;
    }[];
    for (const { name } of tables) state.storage.sql.exec(`delete from "${name}"`);
    await state.storage.deleteAlarm();
  });
}

let msgN = 0;
/** A generic-webhook event (epoch ms, unique id). */
export function genericEvent(platform: string, conversation: string, at: number, text: string, from = "buyer", extra: Record<string, unknown> = {}) {
  return { id: `w-${Date.now()}-${++msgN}`, platform, conversation, at, from, text, ...extra };
}

/** The admin token of the workers project's config (vitest.config.ts), as a request header. */
export const ADMIN_AUTH = { authorization: "Bearer worker-admin-token" };

export type Fetcher = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * A request to the deployed Worker: its fetch handler (src/worker/index.ts, which forwards a
 * shop's requests to the shop's object through the SHOP binding) called as the runtime calls
 * it, with the test bindings and an execution context whose waitUntil work is awaited.
 *
 * Not `SELF.fetch`: in @cloudflare/vitest-pool-workers 0.15.1 every call through SELF costs
 * more than the one before it in the same file (100 GET /healthz: 0.3 s, then 1.0, 3.0, 5.6,
 * 8.7 s; the same 100 called here: 6–13 ms), so the 660 requests of the 32-message trials took
 * minutes. test/worker/entry.test.ts still drives SELF itself.
 */
export async function workerFetch(url: string, init?: RequestInit): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(url, init), env as unknown as WorkerEnv, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** Posts events (one or an array) to the default shop's generic webhook, signed with the test secret. */
export async function postGeneric(events: unknown, via: Fetcher = workerFetch): Promise<Response> {
  const raw = JSON.stringify(events);
  const sig = await signGenericBody("worker-test-secret", raw, Math.floor(Date.now() / 1000));
  return via("https://fr.example/webhooks/generic/default", { method: "POST", body: raw, headers: { "content-type": "application/json", "x-signature": sig } });
}
