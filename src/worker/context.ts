/**
 * Builds the same ServiceContext as the Node runtime, from the Worker's bindings: D1 through
 * drizzle-orm/d1 (the same schema and queries as better-sqlite3), the config from variables
 * and secrets (configFromEnv, or configFromFile on FR_CONFIG), the FAQ from the bundle.
 */
import { drizzle } from "drizzle-orm/d1";
import { configFromEnv, configFromFile } from "../config/load.js";
import type { AppConfig } from "../config/types.js";
import { createDeliver } from "../delivery/deliver.js";
import { createApp } from "../http/app.js";
import { nativeReplySenders } from "../platforms/kuaishou-sender.js";
// createServiceContext has no node: import despite its folder: it fills every field the same
// way for both runtimes (transact defaults to running a unit directly, as D1 requires)
import { createServiceContext } from "../node/context.js";
import { consoleLogger, type FaqProvider, type Logger, type ServiceContext } from "../services/context.js";
import type { Deliver } from "../services/outbox.js";
import * as schema from "../store/schema/index.js";
import type { Db } from "../store/db.js";
import { stringVars, type WorkerEnv } from "./env.js";
import faqBundle from "./faq-bundle.generated.js";
import { faqFromBundle } from "./faq.js";

/** The config of this deployment: FR_CONFIG (a config file's text) if set, else the single shop from variables. */
export async function configFromBindings(env: WorkerEnv): Promise<AppConfig> {
  const vars = stringVars(env);
  if (env.FR_CONFIG) return configFromFile(env.FR_CONFIG, "FR_CONFIG", vars);
  return configFromEnv(vars);
}

let bundledFaq: FaqProvider | undefined;
/** The FAQ bundled at build time, parsed once per isolate. */
export function bundledFaqProvider(log: Logger = consoleLogger): FaqProvider {
  if (!bundledFaq) {
    const faq = faqFromBundle(faqBundle);
    // the build refuses a FAQ with errors; a hand-edited bundle still serves its valid entries, as Node does on first load
    for (const e of faq.errors) log.error("faq error", { file: e.file, line: e.line, message: e.message });
    bundledFaq = faq;
  }
  return bundledFaq;
}

export interface WorkerContextOptions {
  config?: AppConfig;
  faq?: FaqProvider;
  now?: () => number;
  log?: Logger;
  fetch?: typeof fetch;
}

export function workerDb(env: WorkerEnv): Db {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return drizzle(env.DB as any, { schema }) as unknown as Db;
}

export async function createWorkerContext(env: WorkerEnv, options: WorkerContextOptions = {}): Promise<ServiceContext> {
  const config = options.config ?? (await configFromBindings(env));
  return createServiceContext({
    db: workerDb(env),
    config,
    faq: options.faq ?? bundledFaqProvider(options.log),
    now: options.now ?? Date.now,
    log: options.log ?? consoleLogger,
  });
}

export function workerDeliver(ctx: ServiceContext, fetchImpl: typeof fetch = (input, init) => fetch(input, init)): Deliver {
  return createDeliver({ fetch: fetchImpl, now: ctx.now, replySenders: nativeReplySenders(fetchImpl, ctx.now) });
}

export interface WorkerRuntime {
  ctx: ServiceContext;
  app: ReturnType<typeof createApp>;
  deliver: Deliver;
  /** counts ctx.outboxWritten() calls, so a request that wrote outbox rows delivers them in waitUntil */
  kicks: { n: number };
}

export async function createWorkerRuntime(env: WorkerEnv, options: WorkerContextOptions = {}): Promise<WorkerRuntime> {
  const ctx = await createWorkerContext(env, options);
  const kicks = { n: 0 };
  ctx.outboxWritten = () => {
    kicks.n++;
  };
  return { ctx, app: createApp(ctx), deliver: workerDeliver(ctx, options.fetch), kicks };
}

let cached: { key: string; runtime: Promise<WorkerRuntime> } | undefined;
/**
 * One runtime per isolate. The runtime may hand each request its own env object, so the cache
 * is keyed by the variables' and secrets' values (a changed secret or deploy starts new isolates
 * anyway); bindings such as DB are the same resources whichever request's object holds them.
 * A failed build is not cached.
 */
export function isolateRuntime(env: WorkerEnv): Promise<WorkerRuntime> {
  const key = JSON.stringify(Object.entries(stringVars(env)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  if (!cached || cached.key !== key) {
    const runtime = createWorkerRuntime(env);
    cached = { key, runtime };
    runtime.catch(() => {
      if (cached?.runtime === runtime) cached = undefined;
    });
  }
  return cached.runtime;
}
