/** Query parameters shared by the stats routes; bad input is a 400 naming the field. */
import { RULE_IDS, type RuleId } from "../../../core/rules/presets.js";
import { parseDayKey } from "../../../core/time.js";
import { ApiError } from "../../errors.js";

export function dayParam(value: string | undefined, field: string): number | undefined {
  if (value === undefined || value === "") return undefined;
  const day = parseDayKey(value);
  if (day === undefined) throw new ApiError(400, "bad_request", `${field} must be a date YYYY-MM-DD`, { field });
  return day;
}

export function ruleParam(value: string, field = "rule"): RuleId {
  if (!(RULE_IDS as readonly string[]).includes(value)) throw new ApiError(400, "bad_request", `unknown rule "${value}"; rules: ${RULE_IDS.join(", ")}`, { field });
  return value as RuleId;
}
