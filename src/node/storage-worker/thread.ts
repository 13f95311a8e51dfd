/**
 * The storage worker's thread: on its own connection to the database file it reads what
 * folding the new events into the compliance aggregates takes (the reads and the computing,
 * most of a fold's cost) and checkpoints the WAL. It writes nothing to the tables: each
 * fold's writes go to the request thread as a plan, which applies it in its own group commit
 * (services/compliance.ts, applyFold), so the file keeps one writer and a request never waits
 * for this thread.
 */
import { statSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { ContextCache, resolveShops } from "../../services/context.js";
import { planFold, type FoldPlan } from "../../services/compliance.js";
import * as schema from "../../store/schema/index.js";
import type { Db } from "../../store/db.js";
import { openConnection } from "../database.js";
import type { FromWorker, StorageWorkerData, ToWorker } from "./protocol.js";

const data = workerData as StorageWorkerData;
const port = parentPort!;
const say = (m: FromWorker) => port.postMessage(m);
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

function openOrExit(path: string): ReturnType<typeof openConnection> {
  try {
    return openConnection(path);
  } catch (err) {
    say({ type: "error", what: "opening the database", message: `${path}: ${errorText(err)}` });
    process.exit(1); // ends this thread; the request thread takes the work back
  }
}

const sqlite = openOrExit(data.path);
const begin = sqlite.prepare("BEGIN");
const end = sqlite.prepare("COMMIT");
const ctx = { db: drizzle(sqlite, { schema }) as unknown as Db, shops: resolveShops(data.config), cache: new ContextCache() };

/** A plan read in one read transaction: one consistent snapshot of events and aggregates. */
async function readPlan(): Promise<FoldPlan | undefined> {
  begin.run();
  try {
    return await planFold({ ctx, input: { limit: data.foldEvents, maxConversations: data.foldBatch } });
  } finally {
    end.run();
  }
}

let stopping = false;
let wake: (() => void) | undefined;
let nextId = 0;
const pendingApplies = new Map<number, (outcome: Applied) => void>();
port.on("message", (m: ToWorker) => {
  if (m.type === "applied") {
    pendingApplies.get(m.id)?.(m.failed ? "failed" : m.ok ? "applied" : "moved");
    pendingApplies.delete(m.id);
  } else if (m.type === "stop") {
    stopping = true;
    wake?.();
  }
});
const pause = (ms: number) =>
  new Promise<void>((resolve) => {
    wake = resolve;
    setTimeout(resolve, ms);
  });
type Applied = "applied" | "moved" | "failed";
/** The request thread writes the plan: "moved" if the watermark had moved (plan again). */
const apply = (plan: FoldPlan) =>
  new Promise<Applied>((resolve) => {
    const id = nextId++;
    pendingApplies.set(id, resolve);
    say({ type: "apply", id, plan });
  });

async function foldAll(): Promise<void> {
  while (!stopping) {
    const plan = await readPlan();
    if (!plan) return;
    // a failed write was logged by the request thread; try again next round, not at once
    if ((await apply(plan)) === "failed") return;
    // a backlog of folding must not hold the checkpoints back: the WAL would grow without bound
    checkpointIfDue();
  }
}

function walBytes(): number {
  try {
    return statSync(`${data.path}-wal`).size;
  } catch {
    return 0;
  }
}

let lastCheckpoint = 0;
/**
 * Every checkpointEveryMs, whatever the fold backlog. PASSIVE copies what it can without
 * waiting for (or blocking) the writer; but under steady writes it rarely catches the WAL's
 * end, and SQLite reuses the WAL from its start only once a checkpoint did. So once the WAL
 * outgrows walRestartBytes, a TRUNCATE checkpoint waits for the writer's current commit, copies
 * the rest and empties the file: writers pause for that copy (milliseconds at this size).
 */
function checkpointIfDue(): void {
  if (Date.now() - lastCheckpoint < data.checkpointEveryMs) return;
  try {
    sqlite.pragma(walBytes() > data.walRestartBytes ? "wal_checkpoint(TRUNCATE)" : "wal_checkpoint(PASSIVE)");
  } catch (err) {
    say({ type: "error", what: "WAL checkpoint", message: errorText(err) });
  }
  lastCheckpoint = Date.now();
}

say({ type: "ready" });
for (;;) {
  try {
    await foldAll();
  } catch (err) {
    say({ type: "error", what: "compliance folding", message: errorText(err) });
  }
  checkpointIfDue();
  if (stopping) break;
  await pause(data.foldEveryMs);
}
sqlite.close();
port.close(); // nothing left to keep the thread alive: it exits
