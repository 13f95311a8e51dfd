/**
 * A tiny in-process change notifier keyed by shop: services call notifyShop() after they
 * change chats, the live routes (SSE) wake up and push a fresh snapshot at once.
 *
 * It is only a hint. On Cloudflare Workers isolates share no memory, so a change made in
 * one isolate never reaches a stream held by another: every SSE route therefore also
 * re-polls every few seconds and pushes when its snapshot differs. Nothing depends on a
 * notification arriving.
 */
type Listener = () => void;

const listeners = new Map<string, Set<Listener>>();

/** Something about this shop's chats changed (new message, assignment, reply, release …). */
export function notifyShop(shopId: string): void {
  const set = listeners.get(shopId);
  if (!set) return;
  for (const l of [...set]) {
    try {
      l();
    } catch {
      // a listener's failure is its own business; the others still hear about the change
    }
  }
}

/** Listens to one shop's changes; returns the function that stops listening. */
export function onShopChange(shopId: string, listener: Listener): () => void {
  let set = listeners.get(shopId);
  if (!set) listeners.set(shopId, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0 && listeners.get(shopId) === set) listeners.delete(shopId);
  };
}

/**
 * A subscription that remembers a change which happened while nobody was waiting, so an SSE
 * loop never misses one between building a snapshot and going back to sleep.
 */
export interface ChangeWaiter {
  /** resolves after `ms`, or at once / as soon as the shop changes, or when `signal` aborts */
  wait(ms: number, signal?: AbortSignal): Promise<"changed" | "timeout" | "aborted">;
  close(): void;
}

export function changeWaiter(shopId: string): ChangeWaiter {
  let pending = false;
  let wake: (() => void) | undefined;
  const stop = onShopChange(shopId, () => {
    pending = true;
    wake?.();
  });
  return {
    wait(ms, signal) {
      return new Promise((resolve) => {
        if (signal?.aborted) return resolve("aborted");
        if (pending) {
          pending = false;
          return resolve("changed");
        }
        const finish = (why: "changed" | "timeout" | "aborted") => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
          wake = undefined;
          if (why === "changed") pending = false;
          resolve(why);
        };
        const onAbort = () => finish("aborted");
        const timer = setTimeout(() => finish("timeout"), ms);
        wake = () => finish("changed");
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    },
    close: stop,
  };
}

const stopping = new WeakMap<object, AbortController>();

/**
 * Aborted when the runtime shuts down (src/node/server.ts close()): live streams end at once,
 * so closing the HTTP server does not wait for consoles and dashboards that stay connected.
 */
export function streamsSignal(ctx: object): AbortSignal {
  let c = stopping.get(ctx);
  if (!c) stopping.set(ctx, (c = new AbortController()));
  return c.signal;
}

export function stopStreams(ctx: object): void {
  let c = stopping.get(ctx);
  if (!c) stopping.set(ctx, (c = new AbortController()));
  c.abort();
}
