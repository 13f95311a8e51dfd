/**
 * The storage worker's thread: folds new events into the compliance aggregates and
 * checkpoints the WAL, on its own connection to the database file, so that neither costs
 * the request thread CPU. Its writes take the shared WriteLock, as the request thread's
 * group commit does, so neither thread ever sleeps in SQLite's busy handler.
 */
import { parentPort, workerData } from "node:worker_threads";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { resolveShops } from "../../services/context.js";
import { syncCompliance, type ComplianceContext } from "../../services/compliance.js";
import * as schema from "../../store/schema/index.js";
import type { Db } from "../../store/db.js";
import type { Transact } from "../../store/transact.js";
import { openConnection } from "../database.js";
import { STORAGE_WORKER, WriteLock } from "../write-lock.js";
import type { FromWorker, StorageWorkerData, ToWorker } from "./protocol.js";

const data = workerData as StorageWorkerData;
const port = parentPort!;
const say = (m: FromWorker) => port.postMessage(m);
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

const sqlite = openOrExit(data.path);
const lock = new WriteLock(STORAGE_WORKER, data.lock);
const begin = sqlite.prepare("BEGIN IMMEDIATE");
const commit = sqlite.prepare("COMMIT");
const rollback = sqlite.prepare("ROLLBACK");

function openOrExit(path: string): ReturnType<typeof openConnection> {
  try {
    return openConnection(path);
  } catch (err) {
    say({ type: "error", what: "opening the database", message: `${path}: ${errorText(err)}` });
    process.exit(1); // ends this thread; the request thread takes the work back
  }
}

/** One fold batch, one transaction, under the lock. */
const transact: Transact = async (fn) => {
  lock.acquireBlocking();
  try {
    begin.run();
    try {
      const value = await fn();
      commit.run();
      return value;
    } catch (err) {
      if (sqlite.inTransaction) rollback.run();
      throw err;
    }
  } finally {
    lock.release();
  }
};

const ctx: ComplianceContext = { db: drizzle(sqlite, { schema }) as unknown as Db, transact, shops: resolveShops(data.config) };

let stopping = false;
let wake: (() => void) | undefined;
port.on("message", (m: ToWorker) => {
  if (m.type === "stop") {
    stopping = true;
    wake?.();
  }
});
const pause = (ms: number) =>
  new Promise<void>((resolve) => {
    wake = resolve;
    setTimeout(resolve, ms);
  });

let lastCheckpoint = 0;
say({ type: "ready" });
for (;;) {
  try {
    await syncCompliance({ ctx, input: { batchSize: data.foldBatch } });
  } catch (err) {
    say({ type: "error", what: "compliance folding", message: errorText(err) });
  }
  if (Date.now() - lastCheckpoint >= data.checkpointEveryMs) {
    try {
      // PASSIVE: copies what it can without waiting for (or blocking) the writer. (This
      // connection's own fold commits also checkpoint at SQLite's default 1,000 pages.)
      sqlite.pragma("wal_checkpoint(PASSIVE)");
    } catch (err) {
      say({ type: "error", what: "WAL checkpoint", message: errorText(err) });
    }
    lastCheckpoint = Date.now();
  }
  if (stopping) break;
  await pause(data.foldEveryMs);
}
sqlite.close();
port.close(); // nothing left to keep the thread alive: it exits
