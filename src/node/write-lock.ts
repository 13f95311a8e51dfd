/**
 * One writer at a time across threads. The request thread (its group commit) and the storage
 * worker (compliance folds) write the same SQLite file. SQLite alone would serialise them, but
 * a writer that finds the file locked waits in SQLite's busy handler, sleeping 1, 2, 5, 10 …
 * ms with its thread blocked: on the request thread that is the event loop, every open
 * request stalled. With this lock the request thread waits without blocking
 * (Atomics.waitAsync: it goes on parsing requests, which queue for the next commit) and the
 * worker waits blocking (Atomics.wait: it has nothing else to do).
 *
 * The lock is two Int32s in a SharedArrayBuffer: the holder's number (0 when free) and how
 * many threads wait for it. Release wakes waiters only when there are some: Atomics.notify
 * is not free (it measured ~5% of the request thread at full ingest when called on every commit).
 */
const FREE = 0;
/** the cells */
const HOLDER = 0;
const WAITERS = 1;
export const REQUEST_THREAD = 1;
export const STORAGE_WORKER = 2;

export class WriteLock {
  readonly buffer: SharedArrayBuffer;
  private readonly cell: Int32Array;

  constructor(
    private readonly holder: number,
    buffer: SharedArrayBuffer = new SharedArrayBuffer(8),
  ) {
    this.buffer = buffer;
    this.cell = new Int32Array(buffer);
  }

  tryAcquire(): boolean {
    return Atomics.compareExchange(this.cell, HOLDER, FREE, this.holder) === FREE;
  }

  /** For the request thread: resolves once held, never blocking the event loop. */
  async acquire(): Promise<void> {
    while (!this.tryAcquire()) {
      const current = Atomics.load(this.cell, HOLDER);
      if (current === FREE) continue;
      Atomics.add(this.cell, WAITERS, 1);
      try {
        // the timeout only bounds a wait whose wake-up was missed; release() notifies
        const wait = Atomics.waitAsync(this.cell, HOLDER, current, 100);
        if (wait.async) await wait.value;
      } finally {
        Atomics.sub(this.cell, WAITERS, 1);
      }
    }
  }

  /** For the worker: blocks its thread until held. */
  acquireBlocking(): void {
    while (!this.tryAcquire()) {
      const current = Atomics.load(this.cell, HOLDER);
      if (current === FREE) continue;
      Atomics.add(this.cell, WAITERS, 1);
      Atomics.wait(this.cell, HOLDER, current, 100);
      Atomics.sub(this.cell, WAITERS, 1);
    }
  }

  release(): void {
    this.freeFrom(this.holder);
  }

  /** Frees the lock if `holder` has it: for a worker that died holding it. */
  breakFor(holder: number): void {
    this.freeFrom(holder);
  }

  private freeFrom(holder: number): void {
    // a waiter counts itself before it waits, and its wait returns at once if the holder changed:
    // so it is either counted here or never sleeps
    if (Atomics.compareExchange(this.cell, HOLDER, holder, FREE) === holder && Atomics.load(this.cell, WAITERS) > 0) Atomics.notify(this.cell, HOLDER);
  }
}
