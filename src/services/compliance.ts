/**
 * Compliance figures from the app's database. Events are folded into per-day aggregates as
 * they are stored (incrementally: only the conversation-days an event can change are
 * recomputed, core/compliance/incremental.ts), so a stats request reads at most a few rows
 * per rule and day and never rescans messages.
 *
 * Which events are folded is tracked by a watermark on `events.seq`, not by the code path
 * that stored them: buyer messages, our own replies and `assigned` events all count, however
 * they were written. `syncCompliance` folds everything past the watermark; it runs after each
 * stored event (complianceAfterStore) and before each stats request, so figures are exact
 * even if some write path does not call the hook.
 */
import { editionsUsed, type EditionUsed } from "../core/rules/editions.js";
import { and, asc, count, eq, gt, gte, lt, lte, sql } from "drizzle-orm";
import { summarize, Aggregates, toContract, type ComplianceResult } from "../core/compliance/aggregate.js";
import { evaluateConversationDay } from "../core/compliance/evaluate.js";
import { updateConversation, type ComplianceStore, type ConversationDayState, type ConversationMeta } from "../core/compliance/incremental.js";
import { makeRulesFor } from "../core/compliance/rules-for.js";
import type { DayStream } from "../core/compliance/stream.js";
import { sortedUnique } from "../core/compliance/order.js";
import type { Carry, Contribution, ConversationRef, EngineEvent, ExplainItem, RulesFor, Tiers } from "../core/compliance/types.js";
import type { BotMode, EventType, Platform, Sender } from "../core/events.js";
import { RULE_PRESETS, type RuleId } from "../core/rules/presets.js";
import { DAY_MS, dayStartMs, formatPlatformTime } from "../core/time.js";
import type { Db } from "../store/db.js";
import { events } from "../store/schema/core.js";
import { complianceConversationDays, complianceConversations, complianceDaily, complianceShopDays, complianceState } from "../store/schema/compliance.js";
import { complianceStatements, type ComplianceStatements } from "./compliance-statements.js";
import { cacheKey, type AfterStore, type ServiceContext } from "./context.js";

type EventRow = typeof events.$inferSelect;

export function toEngineEvent(r: Pick<EventRow, "msgId" | "at" | "from" | "type" | "agent" | "bot" | "mode">): EngineEvent {
  const e: EngineEvent = { id: r.msgId, at: r.at, from: r.from as Sender, type: r.type as EventType };
  if (r.agent !== null) e.agent = r.agent;
  if (r.bot !== null) e.bot = r.bot;
  if (r.mode !== null) e.mode = r.mode as BotMode;
  return e;
}

/** The incremental algorithm's storage, on the app's database (async Drizzle only: Node and D1). */
export class DbComplianceStore implements ComplianceStore {
  private readonly q: ComplianceStatements;
  /**
   * @param upTo the last `events.seq` of the events being folded: a day read again stops
   * there, as a later event is fed when its own fold comes (seq order, like the watermark)
   */
  constructor(
    db: Db,
    public upTo = Number.MAX_SAFE_INTEGER,
  ) {
    this.q = complianceStatements(db);
  }

  async getMeta(ref: ConversationRef): Promise<ConversationMeta | undefined> {
    const [row] = await this.q.getMeta.all({ ...ref });
    return row ? { excluded: !!row.excluded, lastShopReplyDay: row.lastShopReplyDay } : undefined;
  }

  async putMeta(ref: ConversationRef, meta: ConversationMeta): Promise<void> {
    await this.q.putMeta.run({ ...ref, excluded: meta.excluded ? 1 : 0, lastShopReplyDay: meta.lastShopReplyDay });
  }

  async eventsOfDay(ref: ConversationRef, day: number): Promise<EngineEvent[]> {
    const rows = await this.q.eventsOfDay.all({ ...ref, from: dayStartMs(day), to: dayStartMs(day + 1), upTo: this.upTo });
    return rows.map(toEngineEvent);
  }

  async listDays(ref: ConversationRef): Promise<ConversationDayState[]> {
    const rows = await this.q.listDays.all({ ...ref });
    return rows.map((r) => ({
      day: r.day,
      carryIn: JSON.parse(r.carryIn) as Carry,
      carryOut: JSON.parse(r.carryOut) as Carry,
      openRoundAtEnd: !!r.openRoundAtEnd,
      hasBuyer: !!r.hasBuyer,
      contributions: JSON.parse(r.contributions) as Contribution[],
      ...(r.resume ? { resume: JSON.parse(r.resume) as DayStream } : {}),
    }));
  }

  async putDay(ref: ConversationRef, state: ConversationDayState, previous: ConversationDayState | undefined): Promise<void> {
    await this.putDayRows(dayRows(ref, state, previous));
  }

  /** The rows of one conversation-day's new state (dayRows), written. */
  async putDayRows(rows: DayRows): Promise<void> {
    await this.q.putDay.run(rows.day);
    for (const d of rows.daily) await this.q.addDaily.run(d);
    if (rows.shopDay) await this.q.markShopDay.run(rows.shopDay);
  }
}

/**
 * What one conversation-day's new state writes, as statement parameters: its row (the day's
 * state as JSON), one upsert per touched (rule, agent) daily row moved by (new − previous),
 * and the shop-day's buyer flag where it changed. A pure function of the states, so the storage
 * worker works it out while planning (the JSON and the deltas cost the request thread ~30 µs
 * per buyer message in bench:ingest's profile) and the request thread only binds it.
 */
export interface DayRows {
  day: { shop: string; platform: Platform; conversation: string; day: number; carryIn: string; carryOut: string; openRoundAtEnd: 0 | 1; hasBuyer: 0 | 1; contributions: string; resume: string | null };
  daily: { platform: Platform; shop: string; day: number; rule: RuleId; agent: string; numerator: number; denominator: number; t0: number; t1: number; t2: number; t3: number; t4: number }[];
  shopDay: { platform: Platform; shop: string; day: number; hasBuyer: 0 | 1 } | null;
}

export function dayRows(ref: ConversationRef, state: ConversationDayState, previous: ConversationDayState | undefined): DayRows {
  const day: DayRows["day"] = {
    shop: ref.shop,
    platform: ref.platform,
    conversation: ref.conversation,
    day: state.day,
    carryIn: JSON.stringify(state.carryIn),
    carryOut: JSON.stringify(state.carryOut),
    openRoundAtEnd: state.openRoundAtEnd ? 1 : 0,
    hasBuyer: state.hasBuyer ? 1 : 0,
    contributions: JSON.stringify(state.contributions),
    resume: state.resume ? JSON.stringify(state.resume) : null,
  };
  // The daily rows move by (new − previous): one upsert per touched (rule, agent).
  const delta = new Map<string, Contribution>();
  for (const c of previous?.contributions ?? []) addContribution(delta, state.day, c, -1);
  for (const c of state.contributions) addContribution(delta, state.day, c, 1);
  const daily: DayRows["daily"] = [];
  for (const d of delta.values()) {
    if (d.numerator === 0 && d.denominator === 0 && d.tiers.every((t) => t === 0)) continue;
    const [t0, t1, t2, t3, t4] = d.tiers;
    daily.push({ platform: ref.platform, shop: ref.shop, day: state.day, rule: d.rule, agent: d.agent ?? "", numerator: d.numerator, denominator: d.denominator, t0, t1, t2, t3, t4 });
  }
  const shopDay = !previous || previous.hasBuyer !== state.hasBuyer ? { platform: ref.platform, shop: ref.shop, day: state.day, hasBuyer: state.hasBuyer ? (1 as const) : (0 as const) } : null;
  return { day, daily, shopDay };
}

function addContribution(delta: Map<string, Contribution>, day: number, c: Contribution, sign: 1 | -1): void {
  const k = `${c.rule}\u0000${c.agent ?? ""}`;
  let d = delta.get(k);
  if (!d) delta.set(k, (d = { rule: c.rule, agent: c.agent, day, numerator: 0, denominator: 0, tiers: [0, 0, 0, 0, 0] }));
  d.numerator += sign * c.numerator;
  d.denominator += sign * c.denominator;
  for (let i = 0; i < 5; i++) d.tiers[i] = d.tiers[i]! + sign * c.tiers[i]!;
}

/** What the compliance services use of the service context (the CLI builds just this). */
export type ComplianceContext = Pick<ServiceContext, "db" | "transact" | "shops" | "foldsInBackground" | "cache">;

/**
 * Before reading the aggregates: fold what is new, unless a background folder does. A stats
 * request on Node never folds: a backlog (a 30,000-message conversation) would hold the request
 * thread, and every webhook behind it, for seconds (issue 16). It reads what is folded and says
 * how fresh that is (complianceFreshness).
 */
export async function catchUpForRead({ ctx }: { ctx: ComplianceContext }): Promise<void> {
  if (!ctx.foldsInBackground) await syncCompliance({ ctx });
}

export interface Freshness {
  /** every stored event is in the figures */
  upToDate: boolean;
  /** events stored but not yet folded into the figures (all shops: the fold runs in store order) */
  eventsNotYetFolded: number;
  /** when the newest folded event was received (platform time); null before the first fold */
  foldedUpTo: string | null;
}

/** How far the folded aggregates lag behind the stored events. */
export async function complianceFreshness({ ctx }: { ctx: ComplianceContext }): Promise<Freshness> {
  const [state] = await complianceStatements(ctx.db).watermark.all({ id: WATERMARK_ID });
  const watermark = state?.watermark ?? 0;
  const [behind] = await ctx.db.select({ n: count() }).from(events).where(gt(events.seq, watermark));
  const [last] = watermark > 0 ? await ctx.db.select({ receivedAt: events.receivedAt }).from(events).where(eq(events.seq, watermark)) : [];
  const n = behind?.n ?? 0;
  return { upToDate: n === 0, eventsNotYetFolded: n, foldedUpTo: last ? formatPlatformTime(last.receivedAt) : null };
}

/** built for one shops map: a context copied with other shops (`{ ...ctx, shops }`) builds its own */
const RULES_FOR = cacheKey<{ shops: ServiceContext["shops"]; rulesFor: RulesFor }>("compliance.rulesFor");
/** Each shop's rules with the overrides of its config; shops not configured use the presets. */
export function rulesForContext({ ctx }: { ctx: Pick<ComplianceContext, "shops" | "cache"> }): RulesFor {
  const cached = ctx.cache.get(RULES_FOR);
  if (cached?.shops === ctx.shops) return cached.rulesFor;
  const shops = ctx.shops;
  const rulesFor = makeRulesFor({ overrides: (_platform, shop) => shops.get(shop)?.config.rules, editions: (_platform, shop) => shops.get(shop)?.config.editions });
  return ctx.cache.set(RULES_FOR, { shops, rulesFor }).rulesFor;
}

const WATERMARK_ID = "events";

/**
 * Folds every event stored since the last call into the aggregates. A batch is claimed by
 * moving the watermark with a compare-and-set, so concurrent callers (Workers isolates) never
 * fold the same events twice. Returns the number of events folded.
 */
export async function syncCompliance({ ctx, input = {} }: { ctx: ComplianceContext; input?: { batchSize?: number } }): Promise<number> {
  const limit = input.batchSize ?? 500;
  let folded = 0;
  // one unit per batch, not one for the whole catch-up: on Node the group commit serves
  // webhooks between batches, so folding a backlog never holds ingest for long
  for (;;) {
    const n = await ctx.transact(() => foldNextBatch(ctx, limit));
    if (n === 0) return folded;
    folded += n;
  }
}

/** Folds the next batch past the watermark; 0 when there is nothing new. */
async function foldNextBatch(ctx: ComplianceContext, limit: number): Promise<number> {
  for (;;) {
    const plan = await planFold({ ctx, input: { limit } });
    if (!plan) return 0;
    if (await applyFold({ ctx, input: plan })) return plan.count;
    // another fold moved the watermark since this plan was read: read again
  }
}

/** One conversation's new state, as the incremental algorithm writes it (a day as its rows: dayRows). */
export type FoldWrite = { kind: "meta"; ref: ConversationRef; meta: ConversationMeta } | { kind: "day"; rows: DayRows };

/**
 * The next batch of folding, worked out but not written: the events it takes (watermark
 * `from` to `to`) and the writes they make. Plain data, so a plan read on one connection
 * (the storage worker's) can be applied on another (the request thread's, the only writer).
 */
export interface FoldPlan {
  from: number;
  to: number;
  count: number;
  writes: FoldWrite[];
}

/** A store that reads the database and records the writes instead of making them. */
class PlanningStore implements ComplianceStore {
  readonly writes: FoldWrite[] = [];
  constructor(private readonly db: DbComplianceStore) {}
  getMeta(ref: ConversationRef) {
    return this.db.getMeta(ref);
  }
  eventsOfDay(ref: ConversationRef, day: number) {
    return this.db.eventsOfDay(ref, day);
  }
  listDays(ref: ConversationRef) {
    return this.db.listDays(ref);
  }
  async putMeta(ref: ConversationRef, meta: ConversationMeta) {
    this.writes.push({ kind: "meta", ref, meta });
  }
  async putDay(ref: ConversationRef, state: ConversationDayState, previous: ConversationDayState | undefined) {
    this.writes.push({ kind: "day", rows: dayRows(ref, state, previous) });
  }
}

/**
 * Reads the next batch past the watermark and works out its writes; undefined when there is
 * nothing new. At most `limit` events; with `maxConversations`, the batch also ends before the
 * event of one conversation more than that. A fold re-reads each touched conversation-day, so
 * what bounds a plan's writes (and the request thread's unit applying them) is the number of
 * conversations, not of events: a burst in one conversation is taken hundreds of events per
 * plan instead of a few dozen, and its day is re-read that many times fewer.
 */
export async function planFold({ ctx, input }: { ctx: Pick<ComplianceContext, "db" | "shops" | "cache">; input: { limit: number; maxConversations?: number } }): Promise<FoldPlan | undefined> {
  const { limit, maxConversations } = input;
  const q = complianceStatements(ctx.db);
  const [state] = await q.watermark.all({ id: WATERMARK_ID });
  const from = state?.watermark ?? 0;
  let rows = await q.eventsAfter.all({ from, limit });
  if (maxConversations !== undefined) rows = prefixOfConversations(rows, maxConversations);
  if (rows.length === 0) return undefined;
  const store = new PlanningStore(new DbComplianceStore(ctx.db, rows[rows.length - 1]!.seq));
  await foldRows(ctx, store, rows);
  return { from, to: rows[rows.length - 1]!.seq, count: rows.length, writes: store.writes };
}

type FoldRow = Pick<EventRow, "platform" | "shop" | "conversation" | "msgId" | "at" | "from" | "type" | "agent" | "bot" | "mode">;

/** Folds stored events (in seq order) into `store`, one incremental update per conversation. */
async function foldRows(ctx: Pick<ComplianceContext, "shops" | "cache">, store: ComplianceStore, rows: FoldRow[]): Promise<void> {
  const rulesFor = rulesForContext({ ctx });
  const byConversation = new Map<string, { ref: ConversationRef; events: EngineEvent[] }>();
  for (const r of rows) {
    const k = `${r.platform}\u0000${r.shop}\u0000${r.conversation}`;
    let g = byConversation.get(k);
    if (!g) byConversation.set(k, (g = { ref: { platform: r.platform as Platform, shop: r.shop, conversation: r.conversation }, events: [] }));
    g.events.push(toEngineEvent(r));
  }
  for (const g of byConversation.values()) await updateConversation(store, g.ref, g.events, rulesFor);
}

/** The longest prefix of `rows` (in store order) touching at most `max` conversations. */
function prefixOfConversations<R extends Pick<EventRow, "platform" | "shop" | "conversation">>(rows: R[], max: number): R[] {
  const seen = new Set<string>();
  for (const [i, r] of rows.entries()) {
    seen.add(`${r.platform}\u0000${r.shop}\u0000${r.conversation}`);
    if (seen.size > max) return rows.slice(0, i);
  }
  return rows;
}

/**
 * Claims a plan's events by moving the watermark from `from` to `to` (compare-and-set), then
 * makes its writes. False when another fold (or a rebuild) moved the watermark after the plan
 * was read: the plan rests on state that is gone, and nothing is written.
 */
export async function applyFold({ ctx, input: plan }: { ctx: Pick<ComplianceContext, "db">; input: FoldPlan }): Promise<boolean> {
  const q = complianceStatements(ctx.db);
  // a plan from 0 may be the first fold ever: its watermark row may not exist yet
  if (plan.from === 0) await q.ensureState.run({ id: WATERMARK_ID });
  const claimed = await q.claim.all({ id: WATERMARK_ID, from: plan.from, to: plan.to });
  if (claimed.length === 0) return false;
  const store = new DbComplianceStore(ctx.db);
  for (const w of plan.writes) {
    if (w.kind === "meta") await store.putMeta(w.ref, w.meta);
    else await store.putDayRows(w.rows);
  }
  return true;
}

/**
 * Drops the folded state and folds every stored event again: the repair after a crash between
 * folds on D1 or a change of a shop's rule overrides (aggregates are computed with the rules in
 * force when folded). The result equals a full recomputation (tested).
 */
export async function rebuildCompliance({ ctx }: { ctx: ComplianceContext }): Promise<number> {
  await ctx.transact(async () => {
    for (const t of [complianceDaily, complianceShopDays, complianceConversationDays, complianceConversations, complianceState]) await ctx.db.delete(t);
  });
  return syncCompliance({ ctx });
}

/**
 * One shop's rebuild (the admin route POST /api/admin/compliance/rebuild): drops that shop's
 * folded state and folds its events again up to the watermark, in one unit, so no fold runs
 * in between; events past the watermark are folded by the next sync as usual. Other shops'
 * figures are not touched. Returns the number of events folded again.
 */
export async function rebuildShopCompliance({ ctx, input }: { ctx: ComplianceContext; input: { shop: string; batchSize?: number } }): Promise<number> {
  const limit = input.batchSize ?? 500;
  return ctx.transact(async () => {
    const [state] = await complianceStatements(ctx.db).watermark.all({ id: WATERMARK_ID });
    const upTo = state?.watermark ?? 0;
    for (const t of [complianceDaily, complianceShopDays, complianceConversationDays, complianceConversations]) await ctx.db.delete(t).where(eq(t.shop, input.shop));
    const store = new DbComplianceStore(ctx.db);
    let after = 0;
    let folded = 0;
    for (;;) {
      const rows = await ctx.db
        .select()
        .from(events)
        .where(and(sql`+${events.shop} = ${input.shop}`, gt(events.seq, after), lte(events.seq, upTo))) // `+shop`: by seq, not the (shop, at) index and a sort per batch
        .orderBy(asc(events.seq))
        .limit(limit);
      if (rows.length === 0) return folded;
      after = rows[rows.length - 1]!.seq;
      store.upTo = after;
      await foldRows(ctx, store, rows);
      folded += rows.length;
    }
  });
}

/** Register in ctx.afterStore: keeps the aggregates current as messages arrive. */
export const complianceAfterStore: AfterStore = async (ctx) => {
  await syncCompliance({ ctx });
};

/** The daily rows of a shop (or every shop) as in-memory aggregates, for summarize(). */
export async function loadAggregates({ ctx, input }: { ctx: ComplianceContext; input: { shop?: string; to?: number } }): Promise<Aggregates> {
  const agg = new Aggregates();
  const dayConds = [input.shop === undefined ? undefined : eq(complianceShopDays.shop, input.shop), input.to === undefined ? undefined : lte(complianceShopDays.day, input.to)];
  for (const d of await ctx.db
    .select()
    .from(complianceShopDays)
    .where(and(...dayConds)))
    agg.markDay(d.platform as Platform, d.shop, d.day, d.hasBuyer);
  const conds = [input.shop === undefined ? undefined : eq(complianceDaily.shop, input.shop), input.to === undefined ? undefined : lte(complianceDaily.day, input.to)];
  for (const r of await ctx.db
    .select()
    .from(complianceDaily)
    .where(and(...conds))) {
    const tiers: Tiers = [r.tierFast, r.tierGood, r.tierPass, r.tierSlower, r.tierNone];
    agg.add(r.platform as Platform, r.shop, { rule: r.rule as RuleId, agent: r.agent === "" ? null : r.agent, day: r.day, numerator: r.numerator, denominator: r.denominator, tiers });
  }
  return agg;
}

export interface StatsInput {
  shop?: string;
  rules?: RuleId[];
  /** last day reported; default: the last day with a buyer message */
  to?: number;
}

/** `{results, skipped}` exactly as `report --json` prints it (nothing is skipped in a database). */
export async function complianceStats({ ctx, input }: { ctx: ComplianceContext; input: StatsInput }): Promise<{ results: ComplianceResult[]; skipped: []; editions: EditionUsed[] }> {
  await catchUpForRead({ ctx });
  const agg = await loadAggregates({ ctx, input: { shop: input.shop } });
  const to = input.to ?? agg.lastBuyerDay((s) => input.shop === undefined || s.shop === input.shop);
  if (to === undefined) return { results: [], skipped: [], editions: [] };
  const base = rulesForContext({ ctx });
  const selected = input.rules && input.rules.length > 0 ? new Set(input.rules) : undefined;
  const rulesFor: RulesFor = (platform, shop) => base(platform, shop).filter((r) => !selected || selected.has(r.id));
  const results = summarize(agg, { to, rulesFor, shop: input.shop });
  return { results: results.map(toContract), skipped: [], editions: editionsUsed(results) };
}

/**
 * Every assessed and excluded item of one rule on one day of a shop, recomputed from the
 * stored events of that day with each conversation's stored carry: the same explanation the
 * CLI gives, without rescanning other days.
 */
export async function explainDay({ ctx, input }: { ctx: ComplianceContext; input: { shop: string; rule: RuleId; day: number } }): Promise<ExplainItem[]> {
  await catchUpForRead({ ctx });
  const spec = rulesForContext({ ctx })(RULE_PRESETS[input.rule].platform, input.shop).find((r) => r.id === input.rule);
  if (!spec) return [];
  const platform = spec.platform;
  const days = await ctx.db
    .select()
    .from(complianceConversationDays)
    .where(and(eq(complianceConversationDays.shop, input.shop), eq(complianceConversationDays.platform, platform), eq(complianceConversationDays.day, input.day)));
  if (days.length === 0) return [];
  const metas = new Map(
    (
      await ctx.db
        .select()
        .from(complianceConversations)
        .where(and(eq(complianceConversations.shop, input.shop), eq(complianceConversations.platform, platform)))
    ).map((m) => [m.conversation, m]),
  );
  const rows = await ctx.db
    .select()
    .from(events)
    .where(and(eq(events.shop, input.shop), eq(events.platform, platform), gte(events.at, dayStartMs(input.day)), lt(events.at, dayStartMs(input.day) + DAY_MS)));
  const byConversation = new Map<string, EngineEvent[]>();
  for (const r of rows) {
    let list = byConversation.get(r.conversation);
    if (!list) byConversation.set(r.conversation, (list = []));
    list.push(toEngineEvent(r));
  }
  const items: ExplainItem[] = [];
  for (const d of days) {
    const meta = metas.get(d.conversation);
    const out = evaluateConversationDay(
      {
        ref: { platform, shop: input.shop, conversation: d.conversation },
        day: input.day,
        events: sortedUnique(byConversation.get(d.conversation) ?? []),
        carryIn: JSON.parse(d.carryIn) as Carry,
        laterShopReply: meta?.lastShopReplyDay !== null && meta?.lastShopReplyDay !== undefined && meta.lastShopReplyDay > input.day,
        excluded: meta?.excluded ?? false,
      },
      [spec],
      { explain: true, sorted: true },
    );
    items.push(...out.items);
  }
  return items.sort((a, b) => a.start - b.start || (a.conversation < b.conversation ? -1 : 1));
}
