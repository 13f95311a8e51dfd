/**
 * The figures of the admin dashboard, from the compliance engine and its stored aggregates
 * (services/compliance.ts: syncCompliance → loadAggregates, explainDay — the same figures as
 * GET /api/stats and /api/stats/explain). Nothing about the rules is re-implemented here:
 * this module only picks the days, sums and arranges the engine's output for the screen.
 *
 * The hour-of-day heatmap needs the late items of 30 days. Today's row comes from explainDay;
 * the earlier days are one computeBatch over those days' stored events (with one day before
 * for carry), cached per shop for ten minutes because past days rarely change.
 */
import { complianceReasonLabel } from "../core/compliance/reason-labels.js";
import { and, asc, count, desc, eq, gte, lt } from "drizzle-orm";
import { computeBatch, judgePeriod, type Aggregates, type ComplianceResult, type Counts, type ExplainItem, type Tiers } from "../core/compliance/index.js";
import type { Platform } from "../core/events.js";
import { RULE_IDS, type RuleId, type RuleSpec } from "../core/rules/presets.js";
import { DAY_MS, dayKeyOfNumber, dayNumber, dayStartMs, formatPlatformTime, SHANGHAI_OFFSET_MS } from "../core/time.js";
import { chatEventOfRow } from "../store/event-row.js";
import { escalations, events } from "../store/schema/index.js";
import { agentLoads, listOpenChats, onlineAgents, type ChatRow } from "./chats.js";
import { catchUpForRead, complianceFreshness, explainDay, loadAggregates } from "./compliance.js";
import { cacheKey, type ServiceContext, type Shop } from "./context.js";

export const DAYS = 30;
/** most events read for the heatmap's earlier days (the newest are kept) */
const MAX_EVENTS = 200_000;
const MAX_LATE_ITEMS = 300;
/** chats at risk per page (`?riskOffset=` pages on) */
export const AT_RISK_PAGE = 100;
/** open chats read for the at-risk list, its total, the queue and the longest wait */
const MAX_OPEN = 10_000;

export type Light = "green" | "amber" | "red" | "grey";

export interface Judged extends Pick<ComplianceResult, "numerator" | "denominator" | "rate" | "assessed" | "grade" | "penalties"> {
  tiers: Tiers;
  status: Light;
}

const ZERO: Counts = { numerator: 0, denominator: 0, tiers: [0, 0, 0, 0, 0] };

function addCounts(a: Counts, b: Counts): Counts {
  return { numerator: a.numerator + b.numerator, denominator: a.denominator + b.denominator, tiers: a.tiers.map((t, i) => t + b.tiers[i]!) as Tiers };
}

/**
 * Traffic light of a rate against the rule's own floor, targets and grades:
 *  red   – below a floor, or in the lowest grade;
 *  amber – below the highest target, within 5 points above a floor, or not in the top grade;
 *  green – otherwise. A rule with none of those (e.g. douyin.first-reply-2min) uses 90 % / 80 %.
 *  grey  – nothing assessed yet.
 */
export function light(spec: RuleSpec, rate: number | null): Light {
  if (rate === null) return "grey";
  const grades = [...spec.grades].sort((a, b) => b.min - a.min);
  if (spec.floors.length === 0 && spec.targets.length === 0 && grades.length === 0) return rate >= 0.9 ? "green" : rate >= 0.8 ? "amber" : "red";
  if (spec.floors.some((f) => rate < f.below)) return "red";
  const grade = grades.find((g) => rate >= g.min);
  if (grades.length >= 2 && grade === grades[grades.length - 1]) return "red";
  const topTarget = Math.max(...spec.targets.map((t) => t.rate), -1);
  if (rate < topTarget) return "amber";
  if (spec.floors.some((f) => rate < f.below + 0.05)) return "amber";
  if (grades.length >= 2 && grade !== grades[0]) return "amber";
  return "green";
}

function judge(spec: RuleSpec, c: Counts): Judged {
  const j = judgePeriod(spec, c);
  return { numerator: c.numerator, denominator: c.denominator, ...j, tiers: c.tiers, status: light(spec, j.rate) };
}

function hourOf(ms: number): number {
  return Math.floor(((ms + SHANGHAI_OFFSET_MS) % DAY_MS) / 3_600_000);
}

export interface DashboardOptions {
  /** only this rule (the `?rule=` of the page) */
  rule?: RuleId;
  /** the day of the late-items list (default today) */
  day?: number;
  /** the first chat at risk shown (paging by AT_RISK_PAGE) */
  riskOffset?: number;
  /** the moment the figures are for (default ctx.now()); the caller's, so its countdowns agree */
  now?: number;
}

type Grid = Map<number, number[]>;
const HEATMAP_TTL_MS = 10 * 60_000;
interface PastGrid {
  today: number;
  rulesKey: string;
  builtAt: number;
  grid: Grid;
  truncated: boolean;
}
/** per shop: the late-item grid of the days before `today`, kept on the context (ctx.cache) */
const PAST_GRIDS = cacheKey<Map<string, PastGrid>>("dashboard.pastGrids");

function addToGrid(grid: Grid, it: ExplainItem): void {
  let row = grid.get(it.day);
  if (!row) grid.set(it.day, (row = new Array<number>(24).fill(0)));
  row[hourOf(it.start)]!++;
}

/** Late items of the shown days before today, by day × hour: one batch run over their events. */
async function pastLateGrid(ctx: ServiceContext, shopId: string, specs: RuleSpec[], first: number, today: number) {
  const rulesKey = specs.map((s) => s.id).join(",");
  const byShop = ctx.cache.get(PAST_GRIDS) ?? ctx.cache.set(PAST_GRIDS, new Map());
  const cached = byShop.get(shopId);
  if (cached && cached.today === today && cached.rulesKey === rulesKey && Date.now() - cached.builtAt < HEATMAP_TTL_MS) return cached;
  const rows = await ctx.db
    .select({ msgId: events.msgId, platform: events.platform, shop: events.shop, conversation: events.conversation, at: events.at, from: events.from, type: events.type, agent: events.agent, bot: events.bot, mode: events.mode })
    .from(events)
    .where(and(eq(events.shop, shopId), gte(events.at, dayStartMs(first - 1)), lt(events.at, dayStartMs(today))))
    .orderBy(desc(events.at))
    .limit(MAX_EVENTS);
  const evs = rows.map(chatEventOfRow);
  const { items } = computeBatch(evs, (platform) => specs.filter((s) => s.platform === platform), { explain: true });
  const grid: Grid = new Map();
  for (const it of items) if (it.status === "late" && it.day >= first && it.day < today) addToGrid(grid, it);
  const entry: PastGrid = { today, rulesKey, builtAt: Date.now(), grid, truncated: rows.length >= MAX_EVENTS };
  byShop.set(shopId, entry);
  return entry;
}

async function lateItems(ctx: ServiceContext, shopId: string, specs: RuleSpec[], day: number): Promise<ExplainItem[]> {
  const all = await Promise.all(specs.map((spec) => explainDay({ ctx, input: { shop: shopId, rule: spec.id, day } })));
  return all.flat().filter((it) => it.status === "late");
}

/** The queue now: how many wait for an agent, how many are open, and the longest wait of them. */
function queueFigures(open: ChatRow[], now: number) {
  let longest: ChatRow | null = null;
  for (const c of open) if (c.pendingSince !== null && (longest === null || c.pendingSince < longest.pendingSince!)) longest = c;
  return {
    waiting: open.filter((c) => c.status === "waiting").length,
    open: open.length,
    longestWaitSeconds: longest ? Math.max(0, Math.floor((now - longest.pendingSince!) / 1000)) : null,
    longestWaitChat: longest ? { id: longest.id, platform: longest.platform, conversation: longest.conversation, agent: longest.agentId } : null,
  };
}

/** Everything the dashboard shows for one shop; `atRisk` holds chat rows (the route presents them). */
export async function getDashboard({ ctx, input }: { ctx: ServiceContext; input: { shop: Shop } & DashboardOptions }) {
  const { shop, ...options } = input;
  const now = options.now ?? ctx.now();
  const riskOffset = Math.max(0, options.riskOffset ?? 0);
  const today = dayNumber(now);
  const first = today - DAYS + 1;
  const listDay = options.day ?? today;
  const shopId = shop.config.id;
  const platforms = new Set<Platform>(shop.config.platforms);
  const specs = RULE_IDS.map((id) => shop.rules[id]).filter((r) => (options.rule ? r.id === options.rule : platforms.has(r.platform) && r.enabled));

  await catchUpForRead({ ctx });
  const aggregates: Aggregates = await loadAggregates({ ctx, input: { shop: shopId, to: today } });

  // Today's unanswered items whose time has not run out: the engine counts them late (as they
  // would be at midnight), but the owner must not be told they are late, or shown red for them.
  // They leave today's figures, the late list and the heatmap, and are shown as "待回复（未到时限）".
  const allTodayLate = await lateItems(ctx, shopId, specs, today);
  const dueAt = (it: ExplainItem) => {
    const limit = shop.rules[it.rule].limitSeconds;
    return limit === null ? dayStartMs(it.day + 1) : it.clockFrom + limit * 1000;
  };
  const notYetDue = (it: ExplainItem) => it.reply === null && dueAt(it) > now;
  const pendingByRule = new Map<string, number>();
  for (const it of allTodayLate) if (notYetDue(it)) pendingByRule.set(it.rule, (pendingByRule.get(it.rule) ?? 0) + 1);
  const todayLate = allTodayLate.filter((it) => !notYetDue(it));

  const rules = specs.map((spec) => {
    const pending = pendingByRule.get(spec.id) ?? 0;
    /** the counts without the not-yet-due items (they sit in the "no reply" tier, in the denominator) */
    const settled = (c: Counts): Counts => (pending === 0 ? c : { numerator: c.numerator, denominator: Math.max(0, c.denominator - pending), tiers: [...c.tiers.slice(0, 4), Math.max(0, c.tiers[4] - pending)] as Tiers });
    const daySum = (from: number, to: number): Counts => {
      let c = ZERO;
      for (const v of aggregates.sum(spec.platform, shopId, spec.id, from, to).values()) c = addCounts(c, v);
      return to === today ? settled(c) : c;
    };
    const days = [];
    for (let d = first; d <= today; d++) {
      const c = daySum(d, d);
      days.push({ day: dayKeyOfNumber(d), numerator: c.numerator, denominator: c.denominator, rate: c.denominator > 0 ? c.numerator / c.denominator : null });
    }
    const todayJ = judge(spec, daySum(today, today));
    const last30 = judge(spec, daySum(first, today));
    // the platform's own figure: the day for daily rules, the rolling period for 30-day ones
    const official = spec.periodDays <= 1 ? todayJ : last30;
    return {
      rule: spec.id,
      name: spec.name,
      platform: spec.platform,
      /** the rule edition the figures follow (docs/compliance.md, "Editions") */
      edition: spec.edition,
      unit: spec.unit,
      limitSeconds: spec.limitSeconds,
      window: spec.window,
      periodDays: spec.periodDays,
      minSample: spec.minSample,
      floors: spec.floors,
      targets: spec.targets,
      grades: spec.grades,
      /** today's figure without the items still inside their time (`pendingToday`) */
      today: todayJ,
      last30,
      /** unanswered items whose time has not run out: neither in time nor late yet */
      pendingToday: pending,
      status: official.status,
      penaltiesAtRisk: spec.floors.filter((f) => official.penalties.includes(f.penalty)),
      days,
    };
  });

  // late items: the list of one day, and by day × hour over the shown days
  const lateList = listDay === today ? [...todayLate] : await lateItems(ctx, shopId, specs, listDay);
  lateList.sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule));
  const past = await pastLateGrid(ctx, shopId, specs, first, today);
  const todayGrid: Grid = new Map();
  for (const it of todayLate) addToGrid(todayGrid, it);
  const byHour = new Array<number>(24).fill(0);
  const lateDays = [];
  for (let d = first; d <= today; d++) {
    const row = (d === today ? todayGrid.get(d) : past.grid.get(d)) ?? new Array<number>(24).fill(0);
    row.forEach((n, h) => (byHour[h] = byHour[h]! + n));
    lateDays.push({ day: dayKeyOfNumber(d), hours: row });
  }

  // agents: presence, load, today's replies and per-agent rule figures
  const [online, loads, open, escRows] = await Promise.all([
    onlineAgents({ ctx, input: { shop } }),
    agentLoads({ ctx, input: { shop } }),
    listOpenChats({ ctx, input: { shop: shopId, limit: MAX_OPEN } }),
    ctx.db
      .select({ agentId: escalations.agentId })
      .from(escalations)
      .where(and(eq(escalations.shop, shopId), gte(escalations.createdAt, dayStartMs(today))))
      .orderBy(asc(escalations.id)),
  ]);
  const replyRows = await ctx.db
    .select({ agent: events.agent, n: count() })
    .from(events)
    .where(and(eq(events.shop, shopId), eq(events.from, "human"), eq(events.type, "message"), gte(events.at, dayStartMs(today)), lt(events.at, dayStartMs(today + 1))))
    .groupBy(events.agent);
  const repliesToday = new Map(replyRows.filter((r) => r.agent).map((r) => [r.agent!, r.n]));
  const escalationsToday = new Map<string, number>();
  for (const r of escRows) if (r.agentId) escalationsToday.set(r.agentId, (escalationsToday.get(r.agentId) ?? 0) + 1);
  const perAgentSpecs = specs.filter((s) => s.perAgent);
  const agents = shop.config.agents.map((a) => ({
    id: a.id,
    name: a.name,
    online: online.has(a.id),
    chats: loads.get(a.id) ?? 0,
    maxConcurrent: a.maxConcurrent,
    repliesToday: repliesToday.get(a.id) ?? 0,
    escalationsToday: escalationsToday.get(a.id) ?? 0,
    rules: perAgentSpecs.map((spec) => ({ rule: spec.id, name: spec.name, today: judge(spec, aggregates.sum(spec.platform, shopId, spec.id, today, today).get(a.id) ?? ZERO) })),
  }));

  const presentItem = (it: ExplainItem) => ({
    rule: it.rule,
    platform: it.platform,
    conversation: it.conversation,
    agent: it.agent,
    unit: it.unit,
    start: formatPlatformTime(it.start),
    clockFrom: formatPlatformTime(it.clockFrom),
    reply: it.reply ? { at: formatPlatformTime(it.reply.at), from: it.reply.from, agent: it.reply.agent ?? null, bot: it.reply.bot ?? null } : null,
    seconds: it.seconds,
    limitSeconds: shop.rules[it.rule].limitSeconds,
    reason: it.reason ?? null,
    /** the same explanation in Chinese (core/compliance/reason-labels.ts) */
    reasonText: complianceReasonLabel(it.reason),
  });

  return {
    shop: { id: shopId, name: shop.config.name, platforms: shop.config.platforms },
    now: formatPlatformTime(now),
    today: dayKeyOfNumber(today),
    from: dayKeyOfNumber(first),
    rule: options.rule ?? null,
    rules,
    lateByHour: { byHour, days: lateDays },
    /** one page of the open chats, most urgent first; `atRiskTotal` counts them all */
    atRisk: open.slice(riskOffset, riskOffset + AT_RISK_PAGE),
    atRiskTotal: open.length,
    atRiskOffset: riskOffset,
    queue: queueFigures(open, now),
    agents,
    late: {
      day: dayKeyOfNumber(listDay),
      total: lateList.length,
      items: lateList.slice(0, MAX_LATE_ITEMS).map(presentItem),
      /** today only: unanswered items still inside their time, left out of the list */
      pending: listDay === today ? allTodayLate.length - todayLate.length : 0,
    },
    /** the heatmap's earlier days were computed from the newest MAX_EVENTS events only */
    truncated: past.truncated,
    /**
     * How far the folded figures lag the stored events (the storage worker folds them on Node):
     * the page asks again while they lag, because a fold that lands after its fetch brings no
     * live delta of its own
     */
    freshness: await complianceFreshness({ ctx }),
  };
}

export type DashboardData = Awaited<ReturnType<typeof getDashboard>>;
