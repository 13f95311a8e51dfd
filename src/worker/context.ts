/**
 * Builds the same ServiceContext as the Node runtime, from the Worker's bindings. Two kinds:
 *  - a shop's runtime, inside that shop's Durable Object (shop-object.ts): its SQLite storage
 *    through drizzle-orm/durable-sqlite (the same schema and queries as better-sqlite3), a
 *    `transact` that makes each unit one storage transaction, the shop's config and FAQ;
 *  - the front runtime, in the Worker: the same app over every configured shop but no
 *    database, answering what needs none (health, pages, the dashboard's shop list, auth
 *    errors) and telling index.ts which shop's object a request belongs to.
 * The config comes from variables and secrets (configFromEnv, or configFromFile on FR_CONFIG).
 */
import { configFromEnv, configFromFile } from "../config/load.js";
import type { AppConfig } from "../config/types.js";
import { createDeliver } from "../delivery/deliver.js";
import { createApp } from "../http/app.js";
import { nativeReplySenders } from "../platforms/registry.js";
import { consoleLogger, type FaqProvider, type Logger, type ServiceContext } from "../services/context.js";
import type { ShopChanges } from "../services/changes.js";
import { createServiceContext } from "../services/runtime-context.js";
import type { Deliver } from "../services/outbox.js";
import type { Db } from "../store/db.js";
import type { Transact } from "../store/transact.js";
import { stringVars, type WorkerEnv } from "./env.js";
import faqBundle from "./faq-bundle.generated.js";
import { lazyFaqFromBundle } from "./faq.js";

/** The config of this deployment: FR_CONFIG (a config file's text) if set, else the single shop from variables. */
export async function configFromBindings(env: WorkerEnv): Promise<AppConfig> {
  const vars = stringVars(env);
  if (env.FR_CONFIG) return configFromFile(env.FR_CONFIG, "FR_CONFIG", vars);
  return configFromEnv(vars);
}

let cachedConfig: { key: string; config: Promise<AppConfig> } | undefined;
/**
 * The config, read once per isolate. The runtime may hand each request its own env object, so
 * the cache is keyed by the variables' and secrets' values (a changed secret or deploy starts
 * new isolates anyway). A failed read is not cached.
 */
export function isolateConfig(env: WorkerEnv): Promise<AppConfig> {
  const key = JSON.stringify(Object.entries(stringVars(env)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  if (!cachedConfig || cachedConfig.key !== key) {
    const config = configFromBindings(env);
    cachedConfig = { key, config };
    config.catch(() => {
      if (cachedConfig?.config === config) cachedConfig = undefined;
    });
  }
  return cachedConfig.config;
}

let bundledFaq: FaqProvider | undefined;
/**
 * The FAQ compiled at build time; nothing is decoded until a shop asks: the shared matcher is
 * restored from its compact form once per isolate, an overriding shop's built on its first
 * use (lazyFaqFromBundle). The build refuses a FAQ with errors, so there are none to log.
 */
export function bundledFaqProvider(): FaqProvider {
  bundledFaq ??= lazyFaqFromBundle(faqBundle);
  return bundledFaq;
}

export function workerDeliver(ctx: ServiceContext, fetchImpl: typeof fetch = (input, init) => fetch(input, init)): Deliver {
  return createDeliver({ fetch: fetchImpl, now: ctx.now, replySenders: nativeReplySenders(fetchImpl, ctx.now) });
}

export interface WorkerRuntime {
  ctx: ServiceContext;
  app: ReturnType<typeof createApp>;
  deliver: Deliver;
  /** counts ctx.outboxWritten() calls, so a request that wrote outbox rows delivers them after its response */
  kicks: { n: number };
}

export interface ShopRuntimeOptions {
  faq?: FaqProvider;
  now?: () => number;
  log?: Logger;
  fetch?: typeof fetch;
}

/** One shop's runtime on its object's storage: the ServiceContext knows this shop only. */
export function createShopRuntime(deps: { db: Db; transact: Transact; config: AppConfig; shopId: string; changes?: ShopChanges } & ShopRuntimeOptions): WorkerRuntime {
  const config: AppConfig = { ...deps.config, shops: deps.config.shops.filter((s) => s.id === deps.shopId) };
  const ctx = createServiceContext({
    db: deps.db,
    transact: deps.transact,
    config,
    faq: deps.faq ?? bundledFaqProvider(),
    now: deps.now ?? Date.now,
    log: deps.log ?? consoleLogger,
    changes: deps.changes,
  });
  // the front Worker routes an agent token to its shop's object by the configuration
  // (route.ts), so an agent added inside the object could never sign in: managed in the config
  ctx.agentsEditable = false;
  const kicks = { n: 0 };
  ctx.outboxWritten = () => {
    kicks.n++;
  };
  return { ctx, app: createApp(ctx), deliver: workerDeliver(ctx, deps.fetch), kicks };
}

/** The front's Db: every shop's data lives in that shop's object, so a query here is a routing bug. */
const noDatabase = new Proxy({} as Db, {
  get(_t, prop) {
    throw new Error(`the Worker front has no database (db.${String(prop)}): route the request to the shop's Durable Object`);
  },
});

export interface FrontRuntime {
  config: AppConfig;
  app: ReturnType<typeof createApp>;
  ctx: ServiceContext;
}

/** The front: the app over every configured shop, without a database. */
export function createFrontRuntime(config: AppConfig): FrontRuntime {
  const ctx = createServiceContext({ db: noDatabase, config, faq: { forShop: () => undefined }, log: consoleLogger });
  return { config, app: createApp(ctx), ctx };
}

let cachedFront: FrontRuntime | undefined;
/** The front of this isolate. */
export async function frontRuntime(env: WorkerEnv): Promise<FrontRuntime> {
  const config = await isolateConfig(env);
  if (cachedFront?.config !== config) cachedFront = createFrontRuntime(config);
  return cachedFront;
}
