/**
 * Builds the service context of a runtime, the one place for both: Node (src/node/server.ts, also
 * tests, the CLI and benches) and Workers (src/worker/context.ts) fill every field the same way.
 * No node: import here, so it runs in workerd as well.
 */
import type { AppConfig } from "../config/types.js";
import { ShopChanges } from "./changes.js";
import { ContextCache, consoleLogger, resolveShops, type FaqProvider, type Logger, type ServiceContext } from "./context.js";
import type { Db } from "../store/db.js";
import { runDirectly, type Transact } from "../store/transact.js";

/**
 * `changes`: a notifier to share with other contexts of the same shops in this process (each
 * context gets its own otherwise); the cache is always the context's own.
 */
export function createServiceContext(deps: { db: Db; transact?: Transact; config: AppConfig; faq: FaqProvider; now?: () => number; log?: Logger; changes?: ShopChanges }): ServiceContext {
  return {
    db: deps.db,
    transact: deps.transact ?? runDirectly,
    config: deps.config,
    shops: resolveShops(deps.config),
    faq: deps.faq,
    now: deps.now ?? Date.now,
    log: deps.log ?? consoleLogger,
    outboxWritten: () => {},
    afterStore: [],
    // agents added from the dashboard: the Node runtime edits its own shop_agents; the Worker
    // turns this off (its front routes tokens by configuration, src/worker/context.ts)
    agentsEditable: true,
    changes: deps.changes ?? new ShopChanges(),
    cache: new ContextCache(),
  };
}
