/** The agent fields the dashboard sends (create / update), validated with the field named. */
import { ApiError } from "../../errors.js";
import { requireString } from "../../validate.js";

export const MAX_CONCURRENT_LIMIT = 50;

export function agentName(body: Record<string, unknown>): string {
  return requireString(body, "name", 20).trim();
}

export function agentLimit(body: Record<string, unknown>, fallback?: number): number {
  const v = body.maxConcurrent ?? fallback;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > MAX_CONCURRENT_LIMIT) {
    throw new ApiError(400, "bad_request", `maxConcurrent must be a whole number from 1 to ${MAX_CONCURRENT_LIMIT}`, { field: "maxConcurrent", reason: "out-of-range", min: 1, max: MAX_CONCURRENT_LIMIT });
  }
  return v;
}
