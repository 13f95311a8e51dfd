/**
 * Live updates as deltas (docs/ui.md "Live updates"): one feed per shop computes what changed
 * in the shop's open chats and messages ONCE per change, and fans the change out to every
 * connected console and dashboard as a small `delta` event; a client gets a full snapshot
 * only when it connects or after it fell behind.
 *
 * Back-pressure: each client has a bounded buffer of frames waiting to be written. The feed
 * never waits for a client: it appends to the buffers and moves on, so a slow or stalled
 * client (a laptop asleep, a phone in a tunnel) cannot slow ingest or the other clients.
 * When a client's buffer would exceed its bound, the buffer is dropped and the client is
 * marked for resync: once its socket drains, it is sent one fresh snapshot instead of the
 * deltas it missed.
 *
 * Wake-ups: services call notifyShop() (services/changes.ts) after a change; the clients'
 * loops wake and one of them runs the feed's refresh (concurrent calls share it). Every loop
 * also re-polls every few seconds, which keeps Workers correct, where isolates share nothing
 * and a change made in one never notifies another. Streams send a comment every 15 s so
 * proxies keep them open, and end after 10 minutes (the pages reconnect).
 */
import type { Context } from "hono";
import { and, asc, eq, gt, max, sql } from "drizzle-orm";
import { streamSSE } from "hono/streaming";
import { onShopChange, streamsSignal } from "../services/changes.js";
import { listChatsChangedSince, listOpenChats, OPEN_STATUSES, type ChatRow } from "../services/chats.js";
import type { ServiceContext } from "../services/context.js";
import { events } from "../store/schema/index.js";
import type { AppEnv } from "./env.js";
import { presentChat, presentEvent } from "./present.js";

export const POLL_MS = 3_000;
/**
 * The least time between two refreshes of a feed. A refresh reads every open chat of the shop
 * (thousands on a busy night) on the request thread; run after each of several hundred
 * webhooks a second, it took most of that thread (bench:consoles, 20 consoles: 13 % of the
 * throughput without). Changes within this gap go out together in one delta: a console shows
 * them at most this much later, while its deadlines count minutes.
 */
export const MIN_REFRESH_GAP_MS = 100;
const HEARTBEAT_MS = 15_000;
const MAX_STREAM_MS = 10 * 60_000;
/** the open chats a feed follows (a Double 11 night has a few hundred) */
const MAX_OPEN_CHATS = 5_000;
/** a chat written this long before a refresh started may commit after it: read again next time */
const CHANGE_MARGIN_MS = 2_000;
/** new events read per refresh; more than this in one refresh resyncs everyone */
const MAX_EVENTS_PER_REFRESH = 1_000;
/** per client: characters of frames waiting to be written before the client is resynced */
export const DEFAULT_MAX_BUFFERED = 256 * 1024;

export type PresentedChat = ReturnType<typeof presentChat>;
export type LiveMessage = ReturnType<typeof presentEvent> & { platform: string; conversation: string };

/** What one client sees of its shop's feed: an agent (mine + the queue) or a dashboard (all). */
export interface LiveView {
  sees(chat: ChatRow): boolean;
  /** the `chats` event sent on connect and after a resync */
  snapshot(chats: ChatRow[], now: number): unknown;
  /** send the messages of the conversations it sees (the console) */
  messages: boolean;
  /** add `events: n`, the number of new events in the shop (the dashboard refetches its figures) */
  countEvents: boolean;
}

interface Change {
  upsert: ChatRow[];
  /** each upserted chat as clients get it, presented once for all of them */
  presented: Map<number, PresentedChat>;
  remove: number[];
  messages: LiveMessage[];
  /** more happened than one refresh reads: everyone gets a snapshot */
  overflow: boolean;
}

const keyOf = (c: { platform: string; conversation: string }) => `${c.platform}\u0000${c.conversation}`;
/**
 * What decides "this chat changed": every column the console shows (the seconds left are
 * derived from the deadline). Built from the row's small fields, the long texts by length
 * only: they change together with lastBuyerAt. It runs for every open chat on every refresh.
 */
function fingerprint(r: ChatRow): string {
  return [r.status, r.agentId, r.pendingSince, r.firstAssessedAt, r.deadlineAt, r.clockRuns, r.lastBuyerAt, r.lastText?.length, r.buyerNick, r.suggestionFaqId, r.suggestion?.length, r.escalatedFor, r.assignedAt, r.updatedAt].join("|");
}
/** listOpenChats' order (most urgent first), for the feed's rows between full reads */
function sortLikeQueue(rows: ChatRow[]): ChatRow[] {
  return rows.sort((a, b) => Number(a.deadlineAt === null) - Number(b.deadlineAt === null) || Number(b.clockRuns) - Number(a.clockRuns) || (a.deadlineAt ?? 0) - (b.deadlineAt ?? 0) || a.id - b.id);
}

function frame(event: string, id: number, data: unknown): string {
  // JSON.stringify escapes newlines, so the data is one SSE line
  return `event: ${event}\ndata: ${JSON.stringify(data)}\nid: ${id}\n\n`;
}

export interface SubscriberStats {
  deltas: number;
  snapshots: number;
  resyncs: number;
  /** the largest buffer this client ever had, in characters */
  maxBuffered: number;
}

class Subscriber {
  readonly queue: string[] = [];
  buffered = 0;
  resync = true; // the first thing a client gets is a snapshot
  /** chat id → conversation key, of the chats this client currently sees */
  readonly visible = new Map<number, string>();
  readonly stats: SubscriberStats = { deltas: 0, snapshots: 0, resyncs: 0, maxBuffered: 0 };
  private pending = false;
  private wake: (() => void) | undefined;
  private seq = 0;

  constructor(
    readonly view: LiveView,
    readonly maxBuffered: number,
  ) {}

  nextId(): number {
    return ++this.seq;
  }

  /** Appends a frame; never waits. Past the bound the buffer is dropped for one snapshot later. */
  push(text: string): void {
    if (!this.resync) {
      if (this.buffered + text.length > this.maxBuffered) {
        this.queue.length = 0;
        this.buffered = 0;
        this.resync = true;
        this.stats.resyncs++;
      } else {
        this.queue.push(text);
        this.buffered += text.length;
        this.stats.maxBuffered = Math.max(this.stats.maxBuffered, this.buffered);
      }
    }
    this.poke();
  }

  poke(): void {
    this.pending = true;
    this.wake?.();
  }

  /** resolves when poked (at once if poked meanwhile), after `ms`, or when `signal` aborts */
  wait(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (this.pending || signal.aborted) {
        this.pending = false;
        return resolve();
      }
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        this.wake = undefined;
        this.pending = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
      signal.addEventListener("abort", done, { once: true });
    });
  }

  deliver(change: Change, now: number): void {
    if (change.overflow) {
      this.resync = true;
      this.queue.length = 0;
      this.buffered = 0;
      this.stats.resyncs++;
      this.poke();
      return;
    }
    const seen = new Set(this.visible.values());
    const upsert: PresentedChat[] = [];
    const remove: number[] = [];
    for (const row of change.upsert) {
      if (this.view.sees(row)) {
        let shown = change.presented.get(row.id);
        if (!shown) change.presented.set(row.id, (shown = presentChat(row, now)));
        upsert.push(shown);
        this.visible.set(row.id, keyOf(row));
        seen.add(keyOf(row));
      } else if (this.visible.delete(row.id)) remove.push(row.id);
    }
    for (const id of change.remove) if (this.visible.delete(id)) remove.push(id);
    const messages = this.view.messages ? change.messages.filter((m) => seen.has(keyOf(m))) : [];
    const counted = this.view.countEvents && change.messages.length > 0;
    if (!upsert.length && !remove.length && !messages.length && !counted) return;
    this.stats.deltas++;
    this.push(
      frame("delta", this.nextId(), {
        serverNow: now,
        upsert,
        remove,
        ...(this.view.messages ? { messages } : {}),
        ...(this.view.countEvents ? { events: change.messages.length } : {}),
      }),
    );
  }
}

/** One per shop (per runtime context) while at least one client listens. */
class ShopFeed {
  private rows = new Map<number, { row: ChatRow; fp: string }>();
  private order: ChatRow[] = [];
  private lastSeq: number | null = null;
  private lastFullRead = 0;
  /** a forced refresh (a client connecting) runs without waiting out the gap */
  private urgent = false;
  private lastRead = 0;
  private dirty = true;
  private running: Promise<void> | null = null;
  private lastRun = 0;
  readonly subscribers = new Set<Subscriber>();
  private readonly stopListening: () => void;

  constructor(
    private readonly ctx: ServiceContext,
    readonly shopId: string,
  ) {
    this.stopListening = onShopChange(shopId, () => {
      this.dirty = true;
      for (const s of this.subscribers) s.poke();
    });
  }

  close(): void {
    this.stopListening();
  }

  /**
   * Brings the feed up to date and hands the change to every client. Concurrent callers share
   * one run; without a notification it runs at most once per POLL_MS (the re-poll).
   */
  refresh(force = false): Promise<void> {
    if (force) this.dirty = this.urgent = true;
    if (this.running) return this.running;
    if (!this.dirty && Date.now() - this.lastRun < POLL_MS) return Promise.resolve();
    this.running = (async () => {
      try {
        do {
          // a client waiting for its first snapshot is not kept waiting: what arrives before
          // its snapshot would reach it neither as a delta nor in the snapshot's messages
          const gap = this.urgent ? 0 : this.lastRun + MIN_REFRESH_GAP_MS - Date.now();
          if (gap > 0) await new Promise((r) => setTimeout(r, gap));
          this.dirty = this.urgent = false;
          await this.computeOnce();
          this.lastRun = Date.now();
        } while (this.dirty);
      } finally {
        this.lastRun = Date.now();
        this.running = null;
      }
    })();
    return this.running;
  }

  private async computeOnce(): Promise<void> {
    const { ctx, shopId } = this;
    let fresh: (typeof events.$inferSelect)[] = [];
    if (this.lastSeq === null) {
      const [top] = await ctx.db
        .select({ seq: max(events.seq) })
        .from(events)
        .where(eq(events.shop, shopId));
      this.lastSeq = top?.seq ?? 0;
    } else {
      fresh = await ctx.db
        .select()
        .from(events)
        // `+shop`: walk the new rows by seq (the primary key); with the (shop, at) index SQLite
        // read every event of the shop and sorted them, 27 ms a refresh at 100,000 events
        .where(and(gt(events.seq, this.lastSeq), sql`+${events.shop} = ${shopId}`))
        .orderBy(asc(events.seq))
        .limit(MAX_EVENTS_PER_REFRESH + 1);
    }
    const overflow = fresh.length > MAX_EVENTS_PER_REFRESH;
    if (overflow) fresh = fresh.slice(0, MAX_EVENTS_PER_REFRESH);
    if (fresh.length) this.lastSeq = fresh[fresh.length - 1]!.seq;
    const upsert: ChatRow[] = [];
    let remove: number[] = [];
    // updatedAt is the service clock's: so is the read time it is compared with
    const readAt = ctx.now();
    if (Date.now() - this.lastFullRead >= POLL_MS || overflow) {
      // the full read: every open chat, in the queue's order; what left it is removed
      const rows = await listOpenChats(ctx, shopId, { limit: MAX_OPEN_CHATS });
      const next = new Map<number, { row: ChatRow; fp: string }>();
      for (const row of rows) {
        const fp = fingerprint(row);
        if (this.rows.get(row.id)?.fp !== fp) upsert.push(row);
        next.set(row.id, { row, fp });
      }
      remove = [...this.rows.keys()].filter((id) => !next.has(id));
      this.rows = next;
      this.order = rows;
      this.lastFullRead = Date.now();
    } else {
      // between full reads only the chats written since the last read (and a margin for
      // units still committing when it ran): a refresh costs the changes, not every open chat
      for (const row of await listChatsChangedSince(ctx, shopId, this.lastRead - CHANGE_MARGIN_MS)) {
        const open = (OPEN_STATUSES as readonly string[]).includes(row.status);
        if (!open) {
          if (this.rows.delete(row.id)) remove.push(row.id);
          continue;
        }
        const fp = fingerprint(row);
        if (this.rows.get(row.id)?.fp === fp) continue;
        upsert.push(row);
        this.rows.set(row.id, { row, fp });
      }
      if (upsert.length || remove.length) this.order = sortLikeQueue([...this.rows.values()].map((r) => r.row));
    }
    this.lastRead = readAt;
    if (!upsert.length && !remove.length && !fresh.length && !overflow) return;
    const change: Change = {
      upsert,
      presented: new Map(),
      remove,
      messages: fresh.map((e) => ({ ...presentEvent(e), platform: e.platform, conversation: e.conversation })),
      overflow,
    };
    const now = ctx.now();
    for (const s of this.subscribers) s.deliver(change, now);
  }

  /** The client's snapshot from the feed's current state; resets what it sees. */
  snapshotFor(sub: Subscriber, now: number): string {
    const mine = this.order.filter((r) => sub.view.sees(r));
    sub.visible.clear();
    for (const r of mine) sub.visible.set(r.id, keyOf(r));
    sub.stats.snapshots++;
    return frame("chats", sub.nextId(), sub.view.snapshot(mine, now));
  }
}

const feeds = new WeakMap<object, Map<string, ShopFeed>>();

function feedFor(ctx: ServiceContext, shopId: string): ShopFeed {
  let byShop = feeds.get(ctx);
  if (!byShop) feeds.set(ctx, (byShop = new Map()));
  let feed = byShop.get(shopId);
  if (!feed) byShop.set(shopId, (feed = new ShopFeed(ctx, shopId)));
  return feed;
}

function leave(ctx: ServiceContext, feed: ShopFeed, sub: Subscriber): void {
  feed.subscribers.delete(sub);
  if (feed.subscribers.size) return;
  feed.close();
  const byShop = feeds.get(ctx);
  if (byShop?.get(feed.shopId) === feed) byShop.delete(feed.shopId);
}

/** Counters of the clients connected to a shop's feed (tests, `bench:console`). */
export function liveStats(ctx: ServiceContext, shopId: string): SubscriberStats[] {
  const feed = feeds.get(ctx)?.get(shopId);
  return feed ? [...feed.subscribers].map((s) => ({ ...s.stats })) : [];
}

export function streamLive(c: Context<AppEnv>, shopId: string, view: LiveView, opts: { maxBuffered?: number } = {}) {
  return streamSSE(c, async (stream) => {
    const ctx = c.var.ctx;
    const abort = new AbortController();
    stream.onAbort(() => abort.abort());
    const shutdown = streamsSignal(ctx);
    const onShutdown = () => abort.abort();
    if (shutdown.aborted) abort.abort();
    else shutdown.addEventListener("abort", onShutdown, { once: true });

    const feed = feedFor(ctx, shopId);
    const sub = new Subscriber(view, opts.maxBuffered ?? DEFAULT_MAX_BUFFERED);
    feed.subscribers.add(sub);
    const started = Date.now();
    let lastWrite = Date.now();
    try {
      // up to date before the first snapshot, so it is the state of now
      await feed.refresh(true);
      while (!abort.signal.aborted && Date.now() - started < MAX_STREAM_MS) {
        if (sub.resync) {
          sub.resync = false;
          sub.queue.length = 0;
          sub.buffered = 0;
          await stream.write(feed.snapshotFor(sub, ctx.now()));
          lastWrite = Date.now();
        }
        while (sub.queue.length && !sub.resync && !abort.signal.aborted) {
          const text = sub.queue.shift()!;
          sub.buffered -= text.length;
          await stream.write(text); // waits while this client does not read: only this loop stalls
          lastWrite = Date.now();
        }
        if (sub.resync || sub.queue.length) continue;
        if (Date.now() - lastWrite >= HEARTBEAT_MS) {
          await stream.write(": ping\n\n");
          lastWrite = Date.now();
        }
        await sub.wait(POLL_MS, abort.signal);
        if (abort.signal.aborted) break;
        // not awaited: a run may go on while changes keep coming (MIN_REFRESH_GAP_MS apart),
        // and what it hands this client must be written meanwhile; its push wakes the wait
        void feed.refresh();
      }
    } finally {
      shutdown.removeEventListener("abort", onShutdown);
      leave(ctx, feed, sub);
    }
  });
}
