/**
 * Group commit for the embedded database. SQLite's cost per message is dominated by the
 * commit, not by the statements; so writes from concurrent requests queue here and run one
 * after another inside a shared transaction, each in its own savepoint (a failing request
 * rolls back only its own work), and every caller is answered only after the COMMIT, so an
 * acknowledged message is on disk (with `durable`, the WAL is fsynced after each COMMIT, in
 * libuv's thread pool, before anyone is answered: database.ts). SQLite has one writer anyway:
 * serialising costs nothing.
 * Reentrant: a unit of work that starts another runs it inline (AsyncLocalStorage).
 *
 * Nothing leaves from inside a unit: whatever a unit wants done once its writes are durable
 * (waking the outbox) is registered with `afterCommit` and runs after the COMMIT, outside any
 * unit, and only if that unit's savepoint survived. Run inline instead, the outbox pass would
 * inherit the "inside" flag, claim the still-uncommitted row inside the open transaction and
 * send it, even when the unit then failed and rolled it back (issue 16).
 *
 * Nothing is read from inside one either, by anyone outside it: while a batch is open the
 * connection holds its uncommitted writes, and code outside the units runs between their awaits
 * (the last batch's callers and the live feeds they woke, in the same run of microtasks), so a
 * read made then outside every unit runs on a read-only connection that sees the last COMMIT
 * only (`readsElsewhere`, committed-reads.ts).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type BetterSqlite3 from "better-sqlite3";
import type { Transact } from "../store/transact.js";

interface Job {
  fn: () => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/** The unit a piece of code runs in: what it asked to run after its commit. */
interface Unit {
  after: (() => void)[];
}

export interface GroupCommit {
  transact: Transact;
  /**
   * Runs `fn` once the current unit's writes are committed (at once outside a unit); never
   * if the unit rolls back. `fn` runs outside every unit, so the units it starts are new ones.
   */
  afterCommit(fn: () => void): void;
  /**
   * Whether a read made now must not run on this connection: a batch is open (its writes not
   * committed, some perhaps about to be rolled back) and the caller is in none of its units.
   * A unit reads its own writes; with no batch open the connection holds committed data only.
   */
  readsElsewhere(): boolean;
}

export function groupCommit(sqlite: BetterSqlite3.Database, options: { maxBatch?: number; durable?: () => Promise<void> } = {}): GroupCommit {
  const maxBatch = options.maxBatch ?? 200;
  const inside = new AsyncLocalStorage<Unit>();
  // prepared once: exec() would parse these statements again for every unit
  const begin = sqlite.prepare("BEGIN IMMEDIATE");
  const commit = sqlite.prepare("COMMIT");
  const rollback = sqlite.prepare("ROLLBACK");
  const savepoint = sqlite.prepare("SAVEPOINT unit");
  const release = sqlite.prepare("RELEASE unit");
  const rollbackTo = sqlite.prepare("ROLLBACK TO unit");
  const stats = { batches: 0, units: 0 };
  const queue: Job[] = [];
  let draining = false;
  /** from BEGIN to COMMIT or ROLLBACK */
  let open = false;

  /** One shared transaction: the queued units, each in its savepoint, then one COMMIT. */
  async function runBatch(): Promise<void> {
    const outcomes: { job: Job; ok: boolean; value: unknown }[] = [];
    const afterThisCommit: (() => void)[] = [];
    try {
      begin.run();
      open = true;
    } catch (err) {
      // e.g. another process held the file past busy_timeout: these units fail, later ones retry
      for (const job of queue.splice(0, maxBatch)) job.reject(err);
      return;
    }
    stats.batches++;
    // keep taking units that arrive while this transaction is open: one commit for all
    for (let job = queue.shift(); job; job = outcomes.length < maxBatch ? queue.shift() : undefined) {
      stats.units++;
      savepoint.run();
      const unit: Unit = { after: [] };
      try {
        const value = await inside.run(unit, job.fn);
        release.run();
        outcomes.push({ job, ok: true, value });
        afterThisCommit.push(...unit.after);
      } catch (err) {
        rollbackTo.run();
        release.run();
        outcomes.push({ job, ok: false, value: err });
      }
    }
    try {
      commit.run();
    } catch (err) {
      if (sqlite.inTransaction) rollback.run();
      for (const o of outcomes) o.job.reject(err);
      return;
    } finally {
      open = false;
    }
    if (options.durable) {
      // the commit's fsync, off this thread: the event loop keeps reading requests meanwhile
      // (they form the next batch), and no caller hears back before its writes are on disk
      try {
        await options.durable();
      } catch (err) {
        for (const o of outcomes) o.job.reject(err);
        return;
      }
    }
    for (const o of outcomes) (o.ok ? o.job.resolve : o.job.reject)(o.value);
    for (const fn of afterThisCommit) runOutside(fn);
  }

  /** A callback's failure is its own: it must not undo the answers already given. */
  function runOutside(fn: () => void): void {
    inside.exit(() => {
      try {
        fn();
      } catch (err) {
        console.error(JSON.stringify({ level: "error", msg: "after-commit callback failed", error: err instanceof Error ? err.message : String(err) }));
      }
    });
  }

  async function drain(): Promise<void> {
    draining = true;
    try {
      while (queue.length) await runBatch();
    } finally {
      draining = false;
    }
  }

  if (process.env.FR_GROUP_COMMIT_STATS) process.on("exit", () => console.error(`group commit: ${stats.units} units in ${stats.batches} commits`));
  const transact: Transact = <T>(fn: () => Promise<T>): Promise<T> => {
    if (inside.getStore()) return fn();
    return new Promise<T>((resolve, reject) => {
      queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!draining) {
        draining = true;
        // start after pending I/O callbacks, so requests arriving together share a commit
        setImmediate(() => void drain());
      }
    });
  };
  return {
    transact,
    afterCommit(fn) {
      const unit = inside.getStore();
      if (unit) unit.after.push(fn);
      else runOutside(fn);
    },
    readsElsewhere: () => open && !inside.getStore(),
  };
}
