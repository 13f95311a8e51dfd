/**
 * A tiny in-process change notifier keyed by shop: services call notifyShop() after they
 * change chats, the live feed (src/http/sse.ts) wakes up and pushes the change at once.
 *
 * It is only a hint. On Cloudflare Workers isolates share no memory, so a change made in
 * one isolate never reaches a stream held by another: every SSE route therefore also
 * re-polls every few seconds and pushes when its snapshot differs. Nothing depends on a
 * notification arriving.
 */
/** what changed: the chats (the default), or the shop's 提醒设置 (services/attention.ts) */
export type ShopChange = "chats" | "attention";
type Listener = (what: ShopChange) => void;

const listeners = new Map<string, Set<Listener>>();

/** Something about this shop's chats changed (new message, assignment, reply, release …), or its 提醒设置. */
export function notifyShop(shopId: string, what: ShopChange = "chats"): void {
  const set = listeners.get(shopId);
  if (!set) return;
  for (const l of [...set]) {
    try {
      l(what);
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

interface Stopping {
  stopped: boolean;
  listeners: Set<() => void>;
}
const stopping = new WeakMap<object, Stopping>();

function stoppingOf(ctx: object): Stopping {
  let s = stopping.get(ctx);
  if (!s) stopping.set(ctx, (s = { stopped: false, listeners: new Set() }));
  return s;
}

/**
 * Runs `fn` when the runtime shuts down (src/node/server.ts close()), at once if it already
 * did: live streams end then, so closing the HTTP server does not wait for consoles and
 * dashboards that stay connected. Returns the function that stops listening. A set of our
 * own rather than an AbortSignal: twenty open consoles are twenty listeners, which an
 * EventTarget reports as a possible leak past ten.
 */
export function onStreamsStop(ctx: object, fn: () => void): () => void {
  const s = stoppingOf(ctx);
  if (s.stopped) {
    fn();
    return () => {};
  }
  s.listeners.add(fn);
  return () => {
    s.listeners.delete(fn);
  };
}

export function stopStreams(ctx: object): void {
  const s = stoppingOf(ctx);
  s.stopped = true;
  for (const fn of [...s.listeners]) fn();
  s.listeners.clear();
}
