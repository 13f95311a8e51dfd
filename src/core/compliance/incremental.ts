/**
 * Incremental maintenance of the per-day aggregates as messages arrive. Only the
 * conversation-days an arrival can change are recomputed (the day itself, later days whose
 * inherited carry changes, and a day whose open round a later reply turns cross-day);
 * everything else stays as stored. A day's row keeps its resumable fold (stream.ts), so new
 * events that sort after the day's last one extend it without reading the day again: folding
 * is linear in the new events. Anything else (an event out of order, a changed carry, a row
 * without the state) reads and feeds the whole day once. The storage behind it is an
 * interface, so the in-memory version (tests) and the database version
 * (services/compliance.ts) share this one algorithm.
 */
import { dayNumber } from "../time.js";
import { isShopReply } from "../rules/presets.js";
import { Aggregates } from "./aggregate.js";
import { isExcludingEvent } from "./batch.js";
import { sortedUnique } from "./order.js";
import { canExtend, feedDay, finishDay, startDay, type DayStream } from "./stream.js";
import { EMPTY_CARRY, type Carry, type Contribution, type ConversationRef, type EngineEvent, type RulesFor } from "./types.js";

export interface ConversationMeta {
  excluded: boolean;
  /** the last day with a shop reply; null when none */
  lastShopReplyDay: number | null;
}

export interface ConversationDayState {
  day: number;
  carryIn: Carry;
  carryOut: Carry;
  openRoundAtEnd: boolean;
  hasBuyer: boolean;
  contributions: Contribution[];
  /** the day's resumable fold; absent on rows written before it existed (the day is read again) */
  resume?: DayStream;
}

export interface ComplianceStore {
  getMeta(ref: ConversationRef): Promise<ConversationMeta | undefined>;
  putMeta(ref: ConversationRef, meta: ConversationMeta): Promise<void>;
  /** every event of the conversation on that day folded so far (the new ones included, none stored after them) */
  eventsOfDay(ref: ConversationRef, day: number): Promise<EngineEvent[]>;
  /** the conversation's evaluated days, ascending */
  listDays(ref: ConversationRef): Promise<ConversationDayState[]>;
  /** replaces a day's state; the store moves its aggregates by (new − previous) */
  putDay(ref: ConversationRef, state: ConversationDayState, previous: ConversationDayState | undefined): Promise<void>;
}

/** Carries compare by value; key order in stored JSON must not matter. */
export function sameCarry(a: Carry, b: Carry): boolean {
  if (a.agent !== b.agent || a.agentSince !== b.agentSince || a.roundStart !== b.roundStart) return false;
  const ka = Object.keys(a.streakStart) as (keyof Carry["streakStart"])[];
  if (ka.length !== Object.keys(b.streakStart).length) return false;
  return ka.every((k) => a.streakStart[k] === b.streakStart[k]);
}

/**
 * Brings one conversation's days up to date after `arrived` (already stored) events.
 * Returns the days that were recomputed.
 */
export async function updateConversation(store: ComplianceStore, ref: ConversationRef, arrived: readonly EngineEvent[], rulesFor: RulesFor): Promise<number[]> {
  if (arrived.length === 0) return [];
  const rules = rulesFor(ref.platform, ref.shop);
  const stored = await store.getMeta(ref);
  const meta = stored ?? { excluded: false, lastShopReplyDay: null };
  const next: ConversationMeta = { ...meta };
  const dirty = new Set<number>();
  const arrivedByDay = new Map<number, EngineEvent[]>();
  for (const e of arrived) {
    const day = dayNumber(e.at);
    dirty.add(day);
    let list = arrivedByDay.get(day);
    if (!list) arrivedByDay.set(day, (list = []));
    list.push(e);
    if (isExcludingEvent(e)) next.excluded = true;
    if (isShopReply(e) && (next.lastShopReplyDay === null || day > next.lastShopReplyDay)) next.lastShopReplyDay = day;
  }
  const states = await store.listDays(ref);
  const byDay = new Map(states.map((s) => [s.day, s]));
  for (const s of states) {
    // An exclusion reaches back over every day; a later reply can turn an open round cross-day (choice 2).
    if (next.excluded !== meta.excluded) dirty.add(s.day);
    const laterBefore = meta.lastShopReplyDay !== null && meta.lastShopReplyDay > s.day;
    const laterNow = next.lastShopReplyDay !== null && next.lastShopReplyDay > s.day;
    if (s.openRoundAtEnd && laterBefore !== laterNow) dirty.add(s.day);
  }
  const days = [...new Set([...byDay.keys(), ...dirty])].sort((a, b) => a - b);
  const firstDirty = Math.min(...dirty);
  const recomputed: number[] = [];
  let carry: Carry = EMPTY_CARRY;
  for (const day of days) {
    const prev = byDay.get(day);
    if (day < firstDirty && prev) {
      carry = prev.carryOut;
      continue;
    }
    if (prev && !dirty.has(day) && sameCarry(prev.carryIn, carry)) {
      carry = prev.carryOut;
      continue;
    }
    const fresh = sortedUnique(arrivedByDay.get(day) ?? []);
    let stream: DayStream;
    if (prev?.resume && sameCarry(prev.carryIn, carry) && canExtend(prev.resume, rules, fresh)) {
      // the usual case: the new events come after the day's last one; the day is not read again
      stream = prev.resume;
      feedDay(stream, rules, fresh);
    } else {
      stream = startDay(day, carry, rules);
      feedDay(stream, rules, sortedUnique(await store.eventsOfDay(ref, day)));
    }
    const out = finishDay(stream, rules, { laterShopReply: next.lastShopReplyDay !== null && next.lastShopReplyDay > day, excluded: next.excluded });
    await store.putDay(ref, { day, carryIn: carry, carryOut: out.carryOut, openRoundAtEnd: out.openRoundAtEnd, hasBuyer: out.hasBuyer, contributions: out.contributions, resume: stream }, prev);
    recomputed.push(day);
    carry = out.carryOut;
  }
  if (next.excluded !== meta.excluded || next.lastShopReplyDay !== meta.lastShopReplyDay || !stored) await store.putMeta(ref, next);
  return recomputed;
}

/** The in-memory store: the reference implementation the database one must match. */
export class MemoryComplianceStore implements ComplianceStore {
  readonly aggregates = new Aggregates();
  private readonly metas = new Map<string, ConversationMeta>();
  private readonly events = new Map<string, Map<number, Map<string, EngineEvent>>>();
  private readonly states = new Map<string, Map<number, ConversationDayState>>();

  private key(ref: ConversationRef): string {
    return `${ref.platform}\u0000${ref.shop}\u0000${ref.conversation}`;
  }

  /** Stores events (de-duplicated by id, as the app's ingest does); returns the new ones. */
  append(ref: ConversationRef, events: readonly EngineEvent[]): EngineEvent[] {
    const k = this.key(ref);
    let byDay = this.events.get(k);
    if (!byDay) this.events.set(k, (byDay = new Map()));
    const fresh: EngineEvent[] = [];
    for (const e of events) {
      const day = dayNumber(e.at);
      let m = byDay.get(day);
      if (!m) byDay.set(day, (m = new Map()));
      if (m.has(e.id)) continue;
      m.set(e.id, e);
      fresh.push(e);
    }
    return fresh;
  }

  async getMeta(ref: ConversationRef): Promise<ConversationMeta | undefined> {
    return this.metas.get(this.key(ref));
  }
  async putMeta(ref: ConversationRef, meta: ConversationMeta): Promise<void> {
    this.metas.set(this.key(ref), { ...meta });
  }
  async eventsOfDay(ref: ConversationRef, day: number): Promise<EngineEvent[]> {
    return [...(this.events.get(this.key(ref))?.get(day)?.values() ?? [])];
  }
  async listDays(ref: ConversationRef): Promise<ConversationDayState[]> {
    return [...(this.states.get(this.key(ref))?.values() ?? [])].sort((a, b) => a.day - b.day);
  }
  async putDay(ref: ConversationRef, state: ConversationDayState, previous: ConversationDayState | undefined): Promise<void> {
    const k = this.key(ref);
    let m = this.states.get(k);
    if (!m) this.states.set(k, (m = new Map()));
    for (const c of previous?.contributions ?? []) this.aggregates.add(ref.platform, ref.shop, c, -1);
    for (const c of state.contributions) this.aggregates.add(ref.platform, ref.shop, c, 1);
    this.aggregates.markDay(ref.platform, ref.shop, state.day, state.hasBuyer);
    m.set(state.day, state);
  }
}
