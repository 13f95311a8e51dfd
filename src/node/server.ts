/**
 * Wires the Node runtime: database file, FAQ registry, service context, app, HTTP server and
 * background loops. `npm start`, the simulator and the benchmarks all start it this way.
 */
import type { AddressInfo } from "node:net";
import { dirname, join, resolve } from "node:path";
import { serve } from "@hono/node-server";
import type { AppConfig } from "../config/types.js";
import { createDeliver, type ReplySender } from "../delivery/deliver.js";
import type { Platform } from "../core/events.js";
import { createApp } from "../http/app.js";
import type { FaqProvider, Logger, ServiceContext } from "../services/context.js";
import { startBackground } from "./background.js";
import { applyAllStoredAgents } from "../services/agents.js";
import { createServiceContext } from "./context.js";
import { openNodeDatabase } from "./database.js";
import { openFaqRegistry } from "./faq-registry.js";
import { nodeMediaHop } from "./media-hop.js";
import { nativeReplySenders } from "../platforms/registry.js";
import { ALL_INTERFACES, baseUrl } from "./listen.js";
import { startAllTaobaoTmc } from "./tmc/run.js";
import { startStorageWorker, type StorageWorker, type StorageWorkerTiming } from "./storage-worker/index.js";

export interface NodeServerOptions {
  watchFaq?: boolean;
  /** 0 picks a free port (tests, benches) */
  port?: number;
  /** listen address (default: config.host, else 0.0.0.0; `npm start` picks it by src/node/listen.ts) */
  host?: string;
  log?: Logger;
  now?: () => number;
  faq?: FaqProvider;
  replySenders?: Partial<Record<Platform, ReplySender>>;
  /** connect to Taobao TMC for shops with Taobao credentials (default true) */
  taobaoTmc?: boolean;
  /**
   * fold compliance aggregates and checkpoint the WAL in a worker thread (default true; an
   * in-memory database has no file to share, so there it is always this thread)
   */
  storageWorker?: boolean;
  /** the storage worker's intervals and WAL threshold (tests shrink them) */
  storageTiming?: Partial<StorageWorkerTiming>;
}

export interface NodeServer {
  /** where to reach it: the listen address, or this machine's loopback when it listens on all */
  url: string;
  /** the address it listens on */
  host: string;
  port: number;
  ctx: ServiceContext;
  app: ReturnType<typeof createApp>;
  describeShops(): unknown[];
  close(): Promise<void>;
}

export async function startNodeServer(config: AppConfig, options: NodeServerOptions = {}): Promise<NodeServer> {
  const database = openNodeDatabase(config.databaseUrl, { synchronous: config.sqliteSynchronous });
  const registry = options.faq
    ? undefined
    : await openFaqRegistry({
        dir: config.faqDir,
        watch: options.watchFaq ?? false,
        log: options.log ? (line) => options.log!.info(line) : undefined,
        // the last good FAQ beside the database: a restart with broken files serves it
        snapshotPath: config.databaseUrl === ":memory:" ? undefined : join(dirname(resolve(config.databaseUrl)), "faq-snapshot.json"),
      });
  const faq: FaqProvider = options.faq ?? registry!;
  const ctx = createServiceContext({ db: database.db, transact: database.transact, config, faq, now: options.now, log: options.log });
  // agents added, changed or disabled from the dashboard (services/agents.ts)
  await applyAllStoredAgents({ ctx });
  const deliver = createDeliver({ fetch, now: ctx.now, replySenders: { ...nativeReplySenders(fetch, ctx.now), ...options.replySenders } });
  const useWorker = (options.storageWorker ?? true) && config.databaseUrl !== ":memory:";
  const background = startBackground(ctx, deliver, { foldCompliance: !useWorker });
  // the storage worker (or, failing it, the fold loop) keeps the aggregates current: reads never fold
  ctx.foldsInBackground = true;
  let storage: StorageWorker | undefined;
  if (useWorker) {
    database.checkpointHere(false);
    storage = startStorageWorker({
      path: config.databaseUrl,
      config,
      ctx,
      log: ctx.log,
      timing: options.storageTiming,
      onFailure: () => {
        database.checkpointHere(true);
        background.foldHere();
      },
    });
    // not awaited: the worker's start (loading its modules) need not delay serving
  }
  // woken only once the rows are committed: a reply never leaves for a unit that rolls back
  ctx.outboxWritten = () => database.afterCommit(background.outbox.kick);
  const app = createApp(ctx, { mediaHop: nodeMediaHop });
  const tmc = options.taobaoTmc === false ? [] : startAllTaobaoTmc(ctx);

  const host = options.host ?? config.host ?? ALL_INTERFACES;
  const server = await new Promise<ReturnType<typeof serve>>((resolveServer) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? config.port, hostname: host }, () => resolveServer(s));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: baseUrl(host, port),
    host,
    port,
    ctx,
    app,
    describeShops: () =>
      config.shops.map((s) => ({
        id: s.id,
        platforms: s.platforms,
        credentials: Object.keys(s.credentials),
        genericWebhook: !!s.genericWebhookSecret,
        agents: s.agents.map((a) => a.id),
        faqVersion: faq.forShop(s.id)?.version ?? null,
      })),
    async close() {
      ctx.changes.stop(); // end open SSE streams (consoles, dashboards), or close() waits for them
      // close() only drops the keep-alive connections idle at this moment: a console that
      // reconnects over its open connection would hold the server up forever, so keep dropping
      // the idle ones until the last connection is gone
      const sweeper = setInterval(() => (server as import("node:http").Server).closeIdleConnections?.(), 100);
      await new Promise<void>((r) => server.close(() => r()));
      clearInterval(sweeper);
      await Promise.all(tmc.map((t) => t.stop()));
      await background.stop();
      await storage?.stop();
      registry?.close();
      database.close();
    },
  };
}
