/** Builds the service context of the Node runtime (also used by tests, the CLI and benches). */
import type { AppConfig } from "../config/types.js";
import { consoleLogger, resolveShops, type FaqProvider, type Logger, type ServiceContext } from "../services/context.js";
import type { Db } from "../store/db.js";
import { runDirectly, type Transact } from "../store/transact.js";

export function createServiceContext(deps: {
  db: Db;
  transact?: Transact;
  config: AppConfig;
  faq: FaqProvider;
  now?: () => number;
  log?: Logger;
}): ServiceContext {
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
    agentsEditable: true,
  };
}
