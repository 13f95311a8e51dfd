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
 * Wake-ups: services call ctx.changes.notify() (services/changes.ts) after a change; the clients'
 * loops wake and one of them runs the feed's refresh (concurrent calls share it). Every loop
 * also re-polls every few seconds, which keeps Workers correct, where isolates share nothing
 * and a change made in one never notifies another. Streams send a comment every 15 s so
 * proxies keep them open, and end after 10 minutes (the pages reconnect).
 */
import type { Context } from "hono";
import { and, asc, eq, gt, max, sql } from "drizzle-orm";
import { streamSSE } from "hono/streaming";
import { getAttention } from "../services/attention.js";
import { getChatsByIds, listChatStampsSince, listOpenChats, OPEN_STATUSES, type ChatRow } from "../services/chats.js";
import { cacheKey, type ServiceContext } from "../services/context.js";
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
/**
 * How often a feed reads every open chat (the rest of the time it reads the chats written
 * since its last read: every write to a chat sets `updatedAt`). The full read is the safety
 * net, not the way changes arrive: with thousands of waiting chats it took 30–40 ms of the
 * request thread, every 3 s a visible step in the webhooks' p99 (bench:consoles).
 */
export const FULL_READ_MS = 30_000;
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

/** A `delta` event's data, as ShopFeed writes it by hand below (same fields, same order). */
export interface LiveDelta {
  serverNow: number;
  upsert: PresentedChat[];
  remove: number[];
  /** views with `messages` (the console) */
  messages?: LiveMessage[];
  /** views with `countEvents` (the dashboard) */
  events?: number;
}

/** What one client sees of its shop's feed: an agent (mine + the queue) or a dashboard (all). */
export interface LiveView {
  /**
   * Views with the same key see the same chats and get the same kinds of event (an agent's
   * consoles, the shop's dashboards): the feed keeps what they see once for all of them and
   * works out their delta once. Without a key, the client's view is its own.
   */
  key?: string;
  sees(chat: ChatRow): boolean;
  /** the `chats` event sent on connect and after a resync */
  snapshot(chats: ChatRow[], now: number): unknown;
  /** send the messages of the conversations it sees (the console) */
  messages: boolean;
  /** add `events: n`, the number of new events in the shop (the dashboard refetches its figures) */
  countEvents: boolean;
  /**
   * send the shop's 提醒设置 (services/attention.ts AttentionView) as an `attention` event with
   * every snapshot and whenever an admin changes them (the console)
   */
  attention?: boolean;
  /**
   * false once the client may no longer see the feed (an agent disabled or re-tokened from the
   * dashboard): its stream ends at the next wake-up (the change's notification wakes it), and the
   * page's reconnect meets the 401. Before, the stream ran on until its 10 minutes were up.
   */
  signedIn?: () => boolean;
}

/**
 * One refresh's change, computed once for all clients. What clients get is serialised once
 * too: each upserted chat and each message is JSON-encoded the first time a view needs it; a
 * view's delta is those strings joined, and each distinct delta is joined and UTF-8 encoded
 * once, then shared by every client it goes to (agents who see only the queue all get the
 * same bytes). Per client there is only its frame's `id:` line and the write.
 * (bench:consoles, 20 consoles: JSON.stringify of each client's delta took a tenth of the
 * request thread; then joining and encoding each client's copy of the same delta a fifth of
 * what the consoles cost.)
 */
interface Change {
  upsert: ChatRow[];
  /** each upserted chat as clients get it (presentChat, JSON), encoded once for all of them */
  chatJson: Map<number, string>;
  remove: number[];
  /** the new messages, their JSON and their conversation keys (same order) */
  messages: LiveMessage[];
  /** filled by the first client that gets messages (dashboards do not) */
  messageJson?: string[];
  messageKeys: string[];
  /** more happened than one refresh reads: everyone gets a snapshot */
  overflow: boolean;
  /** each distinct delta's data, encoded once (key: which chats, removals and messages it holds) */
  bodies: Map<string, DeltaBody>;
}

/** a `delta` event's data as UTF-8, and its length in characters (what client buffers count) */
interface DeltaBody {
  bytes: Uint8Array;
  chars: number;
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

/** `json` is one line: JSON.stringify escapes newlines */
function rawFrame(event: string, id: number, json: string): string {
  return `event: ${event}\ndata: ${json}\nid: ${id}\n\n`;
}

function frame(event: string, id: number, data: unknown): string {
  return rawFrame(event, id, JSON.stringify(data));
}

const utf8 = new TextEncoder();
const DELTA_HEAD = "event: delta\ndata: ";
const DELTA_HEAD_BYTES = utf8.encode(DELTA_HEAD);

/** rawFrame("delta", id, body) as bytes, around a body encoded once for every client that gets it */
function deltaFrame(id: number, body: DeltaBody): QueuedFrame {
  const tail = `\nid: ${id}\n\n`; // ASCII: as many bytes as characters
  const bytes = new Uint8Array(DELTA_HEAD_BYTES.length + body.bytes.length + tail.length);
  bytes.set(DELTA_HEAD_BYTES, 0);
  bytes.set(body.bytes, DELTA_HEAD_BYTES.length);
  utf8.encodeInto(tail, bytes.subarray(DELTA_HEAD_BYTES.length + body.bytes.length));
  return { data: bytes, chars: DELTA_HEAD.length + body.chars + tail.length };
}

function chatJson(change: Change, row: ChatRow, now: number): string {
  let json = change.chatJson.get(row.id);
  if (json === undefined) change.chatJson.set(row.id, (json = JSON.stringify(presentChat(row, now))));
  return json;
}

export interface SubscriberStats {
  deltas: number;
  snapshots: number;
  resyncs: number;
  /** the largest buffer this client ever had, in characters */
  maxBuffered: number;
}

/** a frame waiting to be written: text, or a delta's bytes; `chars` is what the buffer bound counts */
interface QueuedFrame {
  data: string | Uint8Array;
  chars: number;
}

/**
 * What the clients of one view see, and their delta of each change. It follows from the feed
 * alone (the open chats the view `sees`), so the clients of one view key share it: it is
 * updated once per change however many of them are connected, a client that connects finds
 * it up to date, and one in resync (whose deltas are dropped) keeps it up to date for the rest.
 */
class ViewState {
  /** clients using this state (a keyed state is dropped with its last client) */
  users = 0;
  /** chat id → conversation key, of the chats this view currently sees */
  private readonly visible = new Map<number, string>();
  /**
   * conversation key → how many of the visible chats have it: which messages this view gets,
   * kept up to date per change instead of rebuilt from `visible` for every delta
   */
  private readonly keys = new Map<string, number>();
  /** the last change handed to this view and its delta (undefined: nothing to send) */
  private lastChange: Change | undefined;
  private lastBody: DeltaBody | undefined;

  constructor(readonly view: LiveView) {}

  private show(id: number, key: string): void {
    const old = this.visible.get(id);
    if (old === key) return;
    if (old !== undefined) this.unkey(old);
    this.visible.set(id, key);
    this.keys.set(key, (this.keys.get(key) ?? 0) + 1);
  }

  /** the chat's conversation key if this view saw it (and now no longer does) */
  private hide(id: number): string | undefined {
    const old = this.visible.get(id);
    if (old === undefined) return undefined;
    this.visible.delete(id);
    this.unkey(old);
    return old;
  }

  /** what a snapshot shows replaces everything seen before */
  showOnly(rows: ChatRow[]): void {
    this.visible.clear();
    this.keys.clear();
    for (const r of rows) this.show(r.id, keyOf(r));
  }

  private unkey(key: string): void {
    const n = (this.keys.get(key) ?? 0) - 1;
    if (n > 0) this.keys.set(key, n);
    else this.keys.delete(key);
  }

  /**
   * This view's delta of `change` (undefined when it has nothing for this view), worked out
   * once per change: every client of the view asks. Views whose deltas select the same chats,
   * removals and messages share one encoded body (change.bodies).
   */
  deltaFor(change: Change, now: number): DeltaBody | undefined {
    if (this.lastChange === change) return this.lastBody;
    this.lastChange = change;
    this.lastBody = undefined;
    const upsert: number[] = []; // indices into change.upsert
    const remove: number[] = [];
    // conversations that left this view in this very change: their last messages (the reply
    // that closed the chat) still reach it, together with the removal
    let leaving: Set<string> | undefined;
    const hide = (id: number) => {
      const key = this.hide(id);
      if (key === undefined) return;
      remove.push(id);
      (leaving ??= new Set()).add(key);
    };
    for (let i = 0; i < change.upsert.length; i++) {
      const row = change.upsert[i]!;
      if (this.view.sees(row)) {
        upsert.push(i);
        this.show(row.id, keyOf(row));
      } else hide(row.id);
    }
    for (const id of change.remove) hide(id);
    const messages: number[] = []; // indices into change.messages
    if (this.view.messages) {
      for (let i = 0; i < change.messages.length; i++) {
        const key = change.messageKeys[i]!;
        if (this.keys.has(key) || leaving?.has(key)) messages.push(i);
      }
    }
    const counted = this.view.countEvents && change.messages.length > 0;
    if (!upsert.length && !remove.length && !messages.length && !counted) return undefined;
    const shape = `${this.view.messages ? "m" : ""}${this.view.countEvents ? "e" : ""}`;
    const selection = `${shape}|${upsert.join(",")}|${remove.join(",")}|${messages.join(",")}`;
    let body = change.bodies.get(selection);
    if (!body) {
      // the same fields, in the same order, as JSON.stringify of the delta object would give
      let json = `{"serverNow":${now},"upsert":[${upsert.map((i) => chatJson(change, change.upsert[i]!, now)).join(",")}],"remove":[${remove.join(",")}]`;
      if (this.view.messages) {
        change.messageJson ??= change.messages.map((m) => JSON.stringify(m));
        json += `,"messages":[${messages.map((i) => change.messageJson![i]!).join(",")}]`;
      }
      if (this.view.countEvents) json += `,"events":${change.messages.length}`;
      json += "}";
      body = { bytes: utf8.encode(json), chars: json.length };
      change.bodies.set(selection, body);
    }
    return (this.lastBody = body);
  }
}

class Subscriber {
  readonly queue: QueuedFrame[] = [];
  buffered = 0;
  resync = true; // the first thing a client gets is a snapshot
  readonly stats: SubscriberStats = { deltas: 0, snapshots: 0, resyncs: 0, maxBuffered: 0 };
  private pending = false;
  private wake: (() => void) | undefined;
  private seq = 0;

  constructor(
    readonly view: LiveView,
    /** what this client sees (shared with the other clients of its view key) */
    readonly state: ViewState,
    readonly maxBuffered: number,
  ) {}

  nextId(): number {
    return ++this.seq;
  }

  /** whether this client's loop is asleep in wait() (not writing to a slow socket) */
  get idle(): boolean {
    return this.wake !== undefined;
  }

  /** Appends a frame; never waits. Past the bound the buffer is dropped for one snapshot later. */
  push(frame: string | QueuedFrame): void {
    const f = typeof frame === "string" ? { data: frame, chars: frame.length } : frame;
    if (!this.resync) {
      if (this.buffered + f.chars > this.maxBuffered) {
        this.queue.length = 0;
        this.buffered = 0;
        this.resync = true;
        this.stats.resyncs++;
      } else {
        this.queue.push(f);
        this.buffered += f.chars;
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
    const body = this.state.deltaFor(change, now);
    if (!body) return;
    this.stats.deltas++;
    const id = this.nextId(); // taken even when dropped, as before frames were shared
    // a client in resync drops it (push): no frame to build
    if (this.resync) this.poke();
    else this.push(deltaFrame(id, body));
  }
}

/** One per shop (per runtime context) while at least one client listens. */
class ShopFeed {
  private rows = new Map<number, { row: ChatRow; fp: string }>();
  /**
   * The open chats in the queue's order, for snapshots; null when rows changed since it was
   * last sorted. Sorted when a snapshot needs it, not on every refresh that changed a chat:
   * sorting thousands of waiting chats ten times a second took ~10 µs of the request thread
   * per message (bench:consoles), for snapshots sent once per connection.
   */
  private sorted: ChatRow[] | null = [];
  private lastSeq: number | null = null;
  private lastFullRead = 0;
  /** a forced refresh (a client connecting) runs without waiting out the gap */
  private urgent = false;
  private lastRead = 0;
  /** chat id → the `updatedAt` it had when this feed last read it whole (chats of the margin) */
  private stamps = new Map<number, number>();
  private dirty = true;
  private running: Promise<void> | null = null;
  private lastRun = 0;
  /**
   * The shop's 提醒设置 as consoles get them (JSON), undefined until first read. Read when a
   * console first needs it, when an admin changed them (the service's notification: the PUT
   * runs in this process on Node and in the shop's Durable Object on Workers, where the
   * consoles' streams are too) and at every full read, the safety net.
   */
  private attentionJson: string | undefined;
  private attentionDirty = true;
  readonly subscribers = new Set<Subscriber>();
  /** the shared state of each view key with clients (ViewState) */
  private readonly views = new Map<string, ViewState>();
  private readonly stopListening: () => void;

  constructor(
    private readonly ctx: ServiceContext,
    readonly shopId: string,
  ) {
    // A notification wakes one client's loop, which runs the refresh; the others sleep until
    // the refresh hands them a frame (or, signed out, ends them). Before, each of a few hundred
    // notifications a second woke every loop (bench:consoles: 20 consoles, ~20 µs of the
    // request thread per message). The loop woken is one asleep, not one writing to a slow
    // socket; when every loop is writing, each looks at wantsRun() before it sleeps.
    this.stopListening = this.ctx.changes.listen(shopId, (what) => {
      if (what === "attention") this.attentionDirty = true;
      this.dirty = true;
      if (this.running) return; // the run goes round again (dirty)
      for (const s of this.subscribers) {
        if (!s.idle) continue;
        s.poke();
        return;
      }
    });
  }

  close(): void {
    this.stopListening();
  }

  private order(): ChatRow[] {
    this.sorted ??= sortLikeQueue([...this.rows.values()].map((r) => r.row));
    return this.sorted;
  }

  /** a change was notified and no refresh is running to pick it up */
  wantsRun(): boolean {
    return this.dirty && !this.running;
  }

  /** A new client of `view`: its view key's state if it has one (up to date), else a new one. */
  join(view: LiveView, maxBuffered: number): Subscriber {
    let state = view.key === undefined ? undefined : this.views.get(view.key);
    if (!state) {
      state = new ViewState(view);
      // what it sees now; from here every change keeps it up to date
      state.showOnly(this.order().filter((r) => view.sees(r)));
      if (view.key !== undefined) this.views.set(view.key, state);
    }
    state.users++;
    const sub = new Subscriber(view, state, maxBuffered);
    this.subscribers.add(sub);
    return sub;
  }

  /** The client left; returns whether it was the last one. */
  part(sub: Subscriber): boolean {
    this.subscribers.delete(sub);
    if (--sub.state.users === 0 && sub.view.key !== undefined && this.views.get(sub.view.key) === sub.state) this.views.delete(sub.view.key);
    return this.subscribers.size === 0;
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
          // the notification may have been an agent's sign-out: that client's loop ends it
          for (const s of this.subscribers) if (s.view.signedIn && !s.view.signedIn()) s.poke();
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
    const fullRead = Date.now() - this.lastFullRead >= FULL_READ_MS;
    await this.refreshAttention(fullRead);
    const overflow = fresh.length > MAX_EVENTS_PER_REFRESH;
    if (overflow) fresh = fresh.slice(0, MAX_EVENTS_PER_REFRESH);
    if (fresh.length) this.lastSeq = fresh[fresh.length - 1]!.seq;
    const upsert: ChatRow[] = [];
    let remove: number[] = [];
    // updatedAt is the service clock's: so is the read time it is compared with
    const readAt = ctx.now();
    if (fullRead || overflow) {
      // the full read: every open chat, in the queue's order; what left it is removed
      const rows = await listOpenChats({ ctx, input: { shop: shopId, limit: MAX_OPEN_CHATS } });
      const next = new Map<number, { row: ChatRow; fp: string }>();
      for (const row of rows) {
        const fp = fingerprint(row);
        if (this.rows.get(row.id)?.fp !== fp) upsert.push(row);
        next.set(row.id, { row, fp });
      }
      remove = [...this.rows.keys()].filter((id) => !next.has(id));
      this.rows = next;
      this.sorted = rows;
      this.lastFullRead = Date.now();
    } else {
      // between full reads only the chats written since the last read (and a margin for
      // units still committing when it ran): a refresh costs the changes, not every open chat.
      // The margin's chats are listed by (id, updatedAt) alone; whole rows are read only for
      // those whose stamp moved since this feed last read them, or that carry a stamp from the
      // last read's start on (a second write within that millisecond keeps the stamp). Before,
      // every chat of the margin was read whole on every refresh: ~20 rows per message.
      const since = this.lastRead - CHANGE_MARGIN_MS;
      const stamps = await listChatStampsSince({ ctx, input: { shop: shopId, sinceMs: since } });
      const moved = stamps.filter((s) => s.updatedAt >= this.lastRead || this.stamps.get(s.id) !== s.updatedAt).map((s) => s.id);
      for (const [id, at] of this.stamps) if (at < since) this.stamps.delete(id);
      for (const row of await getChatsByIds({ ctx, input: { shop: shopId, ids: moved } })) {
        this.stamps.set(row.id, row.updatedAt);
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
      if (upsert.length || remove.length) this.sorted = null;
    }
    this.lastRead = readAt;
    if (!upsert.length && !remove.length && !fresh.length && !overflow) return;
    const messages = fresh.map((e) => ({ ...presentEvent(e), platform: e.platform, conversation: e.conversation }));
    const change: Change = {
      upsert,
      chatJson: new Map(),
      remove,
      messages,
      messageKeys: messages.map(keyOf),
      overflow,
      bodies: new Map(),
    };
    // past the overflow every client resyncs; the views' states start again from the feed's
    if (overflow) for (const state of new Set([...this.subscribers].map((s) => s.state))) state.showOnly(this.order().filter((r) => state.view.sees(r)));
    const now = ctx.now();
    for (const s of this.subscribers) s.deliver(change, now);
  }

  /**
   * Reads the shop's 提醒设置 if a console needs them and they may have changed; a change
   * (not the first read: snapshots carry that) goes to every console at once, ahead of any
   * delta of the same refresh.
   */
  private async refreshAttention(fullRead: boolean): Promise<void> {
    if (!this.attentionDirty && !fullRead && this.attentionJson !== undefined) return;
    if (![...this.subscribers].some((s) => s.view.attention)) return;
    const shop = this.ctx.shops.get(this.shopId);
    if (!shop) return;
    this.attentionDirty = false;
    const json = JSON.stringify(await getAttention({ ctx: this.ctx, input: { shop } }));
    const before = this.attentionJson;
    this.attentionJson = json;
    if (before === undefined || before === json) return;
    for (const s of this.subscribers) if (s.view.attention) s.push(rawFrame("attention", s.nextId(), json));
  }

  /** The client's snapshot from the feed's current state (a console's 提醒设置 first); resets what it sees. */
  snapshotFor(sub: Subscriber, now: number): string {
    const mine = this.order().filter((r) => sub.view.sees(r));
    sub.state.showOnly(mine); // what the state already holds (it follows every change): the snapshot's reset all the same
    sub.stats.snapshots++;
    const attention = sub.view.attention && this.attentionJson !== undefined ? rawFrame("attention", sub.nextId(), this.attentionJson) : "";
    return attention + frame("chats", sub.nextId(), sub.view.snapshot(mine, now));
  }
}

/** each shop's feed, on the service context (ctx.cache): an app's feeds are its own */
const FEEDS = cacheKey<Map<string, ShopFeed>>("http.liveFeeds");

function feedFor(ctx: ServiceContext, shopId: string): ShopFeed {
  const byShop = ctx.cache.get(FEEDS) ?? ctx.cache.set(FEEDS, new Map());
  let feed = byShop.get(shopId);
  if (!feed) byShop.set(shopId, (feed = new ShopFeed(ctx, shopId)));
  return feed;
}

function leave(ctx: ServiceContext, feed: ShopFeed, sub: Subscriber): void {
  if (!feed.part(sub)) return;
  feed.close();
  const byShop = ctx.cache.get(FEEDS);
  if (byShop?.get(feed.shopId) === feed) byShop.delete(feed.shopId);
}

/** Counters of the clients connected to a shop's feed (tests, `bench:console`). */
export function liveStats(ctx: ServiceContext, shopId: string): SubscriberStats[] {
  const feed = ctx.cache.get(FEEDS)?.get(shopId);
  return feed ? [...feed.subscribers].map((s) => ({ ...s.stats })) : [];
}

export function streamLive(c: Context<AppEnv>, shopId: string, view: LiveView, opts: { maxBuffered?: number } = {}) {
  return streamSSE(c, async (stream) => {
    const ctx = c.var.ctx;
    const abort = new AbortController();
    stream.onAbort(() => abort.abort());
    const stopListening = ctx.changes.onStop(() => abort.abort());

    const feed = feedFor(ctx, shopId);
    const sub = feed.join(view, opts.maxBuffered ?? DEFAULT_MAX_BUFFERED);
    const started = Date.now();
    let lastWrite = Date.now();
    try {
      // up to date before the first snapshot, so it is the state of now
      await feed.refresh(true);
      while (!abort.signal.aborted && Date.now() - started < MAX_STREAM_MS && (view.signedIn?.() ?? true)) {
        if (sub.resync) {
          sub.resync = false;
          sub.queue.length = 0;
          sub.buffered = 0;
          await stream.write(feed.snapshotFor(sub, ctx.now()));
          lastWrite = Date.now();
        }
        while (sub.queue.length && !sub.resync && !abort.signal.aborted) {
          const f = sub.queue.shift()!;
          sub.buffered -= f.chars;
          await stream.write(f.data); // waits while this client does not read: only this loop stalls
          lastWrite = Date.now();
        }
        if (sub.resync || sub.queue.length) continue;
        if (Date.now() - lastWrite >= HEARTBEAT_MS) {
          await stream.write(": ping\n\n");
          lastWrite = Date.now();
        }
        // a notification that found no loop asleep (all writing) is picked up here
        if (!feed.wantsRun()) await sub.wait(POLL_MS, abort.signal);
        if (abort.signal.aborted) break;
        // not awaited: a run may go on while changes keep coming (MIN_REFRESH_GAP_MS apart),
        // and what it hands this client must be written meanwhile; its push wakes the wait
        void feed.refresh();
      }
    } finally {
      stopListening();
      leave(ctx, feed, sub);
    }
  });
}
