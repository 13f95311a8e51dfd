/** What the request thread and the storage worker say to each other. */
import type { AppConfig } from "../../config/types.js";
import type { FoldPlan } from "../../services/compliance.js";

export interface StorageWorkerData {
  path: string;
  /** the shops and their rule overrides: the fold needs each shop's rules */
  config: AppConfig;
  foldEveryMs: number;
  /** conversations per plan: what sizes the unit the request thread writes for it */
  foldBatch: number;
  /** events per plan at most (many of one conversation are cheap to fold together) */
  foldEvents: number;
  checkpointEveryMs: number;
  /** a WAL larger than this is emptied by a TRUNCATE checkpoint (thread.ts, checkpointIfDue) */
  walRestartBytes: number;
}

/** `ok` false: the watermark had moved, plan again; `failed`: the write failed (logged there) */
export type ToWorker = { type: "stop" } | { type: "applied"; id: number; ok: boolean; failed?: true };
export type FromWorker = { type: "ready" } | { type: "apply"; id: number; plan: FoldPlan } | { type: "error"; what: string; message: string };
