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

export async function loadPlanningHistory({ ctx, input }: { ctx: Pick<ComplianceContext, "db">; input: { rule: RuleSpec; shop?: string; staffing?: StaffingTally } }): Promise<History> {
  const { rule } = input;
  const where = input.shop === undefined ? eq(events.platform, rule.platform) : and(eq(events.platform, rule.platform), eq(events.shop, input.shop));
  const rows = await ctx.db.select().from(events).where(where).orderBy(asc(events.shop), asc(events.conversation), asc(events.at));
  const h = emptyHistory();
  let key = "";
  let list: EngineEvent[] = [];
  const flush = () => {
    if (list.length > 0) addConversationHistory(h, sortedUnique(list), rule);
    list = [];
  };
  for (const r of rows) {
    const k = `${r.shop}\u0000${r.conversation}`;
    if (k !== key) {
      flush();
      key = k;
    }
    const e = toEngineEvent(r);
    list.push(e);
    if (input.staffing) addStaffingEvent(input.staffing, e);
  }
  flush();
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
