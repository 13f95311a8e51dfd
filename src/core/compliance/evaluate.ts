/**
 * The one engine: every rule of docs/compliance-rules.md, computed for one conversation on
 * one natural day. Rules differ only in their data (RuleSpec); the branches below are on
 * the rule's *unit* and *clock origin*, never on its platform.
 */
import { isCountedReply, isShopReply, type RuleSpec } from "../rules/presets.js";
import { clockToMs, dayStartMs } from "../time.js";
import { sortedUnique } from "./order.js";
import { TIER_LIMITS_MS, type Carry, type Contribution, type DayInput, type DayOutput, type EngineEvent, type ExplainItem, type ItemStatus, type ReplyRef, type Tiers } from "./types.js";

export const EXCLUDED_CONVERSATION = "internal or staff conversation (never assessed)";

interface Window {
  start: number;
  end: number;
}
const windows = new WeakMap<RuleSpec, Window>();
/** Parsed once per rule object: the hot path must not re-parse "HH:MM" per message. */
export function windowOf(rule: RuleSpec): Window {
  let w = windows.get(rule);
  if (!w) {
    w = { start: clockToMs(rule.window.start), end: clockToMs(rule.window.end) };
    windows.set(rule, w);
  }
  return w;
}

function replyRef(e: EngineEvent): ReplyRef {
  const r: ReplyRef = { id: e.id, at: e.at, from: e.from === "bot" ? "bot" : "human" };
  if (e.agent !== undefined) r.agent = e.agent;
  if (e.bot !== undefined) r.bot = e.bot;
  if (e.mode !== undefined) r.mode = e.mode;
  return r;
}

function sourceName(e: EngineEvent): string {
  if (e.from === "human") return "human";
  return `bot ${e.bot ?? "(unnamed)"}${e.mode ? ` (${e.mode})` : ""}`;
}

export function tierOf(ms: number | null): number {
  if (ms === null) return 4;
  for (let i = 0; i < TIER_LIMITS_MS.length; i++) if (ms <= TIER_LIMITS_MS[i]!) return i;
  return 3;
}

/** Collects one rule's items on one conversation-day. */
class RuleDay {
  readonly w: Window;
  readonly dayStart: number;
  readonly limitMs: number | null;
  readonly counted: boolean[];
  /** index of the first counted reply at or after i, or -1 */
  readonly nextCounted: Int32Array;

  constructor(
    readonly rule: RuleSpec,
    readonly input: DayInput,
    readonly events: EngineEvent[],
    readonly sink: Sink,
  ) {
    this.w = windowOf(rule);
    this.dayStart = dayStartMs(input.day);
    this.limitMs = rule.limitSeconds === null ? null : rule.limitSeconds * 1000;
    this.counted = events.map((e) => isShopReply(e) && isCountedReply(rule.counted, e));
    this.nextCounted = new Int32Array(events.length + 1).fill(-1);
    for (let i = events.length - 1; i >= 0; i--) this.nextCounted[i] = this.counted[i] ? i : this.nextCounted[i + 1]!;
  }

  inWindow(at: number): boolean {
    const t = at - this.dayStart;
    return t >= this.w.start && t < this.w.end;
  }

  /** Judges an item whose clock starts at clockFrom and is stopped by events[replyIdx]. */
  judge(startIdx: number, clockFrom: number, replyIdx: number, agent: string | null): void {
    const reply = replyIdx >= 0 ? this.events[replyIdx]! : undefined;
    const ms = reply ? Math.max(0, reply.at - clockFrom) : null;
    const inTime = ms !== null && (this.limitMs === null || ms <= this.limitMs);
    this.sink.add(this, startIdx, clockFrom, reply, ms, inTime ? "in-time" : "late", agent, inTime ? undefined : reply ? undefined : "no counted reply by midnight");
  }

  exclude(startIdx: number, clockFrom: number, reply: EngineEvent | undefined, agent: string | null, reason: string): void {
    const ms = reply ? Math.max(0, reply.at - clockFrom) : null;
    this.sink.add(this, startIdx, clockFrom, reply, ms, "excluded", agent, reason);
  }

  /** Units `message` and `conversation-day`: per buyer message (or the day's first assessed one). */
  messages(firstOnly: boolean): void {
    const { events, rule, input } = this;
    let streak: number | null = input.carryIn.streakStart[rule.id] ?? null;
    let holder = input.carryIn.agent;
    let since = input.carryIn.agentSince;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      if (e.type === "assigned") {
        holder = e.agent ?? null;
        since = e.at;
        continue;
      }
      if (this.counted[i]) {
        streak = null;
        continue;
      }
      if (e.from !== "buyer") continue;
      if (streak === null) streak = e.at;
      if (!this.inWindow(e.at)) continue;
      const origin = rule.clockOrigin === "streak" ? streak : e.at;
      if (rule.excludeUncountedFirstReply) {
        // Douyin assist-bots-counted: a message a full-auto robot took is outside the metric.
        const first = this.nextShopReply(i + 1);
        if (first >= 0 && !this.counted[first]) {
          this.exclude(i, origin, events[first], null, `answered by ${sourceName(events[first]!)}: not in the metric (assist-bots-counted)`);
          if (firstOnly) return;
          continue;
        }
      }
      if (!rule.perAgent) {
        this.judge(i, origin, this.nextCounted[i + 1]!, null);
      } else if (holder !== null) {
        this.judge(i, Math.max(origin, since ?? origin), this.nextCounted[i + 1]!, holder);
      } else {
        // Choice 5: waiting in the queue, the message belongs to the agent who receives it next.
        let j = i + 1;
        while (j < events.length && events[j]!.type !== "assigned") j++;
        const next = events[j];
        if (next?.agent !== undefined) this.judge(i, Math.max(origin, next.at), this.nextCounted[i + 1]!, next.agent);
        else this.exclude(i, origin, undefined, null, "in the queue all day: never entered an agent's reception list");
      }
      if (firstOnly) return;
    }
  }

  nextShopReply(from: number): number {
    for (let j = from; j < this.events.length; j++) if (isShopReply(this.events[j]!)) return j;
    return -1;
  }

  /**
   * Unit `conversation` (Douyin experience score, edition feige-2024): one item per
   * conversation-day, clocked from the transfer to a human — the day's first `assigned`
   * event, or the first buyer message when the log has none that day (no robot in front).
   * Every buyer message still waiting at the transfer or sent after it is clocked from the
   * later of its time and the transfer;
   * one over the limit, or unanswered that day, scores the whole conversation 0. A message
   * outside the window is an offline message (留言): unanswered within the limit it too scores
   * 0. The item is assessed when one of those messages falls inside the window.
   */
  conversation(): void {
    const { events } = this;
    let transfer = -1;
    for (let i = 0; i < events.length && transfer < 0; i++) if (events[i]!.type === "assigned") transfer = i;
    const from = transfer >= 0 ? events[transfer]!.at : -Infinity;
    let startIdx = -1;
    let assessed = false;
    let worst: { idx: number; clock: number; reply: number; ms: number } | null = null;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      if (e.type !== "message" || e.from !== "buyer") continue;
      const reply = this.nextCounted[i + 1]!;
      // before the transfer: only what is still waiting for a human when it comes
      if (e.at < from && reply >= 0 && events[reply]!.at < from) continue;
      const clock = Math.max(e.at, from);
      if (startIdx < 0) startIdx = i;
      if (this.inWindow(clock)) assessed = true;
      const ms = reply >= 0 ? Math.max(0, events[reply]!.at - clock) : Infinity;
      if (!worst || ms > worst.ms) worst = { idx: i, clock, reply, ms };
    }
    if (!assessed || !worst) return;
    const offline = !this.inWindow(worst.clock);
    if (this.limitMs !== null && worst.ms > this.limitMs && offline && worst.reply >= 0) {
      this.sink.add(this, startIdx, worst.clock, events[worst.reply], worst.ms, "late", null, "offline message answered late: the conversation scores 0");
      return;
    }
    this.judge(startIdx, worst.clock, worst.reply, null);
  }

  /** Unit `round` (首问首答): first buyer message after a shop reply → the shop's first reply. */
  rounds(): void {
    const { events, rule, input } = this;
    // A round open since an earlier day absorbs today's buyer messages; it belongs to its own day.
    let open = input.carryIn.roundStart !== null;
    let startIdx = -1;
    const close = (replyIdx: number): void => {
      const start = events[startIdx]!;
      if (!this.inWindow(start.at)) return;
      const reply = events[replyIdx]!;
      if (!this.counted[replyIdx] && rule.excludeUncountedFirstReply) {
        this.exclude(startIdx, start.at, reply, null, `first reply not counted: ${sourceName(reply)} (choice 1)`);
      } else {
        this.judge(startIdx, start.at, this.nextCounted[replyIdx]!, null);
      }
    };
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      if (e.type !== "message") continue;
      if (e.from === "buyer") {
        if (!open) {
          open = true;
          startIdx = i;
        }
      } else if (isShopReply(e) && open) {
        if (startIdx >= 0) close(i);
        open = false;
        startIdx = -1;
      }
    }
    if (startIdx >= 0 && this.inWindow(events[startIdx]!.at)) {
      const start = events[startIdx]!;
      if (input.laterShopReply && rule.excludeCrossDay) {
        this.exclude(startIdx, start.at, undefined, null, "answered on a later day: cross-day round (choice 2)");
      } else {
        this.judge(startIdx, start.at, -1, null);
      }
    }
  }

  /** Unit `person-day`: buyer × sub-account, counted once a day. */
  persons(): void {
    const { events } = this;
    const persons = new Map<string, { first: number; last: number }>();
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      if (e.type !== "message" || e.from !== "buyer" || !this.inWindow(e.at)) continue;
      const key = e.agent ?? "";
      const p = persons.get(key);
      if (p) p.last = i;
      else persons.set(key, { first: i, last: i });
    }
    for (const [agent, p] of persons) {
      // With a clock: from the person's first assessed message; without one: did the last get a reply?
      const from = this.limitMs === null ? p.last : p.first;
      let r = this.nextCounted[from + 1]!;
      // A reply from another sub-account is another chat window: it answers a different person.
      while (r >= 0 && agent !== "" && events[r]!.agent !== undefined && events[r]!.agent !== agent) r = this.nextCounted[r + 1]!;
      this.judge(p.first, events[from]!.at, r, agent);
    }
  }
}

/** Accumulates contributions and (optionally) explanation items of one conversation-day. */
class Sink {
  readonly contributions = new Map<string, Contribution>();
  readonly items: ExplainItem[] = [];
  constructor(
    readonly input: DayInput,
    readonly explain: boolean,
  ) {}

  add(rd: RuleDay, startIdx: number, clockFrom: number, reply: EngineEvent | undefined, ms: number | null, status: ItemStatus, agent: string | null, reason: string | undefined): void {
    const { input } = this;
    if (input.excluded) {
      status = "excluded";
      reason = EXCLUDED_CONVERSATION;
    }
    if (status !== "excluded") {
      const contribAgent = rd.rule.perAgent ? agent : null;
      const key = `${rd.rule.id}\u0000${contribAgent ?? ""}`;
      let c = this.contributions.get(key);
      if (!c) {
        c = { rule: rd.rule.id, agent: contribAgent, day: input.day, numerator: 0, denominator: 0, tiers: [0, 0, 0, 0, 0] as Tiers };
        this.contributions.set(key, c);
      }
      c.denominator++;
      if (status === "in-time") c.numerator++;
      const t = tierOf(ms);
      c.tiers[t] = c.tiers[t]! + 1;
    }
    if (!this.explain) return;
    const start = rd.events[startIdx]!;
    const item: ExplainItem = {
      rule: rd.rule.id,
      platform: input.ref.platform,
      shop: input.ref.shop,
      conversation: input.ref.conversation,
      agent,
      day: input.day,
      unit: rd.rule.unit,
      startId: start.id,
      start: start.at,
      clockFrom,
      reply: reply ? replyRef(reply) : null,
      seconds: ms === null ? null : ms / 1000,
      status,
    };
    if (reason !== undefined) item.reason = reason;
    this.items.push(item);
  }
}

/** The state the next day inherits. */
export function carryOut(events: readonly EngineEvent[], rules: readonly RuleSpec[], carryIn: Carry): Carry {
  let agent = carryIn.agent;
  let agentSince = carryIn.agentSince;
  let roundStart = carryIn.roundStart;
  const streakRules = rules.filter((r) => r.clockOrigin === "streak");
  const streakStart: Partial<Record<RuleSpec["id"], number>> = {};
  for (const r of streakRules) if (carryIn.streakStart[r.id] !== undefined) streakStart[r.id] = carryIn.streakStart[r.id];
  for (const e of events) {
    if (e.type === "assigned") {
      agent = e.agent ?? null;
      agentSince = e.at;
      continue;
    }
    if (e.from === "buyer") {
      if (roundStart === null) roundStart = e.at;
      for (const r of streakRules) if (streakStart[r.id] === undefined) streakStart[r.id] = e.at;
    } else if (isShopReply(e)) {
      roundStart = null;
      for (const r of streakRules) if (isCountedReply(r.counted, e)) delete streakStart[r.id];
    }
  }
  return { agent, agentSince, streakStart, roundStart };
}

export interface EvaluateOptions {
  /** build ExplainItems (the figures alone never need them) */
  explain?: boolean;
  /** events are already sorted and unique (the batch path sorts once per conversation) */
  sorted?: boolean;
}

/**
 * Every rule for one conversation on one natural day. `rules` are the rules of the
 * conversation's platform; contributions carry the day so that aggregates are plain sums.
 */
export function evaluateConversationDay(input: DayInput, rules: readonly RuleSpec[], options: EvaluateOptions = {}): DayOutput {
  const events = options.sorted ? input.events : sortedUnique(input.events);
  const sink = new Sink(input, options.explain ?? false);
  let openRoundAtEnd = false;
  // An excluded conversation contributes nothing; evaluate it only to explain why.
  if (!input.excluded || sink.explain) {
    for (const rule of rules) {
      if (rule.platform !== input.ref.platform) continue;
      const rd = new RuleDay(rule, input, events, sink);
      if (rule.unit === "message") rd.messages(false);
      else if (rule.unit === "conversation-day") rd.messages(true);
      else if (rule.unit === "round") rd.rounds();
      else if (rule.unit === "conversation") rd.conversation();
      else rd.persons();
    }
  }
  const carry = carryOut(events, rules, input.carryIn);
  // Only a round that started today can still change today's figures (choice 2).
  if (carry.roundStart !== null && carry.roundStart >= dayStartMs(input.day)) openRoundAtEnd = true;
  return { contributions: [...sink.contributions.values()], items: sink.items, carryOut: carry, openRoundAtEnd };
}
