/**
 * Per-day aggregates and period results. A result is a plain sum of per-day contributions,
 * which is what lets the live service answer a 30-day question from 30 rows per rule instead
 * of 30 days of messages.
 */
import type { Platform } from "../events.js";
import type { RuleId, RuleSpec } from "../rules/presets.js";
import { RULE_IDS } from "../rules/presets.js";
import { dayKeyOfNumber } from "../time.js";
import type { Contribution, RulesFor, Tiers } from "./types.js";

export interface Counts {
  numerator: number;
  denominator: number;
  tiers: Tiers;
}

export interface ShopRef {
  platform: Platform;
  shop: string;
}

const SEP = "\u0000";
function shopKey(platform: string, shop: string): string {
  return `${platform}${SEP}${shop}`;
}

/** Per (shop, rule, agent, day) sums, and which days of a shop have data. */
export class Aggregates {
  /** shopKey → day → rule → agent ("" for null) → counts */
  private readonly cells = new Map<string, Map<number, Map<RuleId, Map<string, Counts>>>>();
  /** shopKey → day → the day has a buyer message */
  private readonly days = new Map<string, Map<number, boolean>>();
  private readonly shopRefs = new Map<string, ShopRef>();

  /** Marks a day as having data for the shop (a daily rule reports it even with nothing assessed). */
  markDay(platform: Platform, shop: string, day: number, hasBuyer: boolean): void {
    const k = shopKey(platform, shop);
    if (!this.shopRefs.has(k)) this.shopRefs.set(k, { platform, shop });
    let m = this.days.get(k);
    if (!m) this.days.set(k, (m = new Map()));
    m.set(day, (m.get(day) ?? false) || hasBuyer);
  }

  /** Adds (sign 1) or removes (sign -1) a conversation-day's contribution. */
  add(platform: Platform, shop: string, c: Contribution, sign: 1 | -1 = 1): void {
    const k = shopKey(platform, shop);
    if (!this.shopRefs.has(k)) this.shopRefs.set(k, { platform, shop });
    let byDay = this.cells.get(k);
    if (!byDay) this.cells.set(k, (byDay = new Map()));
    let byRule = byDay.get(c.day);
    if (!byRule) byDay.set(c.day, (byRule = new Map()));
    let byAgent = byRule.get(c.rule);
    if (!byAgent) byRule.set(c.rule, (byAgent = new Map()));
    const a = c.agent ?? "";
    let counts = byAgent.get(a);
    if (!counts) byAgent.set(a, (counts = { numerator: 0, denominator: 0, tiers: [0, 0, 0, 0, 0] }));
    counts.numerator += sign * c.numerator;
    counts.denominator += sign * c.denominator;
    for (let i = 0; i < 5; i++) counts.tiers[i] = counts.tiers[i]! + sign * c.tiers[i]!;
    if (counts.denominator === 0 && counts.numerator === 0 && counts.tiers.every((t) => t === 0)) byAgent.delete(a);
  }

  shops(): ShopRef[] {
    return [...this.shopRefs.values()].sort((a, b) => (a.platform + SEP + a.shop < b.platform + SEP + b.shop ? -1 : 1));
  }

  daysWithData(platform: Platform, shop: string): number[] {
    return [...(this.days.get(shopKey(platform, shop))?.keys() ?? [])].sort((a, b) => a - b);
  }

  /** The last day with a buyer message (the default `--to`), over the given shops. */
  lastBuyerDay(filter?: (s: ShopRef) => boolean): number | undefined {
    let last: number | undefined;
    for (const [k, m] of this.days) {
      const ref = this.shopRefs.get(k)!;
      if (filter && !filter(ref)) continue;
      for (const [day, hasBuyer] of m) if (hasBuyer && (last === undefined || day > last)) last = day;
    }
    return last;
  }

  /** Sums per agent ("" = null) over [from, to]. */
  sum(platform: Platform, shop: string, rule: RuleId, from: number, to: number): Map<string, Counts> {
    const out = new Map<string, Counts>();
    const byDay = this.cells.get(shopKey(platform, shop));
    if (!byDay) return out;
    for (const [day, byRule] of byDay) {
      if (day < from || day > to) continue;
      for (const [agent, c] of byRule.get(rule) ?? []) {
        let o = out.get(agent);
        if (!o) out.set(agent, (o = { numerator: 0, denominator: 0, tiers: [0, 0, 0, 0, 0] }));
        o.numerator += c.numerator;
        o.denominator += c.denominator;
        for (let i = 0; i < 5; i++) o.tiers[i] = o.tiers[i]! + c.tiers[i]!;
      }
    }
    return out;
  }

  /** Every non-empty cell, for equality checks between batch and incremental. */
  snapshot(): Record<string, Counts> {
    const out: Record<string, Counts> = {};
    for (const [k, byDay] of this.cells)
      for (const [day, byRule] of byDay) for (const [rule, byAgent] of byRule) for (const [agent, c] of byAgent) out[[k.replace(SEP, "/"), rule, agent, dayKeyOfNumber(day)].join(" ")] = { ...c, tiers: [...c.tiers] as Tiers };
    return out;
  }
}

/** One line of the `report --json` contract. */
export interface ComplianceResult {
  rule: RuleId;
  platform: Platform;
  shop: string;
  agent: string | null;
  from: string;
  to: string;
  numerator: number;
  denominator: number;
  /** numerator / denominator; null when nothing was assessed (denominator 0) */
  rate: number | null;
  assessed: boolean;
  grade: string | null;
  penalties: string[];
}

/** A result with what the readable table shows beside it. */
export interface ResultDetail extends ComplianceResult {
  tiers: Tiers;
  spec: RuleSpec;
}

export const RESULT_FIELDS = ["rule", "platform", "shop", "agent", "from", "to", "numerator", "denominator", "rate", "assessed", "grade", "penalties"] as const;

/** Strips a detail down to exactly the contract's fields, in the contract's order. */
export function toContract(r: ComplianceResult): ComplianceResult {
  const out = {} as Record<string, unknown>;
  for (const f of RESULT_FIELDS) out[f] = r[f];
  return out as unknown as ComplianceResult;
}

/** Rate, assessed, grade and penalties of one period's counts under one rule. */
export function judgePeriod(spec: RuleSpec, counts: Pick<Counts, "numerator" | "denominator">): Pick<ComplianceResult, "rate" | "assessed" | "grade" | "penalties"> {
  const { numerator, denominator } = counts;
  const rate = denominator > 0 ? numerator / denominator : null;
  // Nothing assessed is never "assessed", even for rules without a minimum sample.
  const assessed = rate !== null && denominator >= spec.minSample;
  let grade: string | null = null;
  const penalties: string[] = [];
  if (assessed) {
    const grades = [...spec.grades].sort((a, b) => b.min - a.min);
    grade = grades.find((g) => rate >= g.min)?.label ?? null;
    // Choice 6: a rate exactly at the floor is not below it.
    for (const f of spec.floors) if (rate < f.below && denominator >= (f.minItems ?? 0)) penalties.push(f.penalty);
  }
  return { rate, assessed, grade, penalties };
}

export interface SummarizeOptions {
  /** the last day reported (platform day number) */
  to: number;
  /** the rules of a shop, resolved with its overrides and filtered by the selection */
  rulesFor: RulesFor;
  shop?: string;
}

/** Daily rules: one result per day with data up to `to`; longer periods: one result ending at `to`. */
export function summarize(agg: Aggregates, options: SummarizeOptions): ResultDetail[] {
  const out: ResultDetail[] = [];
  for (const ref of agg.shops()) {
    if (options.shop !== undefined && ref.shop !== options.shop) continue;
    const rules = [...options.rulesFor(ref.platform, ref.shop)].filter((r) => r.platform === ref.platform).sort((a, b) => RULE_IDS.indexOf(a.id) - RULE_IDS.indexOf(b.id));
    const days = agg.daysWithData(ref.platform, ref.shop).filter((d) => d <= options.to);
    if (days.length === 0) continue;
    for (const spec of rules) {
      const periods: Array<[number, number]> = spec.periodDays <= 1 ? days.map((d) => [d, d]) : [[options.to - spec.periodDays + 1, options.to]];
      for (const [from, to] of periods) {
        const sums = agg.sum(ref.platform, ref.shop, spec.id, from, to);
        const agents = spec.perAgent ? [...sums.keys()].sort() : [""];
        for (const agent of agents) {
          const c = sums.get(agent) ?? { numerator: 0, denominator: 0, tiers: [0, 0, 0, 0, 0] as Tiers };
          out.push({
            rule: spec.id,
            platform: ref.platform,
            shop: ref.shop,
            agent: spec.perAgent ? agent : null,
            from: dayKeyOfNumber(from),
            to: dayKeyOfNumber(to),
            numerator: c.numerator,
            denominator: c.denominator,
            ...judgePeriod(spec, c),
            tiers: c.tiers,
            spec,
          });
        }
      }
    }
  }
  return out;
}
