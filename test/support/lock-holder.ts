/**
 * A worker-thread module for the write-lock test: takes the lock blocking, says so, holds it
 * for `holdMs`, releases it, says so. Started through tsx's API like the storage worker.
 */
import { parentPort, workerData } from "node:worker_threads";
import { STORAGE_WORKER, WriteLock } from "../../src/node/write-lock.js";

const { buffer, holdMs } = workerData as { buffer: SharedArrayBuffer; holdMs: number };
const lock = new WriteLock(STORAGE_WORKER, buffer);
lock.acquireBlocking();
parentPort!.postMessage("held");
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, holdMs);
parentPort!.postMessage("releasing");
lock.release();
