/**
 * The what-if figures side by side: per rule, shop and period, the log's actual figure and the
 * figure with the bot's replies added, and the penalties the bot would have avoided or incurred.
 * Both sides come from the same engine (summarize) over the same days.
 */
import type { ComplianceResult, ResultDetail } from "../compliance/aggregate.js";
import type { DecisionShop } from "../decision.js";
import type { Platform } from "../events.js";
import { botAnswerCounts, botIdentity } from "../reply-policy.js";
import { DEADLINE_RULE, type RuleId, type RuleSpec } from "../rules/presets.js";

export type Figure = Pick<ComplianceResult, "numerator" | "denominator" | "rate" | "assessed" | "grade" | "penalties">;

export interface WhatIfRow extends Pick<ComplianceResult, "rule" | "platform" | "shop" | "agent" | "from" | "to"> {
  actual: Figure;
  withBot: Figure;
  penaltiesAvoided: string[];
  penaltiesIncurred: string[];
}

const figure = (r: ResultDetail | undefined): Figure =>
  r ? { numerator: r.numerator, denominator: r.denominator, rate: r.rate, assessed: r.assessed, grade: r.grade, penalties: r.penalties } : { numerator: 0, denominator: 0, rate: null, assessed: false, grade: null, penalties: [] };

const keyOf = (r: Pick<ResultDetail, "rule" | "platform" | "shop" | "agent" | "from" | "to">) => [r.rule, r.platform, r.shop, r.agent ?? "", r.from, r.to].join("\u0000");

/** Pairs the two result lists (a per-agent row may exist on one side only). */
export function compareResults(actual: readonly ResultDetail[], withBot: readonly ResultDetail[]): WhatIfRow[] {
  const before = new Map(actual.map((r) => [keyOf(r), r]));
  const after = new Map(withBot.map((r) => [keyOf(r), r]));
  const rows: WhatIfRow[] = [];
  const seen = new Set<string>();
  for (const r of [...actual, ...withBot]) {
    const k = keyOf(r);
    if (seen.has(k)) continue;
    seen.add(k);
    const a = figure(before.get(k));
    const b = figure(after.get(k));
    rows.push({
      rule: r.rule,
      platform: r.platform,
      shop: r.shop,
      agent: r.agent,
      from: r.from,
      to: r.to,
      actual: a,
      withBot: b,
      penaltiesAvoided: a.penalties.filter((p) => !b.penalties.includes(p)),
      penaltiesIncurred: b.penalties.filter((p) => !a.penalties.includes(p)),
    });
  }
  return rows;
}

/** Why the bot changes nothing on a platform, or undefined when its answers count there. */
export function noChangeReason(platform: Platform, policy: DecisionShop, rules: Record<RuleId, RuleSpec>): string | undefined {
  if (botAnswerCounts(platform, policy, rules)) return undefined;
  const rule = rules[DEADLINE_RULE[platform]];
  const who = botIdentity(platform, policy);
  if (platform === "taobao") {
    return `${rule.id} ${rule.name} counts bots only as dianxiaomi/leyan/xiaowei/xiaoduo in assist mode; this shop's bot (${who.bot}, ${who.mode}) is not one (set taobaoAssistBot): the bot answers nothing, no figure changes`;
  }
  return `${rule.id} ${rule.name} counts human replies only (edition ${rule.edition}); the bot would route every message to a person, no figure changes`;
}
