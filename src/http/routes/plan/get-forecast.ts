import type { Context } from "hono";
import { ForecastError } from "../../../core/planning/forecast.js";
import { forecastShopStaffing } from "../../../services/planning.js";
import type { AppEnv } from "../../env.js";
import { ApiError } from "../../errors.js";
import { ruleParam } from "../stats/params.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { PLAN_CONTRACTS } from "../../contracts/reports.js";

/**
 * `GET /api/plan/forecast?shop=&rule=&target=0.9[&concurrency=3&peakFactor=1&bot=on&model=sim&ahtSeconds=&firstReplySeconds=]`:
 * the staffing forecast of `forecast --db` for this shop, the same JSON as `forecast --json`.
 * Bad input is a 400 naming the field; a history with nothing to forecast from, a 400 `no_history`.
 */
export const route = { method: "GET", path: "/forecast" } as const;

const CONTRACT = PLAN_CONTRACTS["GET /forecast"];
export type GetForecastRequest = RequestOf<typeof CONTRACT>;
export type GetForecastResponse = ResponseOf<typeof CONTRACT>;

function num(c: Context<AppEnv>, field: string, ok: (n: number) => boolean, rule: string): number | undefined {
  const v = c.req.query(field);
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || !ok(n)) throw new ApiError(400, "bad_request", `${field} must be ${rule}, got "${v}"`, { field });
  return n;
}

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const ruleRaw = c.req.query("rule");
  if (!ruleRaw) throw new ApiError(400, "bad_request", "rule is required", { field: "rule" });
  const rule = ruleParam(ruleRaw);
  const target = num(c, "target", (n) => n > 0 && n < 1, "a rate between 0 and 1 (exclusive)");
  if (target === undefined) throw new ApiError(400, "bad_request", "target is required (a rate between 0 and 1, e.g. 0.9)", { field: "target" });
  const bot = c.req.query("bot") ?? "on";
  if (bot !== "on" && bot !== "off") throw new ApiError(400, "bad_request", `bot must be on or off, got "${bot}"`, { field: "bot" });
  const model = c.req.query("model") ?? "sim";
  if (model !== "sim" && model !== "erlang-c") throw new ApiError(400, "bad_request", `model must be sim or erlang-c, got "${model}"`, { field: "model" });
  try {
    const f = await forecastShopStaffing({
      ctx,
      input: {
        shop: shop.config.id,
        rule,
        target,
        concurrency: num(c, "concurrency", (n) => Number.isInteger(n) && n >= 1, "a whole number ≥ 1") ?? 3,
        peakFactor: num(c, "peakFactor", (n) => n > 0, "a number > 0") ?? 1,
        ahtSeconds: num(c, "ahtSeconds", (n) => n > 0, "a number > 0"),
        firstReplySeconds: num(c, "firstReplySeconds", (n) => n >= 0, "a number ≥ 0"),
        bot: bot === "on",
        model,
      },
    });
    return respond(c, CONTRACT, { rule: f.rule, target: f.target, slots: f.slots });
  } catch (err) {
    if (err instanceof ForecastError) throw new ApiError(400, "bad_request", err.message, { reason: "no_history" });
    throw err;
  }
}
