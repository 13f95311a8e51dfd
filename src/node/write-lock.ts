/**
 * One writer at a time across threads. The request thread (its group commit) and the storage
 * worker (compliance folds) write the same SQLite file. SQLite alone would serialise them, but
 * a writer that finds the file locked waits in SQLite's busy handler, sleeping 1, 2, 5, 10 …
 * ms with its thread blocked: on the request thread that is the event loop, every open
 * request stalled. With this lock the request thread waits without blocking
 * (Atomics.waitAsync: it goes on parsing requests, which queue for the next commit) and the
 * worker waits blocking (Atomics.wait: it has nothing else to do).
 *
 * The lock is one Int32 in a SharedArrayBuffer: 0 when free, else the holder's number.
 */
const FREE = 0;
export const REQUEST_THREAD = 1;
export const STORAGE_WORKER = 2;

export class WriteLock {
  readonly buffer: SharedArrayBuffer;
  private readonly cell: Int32Array;

  constructor(
    private readonly holder: number,
    buffer: SharedArrayBuffer = new SharedArrayBuffer(4),
  ) {
    this.buffer = buffer;
    this.cell = new Int32Array(buffer);
  }

  tryAcquire(): boolean {
    return Atomics.compareExchange(this.cell, 0, FREE, this.holder) === FREE;
  }

  /** For the request thread: resolves once held, never blocking the event loop. */
  async acquire(): Promise<void> {
    while (!this.tryAcquire()) {
      const current = Atomics.load(this.cell, 0);
      if (current === FREE) continue;
      // the timeout only bounds a wait whose wake-up was missed; release() notifies
      const wait = Atomics.waitAsync(this.cell, 0, current, 100);
      if (wait.async) await wait.value;
    }
  }

  /** For the worker: blocks its thread until held. */
  acquireBlocking(): void {
    while (!this.tryAcquire()) {
      const current = Atomics.load(this.cell, 0);
      if (current !== FREE) Atomics.wait(this.cell, 0, current, 100);
    }
  }

  release(): void {
    if (Atomics.compareExchange(this.cell, 0, this.holder, FREE) === this.holder) Atomics.notify(this.cell, 0);
  }

  /** Frees the lock if `holder` has it: for a worker that died holding it. */
  breakFor(holder: number): void {
    if (Atomics.compareExchange(this.cell, 0, holder, FREE) === holder) Atomics.notify(this.cell, 0);
  }
}
