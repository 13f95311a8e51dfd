import type { Context } from "hono";
import { dayKeyOfNumber } from "../../../core/time.js";
import { explainDay } from "../../../services/compliance.js";
import type { AppEnv } from "../../env.js";
import { ApiError } from "../../errors.js";
import { dayParam, ruleParam } from "./params.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { STATS_CONTRACTS } from "../../contracts/reports.js";

/**
 * `GET /api/stats/explain?shop=&rule=&day=`: every assessed and excluded item of one rule on
 * one day: its start, the reply that stopped its clock (or none), seconds, in time / late /
 * excluded and why. Times are epoch ms, as in `report --json --explain`.
 */
export const route = { method: "GET", path: "/explain" } as const;

const CONTRACT = STATS_CONTRACTS["GET /explain"];
export type GetExplainRequest = RequestOf<typeof CONTRACT>;
export type GetExplainResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const ruleRaw = c.req.query("rule");
  if (!ruleRaw) throw new ApiError(400, "bad_request", "rule is required", { field: "rule" });
  const rule = ruleParam(ruleRaw);
  const day = dayParam(c.req.query("day"), "day");
  if (day === undefined) throw new ApiError(400, "bad_request", "day is required (YYYY-MM-DD)", { field: "day" });
  const items = await explainDay({ ctx, input: { shop: shop.config.id, rule, day } });
  return respond(c, CONTRACT, { shop: shop.config.id, rule, day: dayKeyOfNumber(day), items });
}
