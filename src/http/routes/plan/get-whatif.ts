import type { Context } from "hono";
import { whatIfShopHistory, WhatIfHistoryError } from "../../../services/whatif.js";
import type { AppEnv } from "../../env.js";
import { ApiError } from "../../errors.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { PLAN_CONTRACTS } from "../../contracts/reports.js";

/**
 * `GET /api/plan/whatif?shop=&days=7`: the `whatif` replay on this shop's stored events of the
 * last `days` platform days (1–31): per rule and day the actual figure, the figure with the bot,
 * penalties avoided or incurred, why a platform does not change, and the newest bot messages.
 * Bad `days` is a 400 naming the field; nothing to replay, a 400 `no_history`.
 */
export const route = { method: "GET", path: "/whatif" } as const;

const CONTRACT = PLAN_CONTRACTS["GET /whatif"];
export type GetWhatifRequest = RequestOf<typeof CONTRACT>;
export type GetWhatifResponse = ResponseOf<typeof CONTRACT>;

export const MAX_DAYS = 31;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const raw = c.req.query("days") ?? "7";
  const days = Number(raw);
  if (!/^\d+$/.test(raw) || days < 1 || days > MAX_DAYS) throw new ApiError(400, "bad_request", `days must be a whole number from 1 to ${MAX_DAYS}, got "${raw}"`, { field: "days" });
  try {
    return respond(c, CONTRACT, await whatIfShopHistory({ ctx, input: { shop: shop.config.id, days } }));
  } catch (err) {
    if (err instanceof WhatIfHistoryError) throw new ApiError(400, "bad_request", err.message, { reason: "no_history" });
    throw err;
  }
}
