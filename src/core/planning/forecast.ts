/**
 * Staffing forecast: per weekday and 30-minute slot, the fewest agents (each holding
 * `concurrency` chats) that keep a rule's rate at or above a target. Two models:
 *
 * - `sim` (default): a discrete-event simulation of the slot (Poisson arrivals at the measured
 *   rate × peak factor, the bot settling its measured share, FIFO queue to c = agents ×
 *   concurrency chat places, first reply `firstReply` after pick-up, exponential holding time
 *   with mean AHT), whose replies are fed as events through the real compliance engine: the
 *   rate the engine measures decides.
 * - `erlang-c`: the closed form, P(answered within T) = 1 − C(c, a)·exp(−(c − a)(T − firstReply)/AHT),
 *   a = λ·AHT, C the Erlang C waiting probability.
 *
 * Pure: history and options in, slots out (the engine is pure too).
 */
import { computeBatch } from "../compliance/batch.js";
import type { ChatEvent } from "../events.js";
import { rng } from "../random.js";
import { isCountedReply, type RuleSpec } from "../rules/presets.js";
import { clockToMs, dayStartMs } from "../time.js";
import { SLOT_MS, SLOTS_PER_DAY, type History, type SlotCounts } from "./history.js";

export type ForecastModel = "sim" | "erlang-c";

export interface ForecastOptions {
  rule: RuleSpec;
  /** the rate to keep, in (0, 1) */
  target: number;
  /** chats one agent holds at once */
  concurrency: number;
  /** overrides of the measured times */
  ahtSeconds?: number;
  firstReplySeconds?: number;
  /** plan with the bot settling its measured share (default) or without it */
  bot: boolean;
  /** arrivals × this (Double 11 …) */
  peakFactor: number;
  model: ForecastModel;
  /** simulated chats per slot and candidate (default 400) */
  simArrivals?: number;
  maxAgents?: number;
}

export interface SlotForecast {
  /** ISO weekday, 1 = Monday … 7 = Sunday */
  weekday: number;
  start: string;
  /** chats per hour reaching the shop (× peak factor); null: no history for this weekday */
  arrivalsPerHour: number | null;
  /** share of chats the bot settles in a way the rule counts (0 with --bot off) */
  botShare: number | null;
  ahtSeconds: number | null;
  agents: number | null;
  /** the rule's rate expected with that many agents; null when nothing would be assessed */
  expectedRate: number | null;
  /** why a row has no figure: "no data", "outside the rule's window", "no arrivals", "unreachable …" */
  note: string | null;
}

export interface Forecast {
  rule: string;
  target: number;
  model: ForecastModel;
  firstReplySeconds: number;
  slots: SlotForecast[];
}

export class ForecastError extends Error {}

/** A slot's own measure is used from this many chats on; below, the whole history's. */
export const MIN_SLOT_SAMPLE = 20;
/** The first reply of a free agent: this quantile of the measured first-reply times. */
export const FIRST_REPLY_QUANTILE = 0.25;
const BOT_LATENCY_MS = 800;

/** Erlang C: the probability that a chat waits, c places, offered load a (erlangs). */
export function erlangC(c: number, a: number): number {
  if (a <= 0) return 0;
  if (c <= a) return 1;
  // Erlang B by its recurrence (stable for large c), then C from B
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return (c * b) / (c - a * (1 - b));
}

/** P(first reply within T) for c places, arrivals λ per second, holding time AHT, first reply F. */
export function erlangWithin(c: number, lambdaPerSecond: number, ahtSeconds: number, limitSeconds: number, firstReplySeconds: number): number {
  if (limitSeconds < firstReplySeconds) return 0;
  const a = lambdaPerSecond * ahtSeconds;
  if (a <= 0) return 1;
  if (c <= a) return 0;
  return 1 - erlangC(c, a) * Math.exp((-(c - a) * (limitSeconds - firstReplySeconds)) / ahtSeconds);
}

function quantile(values: number[], q: number): number {
  const s = [...values].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

interface SlotModel {
  lambdaPerHour: number;
  botShare: number;
  ahtSeconds: number;
}

export interface SimulatedSlot {
  /** fraction of simulated chats whose first counted reply came within the limit */
  simRate: number;
  /** the same replies fed through the compliance engine */
  engineRate: number | null;
  events: ChatEvent[];
}

/** A bot the rule counts (the simulated bot settles only chats the rule would count as answered). */
function countedBot(rule: RuleSpec): { bot: string; mode: "assist" | "auto" } {
  const b = rule.counted.bots;
  if (b === "none" || b === "any") return { bot: "first-responder", mode: "auto" };
  return { bot: b.names === "any" ? "first-responder" : b.names[0]!, mode: b.modes[0]! };
}

/**
 * One slot simulated with `agents` agents: the arrivals of `seed` (the same for every agent
 * count, so more agents never look worse by chance).
 */
export function simulateSlot(rule: RuleSpec, m: SlotModel, agents: number, o: { concurrency: number; firstReplySeconds: number; arrivals: number; seed: number; score: boolean }): SimulatedSlot {
  const rand = rng(o.seed);
  const limitMs = (rule.limitSeconds ?? 0) * 1000;
  const places = new Float64Array(Math.max(1, agents * o.concurrency));
  if (agents === 0) places.fill(Infinity);
  const meanGapMs = 3600_000 / m.lambdaPerHour;
  const holdMs = m.ahtSeconds * 1000;
  const firstMs = o.firstReplySeconds * 1000;
  const bot = countedBot(rule);
  const botCounts = isCountedReply(rule.counted, { from: "bot", ...bot });
  // a synthetic day far from any real one; the engine reads a copy of the rule open all day
  const base = dayStartMs(20_000);
  const events: ChatEvent[] = [];
  let t = 0;
  let inTime = 0;
  for (let i = 0; i < o.arrivals; i++) {
    t += -Math.log(1 - rand()) * meanGapMs;
    // a bot the rule does not count settles nothing: the chat still needs a person in time
    const botTakes = rand() < m.botShare && botCounts;
    const hold = -Math.log(1 - rand()) * holdMs;
    let replyAt: number;
    if (botTakes) {
      replyAt = t + BOT_LATENCY_MS;
    } else {
      // FIFO: the chat takes the place that frees first
      let k = 0;
      for (let j = 1; j < places.length; j++) if (places[j]! < places[k]!) k = j;
      const pickup = Math.max(t, places[k]!);
      replyAt = pickup + firstMs;
      places[k] = pickup + Math.max(hold, firstMs);
    }
    if (replyAt - t <= limitMs) inTime++;
    if (o.score && Number.isFinite(replyAt)) {
      const c = `sim-${i}`;
      events.push({ id: `${c}-b`, platform: rule.platform, shop: "forecast", conversation: c, at: Math.round(base + t), from: "buyer", type: "message" });
      events.push(
        botTakes
          ? { id: `${c}-r`, platform: rule.platform, shop: "forecast", conversation: c, at: Math.round(base + replyAt), from: "bot", type: "message", ...bot }
          : { id: `${c}-r`, platform: rule.platform, shop: "forecast", conversation: c, at: Math.round(base + replyAt), from: "human", type: "message", agent: "sim" },
      );
    } else if (o.score) {
      events.push({ id: `sim-${i}-b`, platform: rule.platform, shop: "forecast", conversation: `sim-${i}`, at: Math.round(base + t), from: "buyer", type: "message" });
    }
  }
  return { simRate: inTime / o.arrivals, engineRate: o.score ? engineRate(rule, events) : null, events };
}

/** The rate the compliance engine gives simulated events, the rule open all day. */
export function engineRate(rule: RuleSpec, events: ChatEvent[]): number | null {
  const open: RuleSpec = { ...rule, window: { start: "00:00", end: "24:00" }, excludeCrossDay: false };
  const { aggregates } = computeBatch(events, () => [open]);
  let num = 0;
  let den = 0;
  for (const c of aggregates.sum(rule.platform, "forecast", rule.id, -Infinity, Infinity).values()) {
    num += c.numerator;
    den += c.denominator;
  }
  return den > 0 ? num / den : null;
}

const hhmm = (slot: number) => `${String(Math.floor(slot / 2)).padStart(2, "0")}:${slot % 2 ? "30" : "00"}`;

/**
 * Why no headcount changes a rule's figure (it has no time limit, or it is an agent's own), or
 * null when it can be planned for: forecastStaffing refuses such a rule, and the dashboard's
 * 排班建议 offers only the others (labels.ts `planRules`), so the two never disagree.
 */
export function unplannable(rule: Pick<RuleSpec, "id" | "platform" | "limitSeconds" | "perAgent">): string | null {
  if (rule.limitSeconds === null) return `rule ${rule.id} has no time limit: no number of agents changes it`;
  if (rule.perAgent) return `rule ${rule.id} is per agent: forecast the shop's rule of ${rule.platform} instead`;
  return null;
}

/** Per weekday and slot, the agents needed. Throws ForecastError on input it cannot plan from. */
export function forecastStaffing(h: History, o: ForecastOptions): Forecast {
  const { rule } = o;
  if (!(o.target > 0 && o.target < 1)) throw new ForecastError(`target must be between 0 and 1 (exclusive), got ${o.target}`);
  const refusal = unplannable(rule);
  if (refusal) throw new ForecastError(refusal);
  if (h.buyerMessages === 0) throw new ForecastError(`no buyer messages on ${rule.platform} in the history: nothing to forecast from`);
  const all: SlotCounts = { sessions: 0, botSettled: 0, handled: 0, holdMsSum: 0, firstReplyMs: [] };
  for (let w = 1; w <= 7; w++)
    for (const s of h.slots[w]!) {
      all.sessions += s.sessions;
      all.botSettled += s.botSettled;
      all.handled += s.handled;
      all.holdMsSum += s.holdMsSum;
      for (const x of s.firstReplyMs) all.firstReplyMs.push(x);
    }
  if (all.handled === 0 && (o.ahtSeconds === undefined || o.firstReplySeconds === undefined)) {
    throw new ForecastError(`no human replies on ${rule.platform} in the history: give --aht-seconds and --first-reply-seconds`);
  }
  const firstReplySeconds = o.firstReplySeconds ?? quantile(all.firstReplyMs, FIRST_REPLY_QUANTILE) / 1000;
  const ahtOf = (s: SlotCounts) => o.ahtSeconds ?? Math.max(firstReplySeconds, firstReplySeconds + s.holdMsSum / s.handled / 1000);
  const overallAht = all.handled > 0 ? ahtOf(all) : o.ahtSeconds!;
  const overallBot = all.sessions > 0 ? all.botSettled / all.sessions : 0;
  const windowStart = clockToMs(rule.window.start);
  const windowEnd = clockToMs(rule.window.end);
  const maxAgents = o.maxAgents ?? 500;
  const limit = rule.limitSeconds!; // not null: unplannable() refused that above

  const slots: SlotForecast[] = [];
  for (let w = 1; w <= 7; w++) {
    for (let i = 0; i < SLOTS_PER_DAY; i++) {
      const s = h.slots[w]![i]!;
      const row: SlotForecast = { weekday: w, start: hhmm(i), arrivalsPerHour: null, botShare: null, ahtSeconds: null, agents: null, expectedRate: null, note: null };
      slots.push(row);
      const days = h.weekdayDays[w]!;
      if (days === 0) {
        row.note = "no data";
        continue;
      }
      const lambdaPerHour = (s.sessions / days) * (3600_000 / SLOT_MS) * o.peakFactor;
      row.arrivalsPerHour = round(lambdaPerHour, 3);
      row.botShare = o.bot ? round(s.sessions >= MIN_SLOT_SAMPLE ? s.botSettled / s.sessions : overallBot, 4) : 0;
      row.ahtSeconds = round(s.handled >= MIN_SLOT_SAMPLE ? ahtOf(s) : overallAht, 1);
      const startMs = i * SLOT_MS;
      if (startMs < windowStart || startMs >= windowEnd) {
        row.agents = 0;
        row.note = "outside the rule's window";
        continue;
      }
      if (lambdaPerHour === 0) {
        row.agents = 0;
        row.note = "no arrivals";
        continue;
      }
      const m: SlotModel = { lambdaPerHour, botShare: row.botShare, ahtSeconds: row.ahtSeconds };
      const erlangRate = (n: number) => m.botShare + (1 - m.botShare) * erlangWithin(n * o.concurrency, ((1 - m.botShare) * lambdaPerHour) / 3600, m.ahtSeconds, limit, firstReplySeconds);
      let n = 1;
      while (n <= maxAgents && erlangRate(n) < o.target) n++;
      if (o.model === "erlang-c") {
        if (n > maxAgents) row.note = `unreachable with ${maxAgents} agents (first reply ${firstReplySeconds}s vs limit ${limit}s?)`;
        else {
          row.agents = n;
          row.expectedRate = round(erlangRate(n), 4);
        }
        continue;
      }
      const sim = simSearch(rule, m, Math.min(n, maxAgents), { concurrency: o.concurrency, firstReplySeconds, arrivals: o.simArrivals ?? 400, seed: w * 100 + i + 1, target: o.target, maxAgents });
      if (!sim) row.note = `unreachable with ${maxAgents} agents`;
      else {
        row.agents = sim.agents;
        row.expectedRate = sim.rate === null ? null : round(sim.rate, 4);
      }
    }
  }
  return { rule: rule.id, target: o.target, model: o.model, firstReplySeconds: round(firstReplySeconds, 1), slots };
}

/**
 * The fewest agents whose simulated replies the engine rates ≥ target. Starts at the
 * closed form's answer and walks: the simulation's own rate steers (cheap), the engine
 * decides at the boundary.
 */
function simSearch(rule: RuleSpec, m: SlotModel, start: number, o: { concurrency: number; firstReplySeconds: number; arrivals: number; seed: number; target: number; maxAgents: number }): { agents: number; rate: number | null } | undefined {
  const rateOf = (n: number, score: boolean) => simulateSlot(rule, m, n, { ...o, score });
  // each agent count is scored by the engine once
  const scored = new Map<number, number | null>();
  const engineAt = (n: number) => {
    if (!scored.has(n)) scored.set(n, rateOf(n, true).engineRate);
    return scored.get(n)!;
  };
  const meets = (n: number) => (engineAt(n) ?? 0) >= o.target;
  // one agent fewer is sent to the engine only when the simulation's own rate comes near the
  // target (the two agree within a few points: tested), which spares most engine runs
  const mayMeet = (k: number) => rateOf(k, false).simRate >= o.target - 0.05;
  let n = Math.max(1, start);
  if (meets(n)) {
    while (n > 1 && mayMeet(n - 1) && meets(n - 1)) n--;
  } else {
    // step by the simulation's own rate, then confirm with the engine
    while (n < o.maxAgents && rateOf(n, false).simRate < o.target) n++;
    while (n <= o.maxAgents && !meets(n)) n++;
    if (n > o.maxAgents) return undefined;
  }
  return { agents: n, rate: engineAt(n) };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
