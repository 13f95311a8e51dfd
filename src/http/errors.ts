/** One typed error for the whole API: handlers throw it, the app turns it into JSON. */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ServiceError, type ServiceErrorKind } from "../services/errors.js";

export type ErrorCode = "bad_request" | "invalid_json" | "invalid_event" | "unauthorized" | "forbidden" | "not_found" | "conflict" | "payload_too_large" | "not_configured" | "internal";

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function errorBody(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
  return { error: { code, message, ...details } };
}

/** The one mapping from a service's refusal to HTTP. */
const SERVICE_ERROR_HTTP: Record<ServiceErrorKind, { status: ContentfulStatusCode; code: ErrorCode }> = {
  invalid: { status: 400, code: "bad_request" },
  not_found: { status: 404, code: "not_found" },
  conflict: { status: 409, code: "conflict" },
  invalid_event: { status: 400, code: "invalid_event" },
  unsupported: { status: 501, code: "not_configured" },
};

export function handleError(err: Error, c: Context) {
  if (err instanceof ApiError) return c.json(errorBody(err.code, err.message, err.details), err.status);
  if (err instanceof ServiceError) {
    const { status, code } = SERVICE_ERROR_HTTP[err.kind];
    return c.json(errorBody(code, err.message, err.details), status);
  }
  if (err instanceof HTTPException) {
    const code: ErrorCode = err.status === 413 ? "payload_too_large" : err.status === 401 ? "unauthorized" : "bad_request";
    return c.json(errorBody(code, err.message || "request rejected"), err.status);
  }
  const ctx = c.get("ctx" as never) as { log?: { error(m: string, f?: Record<string, unknown>): void } } | undefined;
  ctx?.log?.error("unhandled error", { path: c.req.path, error: err.message });
  return c.json(errorBody("internal", "internal error"), 500);
}
