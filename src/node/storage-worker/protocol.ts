/** What the request thread and the storage worker say to each other. */
import type { AppConfig } from "../../config/types.js";

export interface StorageWorkerData {
  path: string;
  /** the shops and their rule overrides: the fold needs each shop's rules */
  config: AppConfig;
  /** the WriteLock's SharedArrayBuffer */
  lock: SharedArrayBuffer;
  foldEveryMs: number;
  /** events per fold transaction: the longest the request thread waits for the lock */
  foldBatch: number;
  checkpointEveryMs: number;
}

export type ToWorker = { type: "stop" };
export type FromWorker = { type: "ready" } | { type: "error"; what: string; message: string };
