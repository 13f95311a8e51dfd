/**
 * A tiny in-process change notifier keyed by shop: services call notifyShop() after they
 * change chats, the live feed (src/http/sse.ts) wakes up and pushes the change at once.
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
