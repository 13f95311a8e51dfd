/**
 * GET /api/admin/dashboard?shop=&rule=&day=: everything the dashboard shows for one shop —
 * per rule today's and the 30-day rate with floor, targets, light and penalties at risk,
 * 30 days per rule, late items by day × hour, chats at risk now, per-agent figures and the
 * late items of `day` (default today); `riskOffset` pages the chats at risk (100 a page). An empty shop answers with empty series, never 500.
 */
import type { Context } from "hono";
import { RULE_IDS, type RuleId } from "../../../core/rules/presets.js";
import { parseDayKey } from "../../../core/time.js";
import type { AppEnv } from "../../env.js";
import { ApiError } from "../../errors.js";
import { getDashboard } from "../../../services/dashboard.js";
import { presentChat } from "../../present.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { ADMIN_CONTRACTS } from "../../contracts/admin.js";

export const route = { method: "GET", path: "/dashboard" } as const;

const CONTRACT = ADMIN_CONTRACTS["GET /dashboard"];
export type DashboardRequest = RequestOf<typeof CONTRACT>;
export type DashboardResponse = ResponseOf<typeof CONTRACT>;

export function parseRuleParam(v: string | undefined): RuleId | undefined {
  if (!v) return undefined;
  if (!(RULE_IDS as readonly string[]).includes(v)) throw new ApiError(400, "bad_request", `rule must be one of ${RULE_IDS.join(", ")}`, { field: "rule" });
  return v as RuleId;
}

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const rule = parseRuleParam(c.req.query("rule"));
  const dayParam = c.req.query("day");
  const day = dayParam ? parseDayKey(dayParam) : undefined;
  if (dayParam && day === undefined) throw new ApiError(400, "bad_request", "day must be YYYY-MM-DD", { field: "day" });
  const riskParam = c.req.query("riskOffset");
  if (riskParam !== undefined && !/^\d{1,6}$/.test(riskParam)) throw new ApiError(400, "bad_request", "riskOffset must be a number", { field: "riskOffset", reason: "not-a-number" });
  const now = ctx.now();
  const data = await getDashboard({ ctx, input: { shop, rule, day, riskOffset: riskParam === undefined ? 0 : Number(riskParam), now } });
  return respond(c, CONTRACT, { ...data, atRisk: data.atRisk.map((chat) => presentChat(chat, now)) });
}
