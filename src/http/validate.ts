/** Small request-body readers that answer bad input with a 400 naming the field. */
import type { Context } from "hono";
import { ApiError } from "./errors.js";

export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError(400, "invalid_json", "body must be a JSON object", { reason: "body-not-object" });
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new ApiError(400, "invalid_json", "body must be a JSON object", { reason: "body-not-object" });
  return body as Record<string, unknown>;
}

export function requireString(body: Record<string, unknown>, field: string, maxLength = 2000): string {
  const v = body[field];
  if (typeof v !== "string" || !v.trim()) throw new ApiError(400, "bad_request", `${field} is required (a non-empty string)`, { field, reason: "required" });
  if (v.length > maxLength) throw new ApiError(400, "bad_request", `${field} is longer than ${maxLength} characters`, { field, reason: "too-long", max: maxLength });
  return v;
}

export function requireBoolean(body: Record<string, unknown>, field: string): boolean {
  const v = body[field];
  if (typeof v !== "boolean") throw new ApiError(400, "bad_request", `${field} must be true or false`, { field, reason: "not-boolean" });
  return v;
}

export function idParam(c: Context, name = "id"): number {
  const v = c.req.param(name) ?? "";
  if (!/^\d{1,15}$/.test(v)) throw new ApiError(400, "bad_request", `${name} must be a number`, { field: name, reason: "not-a-number" });
  return Number(v);
}

/** A client-chosen id (idempotency key): absent, or 8–64 characters of [A-Za-z0-9_-]. */
export function optionalRef(body: Record<string, unknown>, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string" || !/^[A-Za-z0-9_-]{8,64}$/.test(v)) throw new ApiError(400, "bad_request", `${field} must be 8-64 characters of A-Z a-z 0-9 _ -`, { field, reason: "bad-ref" });
  return v;
}
