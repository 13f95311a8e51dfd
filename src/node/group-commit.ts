/**
 * Group commit for the embedded database. SQLite's cost per message is dominated by the
 * commit, not by the statements; so writes from concurrent requests queue here and run one
 * after another inside a shared transaction, each in its own savepoint (a failing request
 * rolls back only its own work), and every caller is answered only after the COMMIT, so an
 * acknowledged message is on disk (with `durable`, the WAL is fsynced after each COMMIT, in
 * libuv's thread pool, before anyone is answered: database.ts). SQLite has one writer anyway:
 * serialising costs nothing. The fsync is pipelined: while one batch's flush runs, the next
 * batch runs its units and commits, and its callers wait for the flush after (`coalesced`).
 * Reentrant: a unit of work that starts another runs it inline (AsyncLocalStorage).
 *
 * Nothing leaves from inside a unit: whatever a unit wants done once its writes are durable
 * (waking the outbox) is registered with `afterCommit` and runs after the COMMIT, outside any
 * unit, and only if that unit's savepoint survived. Run inline instead, the outbox pass would
 * inherit the "inside" flag, claim the still-uncommitted row inside the open transaction and
 * send it, even when the unit then failed and rolled it back (issue 16).
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
  const durable = options.durable && coalesced(options.durable);
  const stats = { batches: 0, units: 0 };
  const queue: Job[] = [];
  let draining = false;

  /** One shared transaction: the queued units, each in its savepoint, then one COMMIT. */
  async function runBatch(): Promise<void> {
    const outcomes: { job: Job; ok: boolean; value: unknown }[] = [];
    const afterThisCommit: (() => void)[] = [];
    try {
      begin.run();
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
    }
    const settle = () => {
      for (const o of outcomes) (o.ok ? o.job.resolve : o.job.reject)(o.value);
      for (const fn of afterThisCommit) runOutside(fn);
    };
    if (!durable) return settle();
    // the commit's fsync, off this thread, not awaited here: the next batch runs its units
    // meanwhile (SQLite and the event loop are free while the disk flushes), and no caller of
    // this batch hears back, nor does its outbox wake, before its writes are on disk
    durable().then(settle, (err: unknown) => {
      for (const o of outcomes) o.job.reject(err);
    });
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
  };
}

/**
 * One fsync at a time, shared: a caller arriving while none runs starts one; a caller arriving
 * while one runs (it may have begun before this caller's COMMIT reached the file) waits for the
 * next, which starts when the running one ends and serves every caller that arrived meanwhile.
 * So batches committed during a flush share the following one, and are answered in order.
 */
export function coalesced(sync: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const start = () => {
    running = sync().finally(() => {
      running = undefined;
    });
    return running;
  };
  return () => {
    if (!running) return start();
    next ??= running
      .catch(() => undefined)
      .then(() => {
        next = undefined;
        return start();
      });
    return next;
  };
}
