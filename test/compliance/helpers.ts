/** Small builders for compliance tests: events in platform time, results by rule and day. */
import type { BotMode, ChatEvent, Platform, Sender } from "../../src/core/events.js";
import { computeBatch } from "../../src/core/compliance/batch.js";
import { summarize, type ResultDetail } from "../../src/core/compliance/aggregate.js";
import { makeRulesFor } from "../../src/core/compliance/rules-for.js";
import type { RuleId, RuleOverrides } from "../../src/core/rules/presets.js";
import type { EditionSelections } from "../../src/core/rules/editions.js";
import { dayNumber, parseDayKey } from "../../src/core/time.js";
import type { ExplainItem } from "../../src/core/compliance/types.js";

export const DAY = "2026-01-07";

/** "10:10:15" on DAY, or "2026-01-08 00:05:00", in platform time → epoch ms. */
export function at(s: string): number {
  const [d, t] = s.includes(" ") ? s.split(" ") : [DAY, s];
  const ms = Date.parse(`${d}T${t!.length === 5 ? `${t}:00` : t}+08:00`);
  if (Number.isNaN(ms)) throw new Error(`bad time ${s}`);
  return ms;
}

let seq = 0;
export interface EvOptions {
  platform?: Platform;
  shop?: string;
  conversation?: string;
  agent?: string;
  bot?: string;
  mode?: BotMode;
  id?: string;
}

export function ev(from: Sender, time: string, o: EvOptions = {}): ChatEvent {
  const e: ChatEvent = {
    id: o.id ?? `m${++seq}`,
    platform: o.platform ?? "taobao",
    shop: o.shop ?? "s1",
    conversation: o.conversation ?? "c1",
    at: at(time),
    from,
    type: "message",
  };
  if (o.agent !== undefined) e.agent = o.agent;
  if (o.bot !== undefined) e.bot = o.bot;
  if (o.mode !== undefined) e.mode = o.mode;
  return e;
}

export function assigned(time: string, agent: string, o: EvOptions = {}): ChatEvent {
  return { ...ev("system", time, o), type: "assigned", agent };
}

/** Shorthands for one platform. */
export function on(platform: Platform, base: EvOptions = {}) {
  return {
    buyer: (time: string, o: EvOptions = {}) => ev("buyer", time, { platform, ...base, ...o }),
    human: (time: string, o: EvOptions = {}) => ev("human", time, { platform, ...base, ...o }),
    bot: (time: string, bot: string, mode: BotMode, o: EvOptions = {}) => ev("bot", time, { platform, ...base, bot, mode, ...o }),
    other: (from: Sender, time: string, o: EvOptions = {}) => ev(from, time, { platform, ...base, ...o }),
    assigned: (time: string, agent: string, o: EvOptions = {}) => assigned(time, agent, { platform, ...base, ...o }),
  };
}

export interface RunOptions {
  to?: string;
  rules?: RuleId[];
  overrides?: RuleOverrides;
  editions?: EditionSelections;
}

export function results(events: ChatEvent[], o: RunOptions = {}): ResultDetail[] {
  const rulesFor = makeRulesFor({ rules: o.rules, overrides: () => o.overrides, editions: () => o.editions });
  const { aggregates } = computeBatch(events, rulesFor);
  const to = o.to ? parseDayKey(o.to)! : (aggregates.lastBuyerDay() ?? dayNumber(Date.now()));
  return summarize(aggregates, { to, rulesFor });
}

/** numerator/denominator of one rule (on one day for daily rules; agent for per-agent). */
export function fraction(events: ChatEvent[], rule: RuleId, o: RunOptions & { day?: string; agent?: string; shop?: string } = {}): string {
  const rs = results(events, { ...o, rules: [rule] }).filter((r) => (o.day === undefined || r.from === o.day) && (o.agent === undefined || r.agent === o.agent) && (o.shop === undefined || r.shop === o.shop));
  if (rs.length !== 1) throw new Error(`expected one result for ${rule}, got ${rs.length}: ${JSON.stringify(rs.map((r) => [r.from, r.agent]))}`);
  return `${rs[0]!.numerator}/${rs[0]!.denominator}`;
}

export function explain(events: ChatEvent[], rule: RuleId, o: RunOptions = {}): ExplainItem[] {
  const rulesFor = makeRulesFor({ rules: [rule], overrides: () => o.overrides, editions: () => o.editions });
  return computeBatch(events, rulesFor, { explain: true }).items;
}
