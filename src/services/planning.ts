/**
 * The staffing forecast's history from the stored events (`forecast --db`): one platform's
 * conversations, each folded into the per-slot counts of core/planning/history.ts.
 */
import { and, asc, eq } from "drizzle-orm";
import { sortedUnique } from "../core/compliance/order.js";
import type { EngineEvent } from "../core/compliance/types.js";
import { addConversationHistory, emptyHistory, finishHistory, type History } from "../core/planning/history.js";
import { forecastStaffing, ForecastError, type Forecast, type ForecastOptions, type SlotForecast } from "../core/planning/forecast.js";
import { addStaffingEvent, emptyStaffing, scheduledAgents, type StaffingTally } from "../core/planning/scheduled.js";
import type { RuleId, RuleSpec } from "../core/rules/presets.js";
import { events } from "../store/schema/core.js";
import { toEngineEvent, type ComplianceContext } from "./compliance.js";
import type { ServiceContext } from "./context.js";

/** Visits rows sorted by shop or platform, conversation and time, one conversation at a time. */
export function forEachStoredConversation<R extends { platform: string; shop: string; conversation: string }>(rows: readonly R[], visit: (conversation: R[]) => void): void {
  let start = 0;
  for (let i = 1; i <= rows.length; i++) {
    const a = rows[i - 1]!;
    const b = rows[i];
    if (b && b.platform === a.platform && b.shop === a.shop && b.conversation === a.conversation) continue;
    visit(rows.slice(start, i));
    start = i;
  }
}

export async function loadPlanningHistory({ ctx, input }: { ctx: Pick<ComplianceContext, "db">; input: { rule: RuleSpec; shop?: string; staffing?: StaffingTally } }): Promise<History> {
  const { rule } = input;
  const where = input.shop === undefined ? eq(events.platform, rule.platform) : and(eq(events.platform, rule.platform), eq(events.shop, input.shop));
  const rows = await ctx.db.select().from(events).where(where).orderBy(asc(events.shop), asc(events.conversation), asc(events.at));
  const h = emptyHistory();
  forEachStoredConversation(rows, (conv) => {
    const list = conv.map(toEngineEvent);
    if (input.staffing) for (const e of list) addStaffingEvent(input.staffing, e);
    addConversationHistory(h, sortedUnique(list), rule);
  });
  return finishHistory(h);
}

/** A forecast slot with the agents measured at work in it (core/planning/scheduled.ts). */
export type StaffedSlot = SlotForecast & { scheduled: number | null };

/**
 * A shop's staffing forecast from its stored events, with the rule as the shop runs it (editions,
 * overrides), and per slot the agents scheduled — measured from the same events — beside the
 * agents needed.
 */
export async function forecastShopStaffing({ ctx, input }: { ctx: Pick<ServiceContext, "db" | "shops">; input: { shop: string; rule: RuleId } & Omit<ForecastOptions, "rule"> }): Promise<Forecast & { slots: StaffedSlot[] }> {
  const shop = ctx.shops.get(input.shop);
  if (!shop) throw new ForecastError(`unknown shop ${input.shop}`);
  const rule = shop.rules[input.rule];
  const staffing = emptyStaffing();
  const history = await loadPlanningHistory({ ctx, input: { rule, shop: input.shop, staffing } });
  const f = forecastStaffing(history, { ...input, rule });
  const scheduled = scheduledAgents(staffing, history);
  return { ...f, slots: f.slots.map((s) => ({ ...s, scheduled: scheduled[s.weekday]![Number(s.start.slice(0, 2)) * 2 + (s.start.endsWith("30") ? 1 : 0)]! })) };
}
