/**
 * The change notifier of a service context (`ctx.changes`, built by createServiceContext):
 * services call notify() after they change chats, the live feed (src/http/sse.ts) wakes up
 * and pushes the change at once. One per context, not per process: two apps in one process
 * (tests, a second context over the same database) hear only their own changes. The Node
 * runtime builds one context per process, so every request of a shop reaches the same
 * listeners; a runtime that builds several contexts for one shop hands them one notifier
 * (createServiceContext's `changes`, as the Worker's shop object does).
 *
 * It is only a hint. On Cloudflare Workers isolates share no memory, so a change made in
 * one isolate never reaches a stream held by another: every SSE route therefore also
 * re-polls every few seconds and pushes when its snapshot differs. Nothing depends on a
 * notification arriving.
 */
/** what changed: the chats (the default), or the shop's 提醒设置 (services/attention.ts) */
export type ShopChange = "chats" | "attention";
type Listener = (what: ShopChange) => void;

export class ShopChanges {
  private readonly listeners = new Map<string, Set<Listener>>();
  private stopped = false;
  private readonly stopListeners = new Set<() => void>();

  /** Something about this shop's chats changed (new message, assignment, reply, release …), or its 提醒设置. */
  notify(shopId: string, what: ShopChange = "chats"): void {
    const set = this.listeners.get(shopId);
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
  listen(shopId: string, listener: Listener): () => void {
    let set = this.listeners.get(shopId);
    if (!set) this.listeners.set(shopId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(shopId) === set) this.listeners.delete(shopId);
    };
  }

  /** how many listeners this shop has (tests) */
  listenerCount(shopId: string): number {
    return this.listeners.get(shopId)?.size ?? 0;
  }

  /**
   * Runs `fn` when the runtime shuts down (src/node/server.ts close()), at once if it already
   * did: live streams end then, so closing the HTTP server does not wait for consoles and
   * dashboards that stay connected. Returns the function that stops listening. A set of our
   * own rather than an AbortSignal: twenty open consoles are twenty listeners, which an
   * EventTarget reports as a possible leak past ten.
   */
  onStop(fn: () => void): () => void {
    if (this.stopped) {
      fn();
      return () => {};
    }
    this.stopListeners.add(fn);
    return () => {
      this.stopListeners.delete(fn);
    };
  }

  /** Ends the live streams (the runtime is shutting down). */
  stop(): void {
    this.stopped = true;
    for (const fn of [...this.stopListeners]) fn();
    this.stopListeners.clear();
  }
}
