/**
 * Starts and watches the storage worker (thread.ts) from the request thread, and writes the
 * fold plans it sends, each as one unit of the group commit. If the worker fails to start or
 * dies, the request thread takes its work back (`onFailure`): the service keeps exact figures
 * either way, only with the folding on the request thread's CPU again.
 */
import type { AppConfig } from "../../config/types.js";
import { applyFold, type ComplianceContext, type FoldPlan } from "../../services/compliance.js";
import type { Logger } from "../../services/context.js";
import { siblingModule, startModuleWorker } from "../ts-worker.js";
import type { FromWorker, StorageWorkerData, ToWorker } from "./protocol.js";

export interface StorageWorker {
  /** resolves when the worker has opened the database and started folding */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export type StorageWorkerTiming = Pick<StorageWorkerData, "foldEveryMs" | "foldBatch" | "foldEvents" | "checkpointEveryMs" | "walRestartBytes">;

const STORAGE_WORKER_TIMING: StorageWorkerTiming = { foldEveryMs: 200, foldBatch: 32, foldEvents: 512, checkpointEveryMs: 500, walRestartBytes: 16 * 1024 * 1024 };

export function startStorageWorker(deps: {
  path: string;
  config: AppConfig;
  /** the request thread's database and group commit, where the plans are written */
  ctx: Pick<ComplianceContext, "db" | "transact">;
  log: Logger;
  onFailure: () => void;
  /** tests shrink the thresholds to see them at work */
  timing?: Partial<StorageWorkerTiming>;
}): StorageWorker {
  const workerData: StorageWorkerData = { path: deps.path, config: deps.config, ...STORAGE_WORKER_TIMING, ...deps.timing };
  const worker = startModuleWorker(siblingModule("thread", import.meta.url), workerData);
  let stopping = false;
  let failed = false;
  const fail = (reason: string) => {
    if (stopping || failed) return;
    failed = true;
    deps.log.error("storage worker stopped; folding and checkpoints move to the request thread", { reason });
    deps.onFailure();
  };
  const ready = new Promise<void>((resolve) => {
    worker.on("message", (m: FromWorker) => {
      if (m.type === "ready") resolve();
      else if (m.type === "apply") void writePlan(m.id, m.plan);
      else deps.log.error(`${m.what} failed in the storage worker`, { error: m.message });
    });
    // a failed start counts as ready: the request thread has taken the work back
    worker.on("error", (err) => {
      // errors cross threads as clones: a SqliteError arrives with its code but no message
      const { message, code } = err as { message?: string; code?: string };
      fail(message ?? code ?? String(err));
      resolve();
    });
    worker.on("exit", (code) => {
      fail(`exited with code ${code}`);
      resolve();
    });
  });
  const reply = (m: ToWorker) => {
    if (!failed) worker.postMessage(m);
  };
  async function writePlan(id: number, plan: FoldPlan): Promise<void> {
    try {
      reply({ type: "applied", id, ok: await deps.ctx.transact(() => applyFold({ ctx: deps.ctx, input: plan })) });
    } catch (err) {
      deps.log.error("writing folded compliance aggregates failed", { error: err instanceof Error ? err.message : String(err) });
      reply({ type: "applied", id, ok: false, failed: true });
    }
  }
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  return {
    ready,
    async stop() {
      if (failed) return;
      stopping = true;
      worker.postMessage({ type: "stop" } satisfies ToWorker);
      const timer = setTimeout(() => void worker.terminate(), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
