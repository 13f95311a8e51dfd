import type { Context } from "hono";
import { complianceFreshness, complianceStats } from "../../../services/compliance.js";
import type { AppEnv } from "../../env.js";
import { dayParam, ruleParam } from "./params.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { STATS_CONTRACTS } from "../../contracts/reports.js";

/**
 * `GET /api/stats?shop=&rule=&to=`: the shop's compliance figures, the same JSON as
 * `report --json`, plus `freshness` (how far the folded figures lag the stored events: on Node
 * the storage worker folds and the request never waits for it). `rule` may repeat (or be
 * comma-separated); none means every rule.
 */
export const route = { method: "GET", path: "/" } as const;

const CONTRACT = STATS_CONTRACTS["GET /"];
export type GetStatsRequest = RequestOf<typeof CONTRACT>;
export type GetStatsResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const rules = (c.req.queries("rule") ?? [])
    .flatMap((r) => r.split(","))
    .filter((r) => r !== "")
    .map((r) => ruleParam(r));
  const to = dayParam(c.req.query("to"), "to");
  const stats = await complianceStats({ ctx, input: { shop: shop.config.id, rules, to } });
  return respond(c, CONTRACT, { ...stats, freshness: await complianceFreshness({ ctx }) });
}
