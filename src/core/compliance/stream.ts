/**
 * The day's evaluation as a fold over its events, resumable: what evaluateConversationDay
 * computes for the figures (contributions, carry, open round, buyer seen), but kept as a small
 * state that later events of the same day extend. Folding a conversation-day then costs the
 * new events, not the whole day again (issue 16: a 30,000-message conversation folded in
 * plans of 512 re-read and re-evaluated its day 59 times).
 *
 * The state holds the items already judged (as sums) and the ones still waiting for something
 * later in the day (a counted reply, an assignment, the end of the day); `finish` judges the
 * waiting ones as the end of the day would. It is plain JSON: stored beside the day's row.
 * Only events that sort after everything already fed can extend a state (`canExtend`); an
 * event arriving out of order makes the caller feed the whole day again. evaluate.ts stays the
 * reference (and the explanation): property-tested equal (test/compliance/stream.happy.test.ts).
 */
import { isCountedReply, isShopReply, type RuleId, type RuleSpec } from "../rules/presets.js";
import { dayStartMs } from "../time.js";
import { carryOut, tierOf, windowOf } from "./evaluate.js";
import { compareEvents, rankOf } from "./order.js";
import type { Carry, Contribution, EngineEvent, Tiers } from "./types.js";

/** A buyer message (unit message / conversation-day) whose judgement waits for later events. */
interface WaitingMessage {
  origin: number;
  /** where its clock starts; null while it waits for the agent who will receive it */
  clock: number | null;
  agent: string | null;
  /** the first counted reply after it */
  replyAt: number | null;
  /** excludeUncountedFirstReply: waiting to see whether the first shop reply is counted */
  firstShop: boolean;
}

type RuleState =
  | { unit: "message"; streak: number | null; holder: string | null; since: number | null; taken: boolean; waiting: WaitingMessage[] }
  | { unit: "round"; open: boolean; start: number | null; waiting: number[] }
  | { unit: "conversation"; transfer: number | null; before: Worst; after: Worst; waiting: number[] }
  | { unit: "person"; persons: Person[] };

/** The worst-answered message so far (unit conversation); worstMs −1: none yet. */
interface Worst {
  assessed: boolean;
  worstMs: number;
}
interface Person {
  key: string;
  first: number;
  firstReply: number | null;
  last: number;
  lastReply: number | null;
}

export interface DayStream {
  day: number;
  /** the carry the next day inherits, so far */
  carry: Carry;
  hasBuyer: boolean;
  /** the last event fed, as its sort key [at, rank, id] */
  last: [number, number, string] | null;
  /** per rule id, in the order of the rules */
  rules: { id: RuleId; state: RuleState }[];
  /** items judged for good */
  judged: Contribution[];
}

export function startDay(day: number, carryIn: Carry, rules: readonly RuleSpec[]): DayStream {
  return {
    day,
    carry: carryOut([], rules, carryIn),
    hasBuyer: false,
    last: null,
    judged: [],
    rules: rules.map((rule) => ({ id: rule.id, state: initial(rule, carryIn) })),
  };
}

function initial(rule: RuleSpec, carryIn: Carry): RuleState {
  switch (rule.unit) {
    case "message":
    case "conversation-day":
      return { unit: "message", streak: carryIn.streakStart[rule.id] ?? null, holder: carryIn.agent, since: carryIn.agentSince, taken: false, waiting: [] };
    case "round":
      return { unit: "round", open: carryIn.roundStart !== null, start: null, waiting: [] };
    case "conversation":
      return { unit: "conversation", transfer: null, before: { assessed: false, worstMs: -1 }, after: { assessed: false, worstMs: -1 }, waiting: [] };
    default:
      return { unit: "person", persons: [] };
  }
}

/** The state was made for these rules, and every event sorts after what it has seen. */
export function canExtend(stream: DayStream, rules: readonly RuleSpec[], sortedEvents: readonly EngineEvent[]): boolean {
  if (stream.rules.length !== rules.length || stream.rules.some((r, i) => r.id !== rules[i]!.id)) return false;
  const first = sortedEvents[0];
  if (!first || !stream.last) return true;
  const [at, , id] = stream.last;
  const last = { id, at, from: rankFrom(stream.last[1]), type: stream.last[1] === 0 ? "assigned" : "message" } as EngineEvent;
  return compareEvents(first, last) > 0;
}

/** A stand-in sender with the given rank (compareEvents reads only at, rank and id). */
function rankFrom(rank: number): EngineEvent["from"] {
  return rank === 1 ? "buyer" : rank === 2 ? "human" : "system";
}

/** Feeds events of the stream's day, sorted and all after what it has seen; mutates it. */
export function feedDay(stream: DayStream, rules: readonly RuleSpec[], sortedEvents: readonly EngineEvent[]): void {
  if (sortedEvents.length === 0) return;
  const dayStart = dayStartMs(stream.day);
  rules.forEach((rule, i) => {
    const ctx = new RuleFeed(rule, stream.day, dayStart, stream.judged);
    const state = stream.rules[i]!.state;
    for (const e of sortedEvents) ctx.feed(state, e);
  });
  stream.carry = carryOut(sortedEvents, rules, stream.carry);
  if (!stream.hasBuyer) stream.hasBuyer = sortedEvents.some((e) => e.from === "buyer" && e.type === "message");
  const e = sortedEvents[sortedEvents.length - 1]!;
  stream.last = [e.at, rankOf(e), e.id];
}

export interface DayFinish {
  contributions: Contribution[];
  carryOut: Carry;
  openRoundAtEnd: boolean;
  hasBuyer: boolean;
}

/** The day's figures as if it ended now (the stream itself is not changed). */
export function finishDay(stream: DayStream, rules: readonly RuleSpec[], flags: { laterShopReply: boolean; excluded: boolean }): DayFinish {
  const out: Contribution[] = stream.judged.map((c) => ({ ...c, tiers: [...c.tiers] as Tiers }));
  if (!flags.excluded) {
    const dayStart = dayStartMs(stream.day);
    rules.forEach((rule, i) => new RuleFeed(rule, stream.day, dayStart, out).finish(stream.rules[i]!.state, flags.laterShopReply));
  } else out.length = 0; // an excluded conversation contributes nothing (evaluate.ts, Sink)
  const roundStart = stream.carry.roundStart;
  return { contributions: out, carryOut: stream.carry, openRoundAtEnd: roundStart !== null && roundStart >= dayStartMs(stream.day), hasBuyer: stream.hasBuyer };
}

/** One rule's step over one event, mirroring RuleDay in evaluate.ts unit by unit. */
class RuleFeed {
  private readonly w: { start: number; end: number };
  private readonly limitMs: number | null;

  constructor(
    private readonly rule: RuleSpec,
    private readonly day: number,
    private readonly dayStart: number,
    private readonly sums: Contribution[],
  ) {
    this.w = windowOf(rule);
    this.limitMs = rule.limitSeconds === null ? null : rule.limitSeconds * 1000;
  }

  private inWindow(at: number): boolean {
    const t = at - this.dayStart;
    return t >= this.w.start && t < this.w.end;
  }

  private counted(e: EngineEvent): boolean {
    return isShopReply(e) && isCountedReply(this.rule.counted, e);
  }

  /** evaluate.ts judge(), for the sums only */
  private judge(clock: number, replyAt: number | null, agent: string | null): void {
    const ms = replyAt === null ? null : Math.max(0, replyAt - clock);
    const inTime = ms !== null && (this.limitMs === null || ms <= this.limitMs);
    this.add(inTime, tierOf(ms), agent);
  }

  private add(inTime: boolean, tier: number, agent: string | null): void {
    const contribAgent = this.rule.perAgent ? agent : null;
    let c = this.sums.find((s) => s.rule === this.rule.id && s.agent === contribAgent);
    if (!c) this.sums.push((c = { rule: this.rule.id, agent: contribAgent, day: this.day, numerator: 0, denominator: 0, tiers: [0, 0, 0, 0, 0] }));
    c.denominator++;
    if (inTime) c.numerator++;
    c.tiers[tier] = c.tiers[tier]! + 1;
  }

  feed(s: RuleState, e: EngineEvent): void {
    if (s.unit === "message") this.message(s, e);
    else if (s.unit === "round") this.round(s, e);
    else if (s.unit === "conversation") this.conversation(s, e);
    else this.person(s, e);
  }

  /** RuleDay.messages: judged once its counted reply (and, per agent, its receiver) is known */
  private message(s: Extract<RuleState, { unit: "message" }>, e: EngineEvent): void {
    if (e.type === "assigned") {
      s.holder = e.agent ?? null;
      s.since = e.at;
      // the first assignment after a queued message names who receives it, or leaves it excluded
      s.waiting = s.waiting.filter((m) => {
        if (m.clock !== null) return true;
        if (e.agent === undefined) return false;
        m.clock = Math.max(m.origin, e.at);
        m.agent = e.agent;
        return true;
      });
      this.settle(s);
      return;
    }
    if (this.counted(e)) {
      s.streak = null;
      for (const m of s.waiting) {
        if (m.replyAt === null) m.replyAt = e.at;
        m.firstShop = false;
      }
      this.settle(s);
      return;
    }
    if (isShopReply(e)) {
      // an uncounted first reply takes the message out of the metric (assist-bots-counted)
      s.waiting = s.waiting.filter((m) => !m.firstShop);
      return;
    }
    if (e.from !== "buyer") return;
    if (s.streak === null) s.streak = e.at;
    if (!this.inWindow(e.at) || (s.taken && this.rule.unit === "conversation-day")) return;
    s.taken = true;
    const origin = this.rule.clockOrigin === "streak" ? s.streak : e.at;
    const m: WaitingMessage = { origin, clock: origin, agent: null, replyAt: null, firstShop: this.rule.excludeUncountedFirstReply };
    if (this.rule.perAgent) {
      if (s.holder !== null) {
        m.clock = Math.max(origin, s.since ?? origin);
        m.agent = s.holder;
      } else m.clock = null;
    }
    s.waiting.push(m);
  }

  private settle(s: Extract<RuleState, { unit: "message" }>): void {
    s.waiting = s.waiting.filter((m) => {
      if (m.replyAt === null || m.clock === null || m.firstShop) return true;
      this.judge(m.clock, m.replyAt, m.agent);
      return false;
    });
  }

  /** RuleDay.rounds: a round closes at the first shop reply; judged by the counted one */
  private round(s: Extract<RuleState, { unit: "round" }>, e: EngineEvent): void {
    if (e.type !== "message") return;
    const counted = this.counted(e);
    if (counted) {
      for (const start of s.waiting) this.judge(start, e.at, null);
      s.waiting = [];
    }
    if (e.from === "buyer") {
      if (!s.open) {
        s.open = true;
        s.start = e.at;
      }
    } else if (isShopReply(e) && s.open) {
      if (s.start !== null && this.inWindow(s.start)) {
        if (counted) this.judge(s.start, e.at, null);
        else if (!this.rule.excludeUncountedFirstReply) s.waiting.push(s.start);
      }
      s.open = false;
      s.start = null;
    }
  }

  /** RuleDay.conversation: the worst message from the transfer (the day's first assignment) */
  private conversation(s: Extract<RuleState, { unit: "conversation" }>, e: EngineEvent): void {
    if (e.type === "assigned") {
      if (s.transfer === null) s.transfer = e.at; // messages answered before it drop out with `before`
      return;
    }
    if (this.counted(e)) {
      const into = s.transfer === null ? s.before : s.after;
      for (const at of s.waiting) {
        const clock = Math.max(at, s.transfer ?? -Infinity);
        if (this.inWindow(clock)) into.assessed = true;
        into.worstMs = Math.max(into.worstMs, Math.max(0, e.at - clock));
      }
      s.waiting = [];
      return;
    }
    if (e.type === "message" && e.from === "buyer") s.waiting.push(e.at);
  }

  /** RuleDay.persons: buyer × sub-account, from the first (or, without a clock, the last) message */
  private person(s: Extract<RuleState, { unit: "person" }>, e: EngineEvent): void {
    if (this.counted(e)) {
      for (const p of s.persons) {
        // a reply from another sub-account answers a different person
        if (p.key !== "" && e.agent !== undefined && e.agent !== p.key) continue;
        if (p.firstReply === null) p.firstReply = e.at;
        if (p.lastReply === null) p.lastReply = e.at;
      }
      return;
    }
    if (e.type !== "message" || e.from !== "buyer" || !this.inWindow(e.at)) return;
    const key = e.agent ?? "";
    const p = s.persons.find((q) => q.key === key);
    if (p) {
      p.last = e.at;
      p.lastReply = null;
    } else s.persons.push({ key, first: e.at, firstReply: null, last: e.at, lastReply: null });
  }

  /** The end of the day: whatever still waits is judged (or excluded) as evaluate.ts would. */
  finish(s: RuleState, laterShopReply: boolean): void {
    if (s.unit === "message") {
      // waiting for the receiver all day: excluded; for a reply: none came
      for (const m of s.waiting) if (m.clock !== null) this.judge(m.clock, m.replyAt, m.agent);
    } else if (s.unit === "round") {
      for (const start of s.waiting) this.judge(start, null, null);
      if (s.start !== null && this.inWindow(s.start) && !(laterShopReply && this.rule.excludeCrossDay)) this.judge(s.start, null, null);
    } else if (s.unit === "conversation") {
      const w = { ...(s.transfer === null ? s.before : s.after) };
      for (const at of s.waiting) {
        if (this.inWindow(Math.max(at, s.transfer ?? -Infinity))) w.assessed = true;
        w.worstMs = Infinity;
      }
      if (!w.assessed || w.worstMs < 0) return;
      // one item a day: late or in time by its worst message (an offline message answered late scores 0 too)
      const ms = w.worstMs === Infinity ? null : w.worstMs;
      this.add(ms !== null && (this.limitMs === null || ms <= this.limitMs), tierOf(ms), null);
    } else {
      for (const p of s.persons) {
        const noClock = this.limitMs === null;
        this.judge(noClock ? p.last : p.first, noClock ? p.lastReply : p.firstReply, p.key);
      }
    }
  }
}
