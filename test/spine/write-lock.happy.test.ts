/**
 * The write lock between the request thread and a worker thread: the request thread waits
 * for the worker's release without blocking its event loop, and takes the lock right after.
 */
import type { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { startModuleWorker } from "../../src/node/ts-worker.js";
import { REQUEST_THREAD, STORAGE_WORKER, WriteLock } from "../../src/node/write-lock.js";

const startHolder = (buffer: SharedArrayBuffer, holdMs: number): Worker => startModuleWorker(new URL("../support/lock-holder.ts", import.meta.url), { buffer, holdMs });

const said = (w: Worker, what: string) => new Promise<void>((resolve) => w.on("message", (m) => m === what && resolve()));

describe("the write lock", () => {
  it("one holder at a time, within a thread", () => {
    const a = new WriteLock(REQUEST_THREAD);
    const b = new WriteLock(STORAGE_WORKER, a.buffer);
    expect(a.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false);
    b.release(); // not b's to release: no effect
    expect(b.tryAcquire()).toBe(false);
    a.release();
    expect(b.tryAcquire()).toBe(true);
    b.breakFor(STORAGE_WORKER);
    expect(a.tryAcquire()).toBe(true);
  });

  it("the request thread waits for a worker's release with its event loop running", async () => {
    const lock = new WriteLock(REQUEST_THREAD);
    const worker = startHolder(lock.buffer, 300);
    await said(worker, "held");
    const heldSeenAt = Date.now();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    await lock.acquire();
    clearInterval(timer);
    // it had to wait out (most of) the worker's 300 ms hold
    expect(Date.now() - heldSeenAt).toBeGreaterThanOrEqual(200);
    expect(ticks).toBeGreaterThan(5); // timers kept firing while it waited
    lock.release();
    await worker.terminate();
  });

  it("a worker blocked on the lock gets it when the request thread releases", async () => {
    const lock = new WriteLock(REQUEST_THREAD);
    expect(lock.tryAcquire()).toBe(true);
    const worker = startHolder(lock.buffer, 0);
    let held = false;
    void said(worker, "held").then(() => (held = true));
    await new Promise((r) => setTimeout(r, 500));
    expect(held).toBe(false);
    lock.release();
    await said(worker, "releasing");
    expect(held).toBe(true);
    await worker.terminate();
  });
});
