/**
 * A shop's database on Workers: the SQLite storage of the shop's Durable Object, through
 * drizzle-orm/durable-sqlite (the same schema and queries as better-sqlite3 on Node), migrated
 * from the same db/ files on the object's first use, and a `transact` that makes every unit
 * (a webhook batch, an agent action, a fold, an escalation sweep) one storage transaction.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { DurableObjectStorage } from "@cloudflare/workers-types/latest/index.js";
import { drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import { forDurableObject, type MigrationBundle } from "../store/migrations.js";
import * as schema from "../store/schema/index.js";
import type { Db } from "../store/db.js";
import type { Transact } from "../store/transact.js";

/** Opens the object's storage as the app's Db, applying every migration of `bundle` not yet applied. */
export async function openShopDb(storage: DurableObjectStorage, bundle: MigrationBundle): Promise<Db> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const db = drizzle(storage as any, { schema });
  // drizzle's migrator runs every pending migration in one transactionSync: all or none
  await migrate(db, forDurableObject(bundle));
  return db as unknown as Db;
}

/**
 * Units of work on the object's storage, one at a time, each one storage transaction:
 * `storage.transaction(async …)` rolls the SQLite writes back if the unit throws, across its
 * awaits. The queue keeps units from interleaving: a unit that awaited real I/O must not let a
 * second request's writes slip into its transaction. Reentrant (a fold run by the webhook
 * batch that stored the events joins that batch's unit), known by AsyncLocalStorage
 * (compatibility flag nodejs_als), as on Node's group commit.
 */
export function durableTransact(storage: Pick<DurableObjectStorage, "transaction">): Transact {
  const inside = new AsyncLocalStorage<true>();
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    if (inside.getStore()) return fn();
    const run = tail.then(() => inside.run(true, () => storage.transaction(() => fn())));
    tail = run.catch(() => undefined);
    return run;
  };
}
