/**
 * What a service refuses, in its own terms: services know nothing of HTTP. The HTTP layer maps
 * each kind to a status and error code in one place (src/http/errors.ts, handleError); a CLI or
 * a worker can read the same error without a status.
 */
export type ServiceErrorKind = "not_found" | "conflict" | "invalid" | "invalid_event" | "unsupported";

export class ServiceError extends Error {
  constructor(
    readonly kind: ServiceErrorKind,
    message: string,
    /** named facts a caller may act on: `reason` (a stable word), `field`, … */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

/** the thing asked for does not exist (in this shop) */
export const notFound = (message: string, details?: Record<string, unknown>) => new ServiceError("not_found", message, details);
/** the thing exists but its state forbids the action now */
export const conflict = (message: string, details?: Record<string, unknown>) => new ServiceError("conflict", message, details);
/** the input names something impossible */
export const invalid = (message: string, details?: Record<string, unknown>) => new ServiceError("invalid", message, details);
/** this runtime cannot do it (agents managed by configuration on Workers) */
export const unsupported = (message: string, details?: Record<string, unknown>) => new ServiceError("unsupported", message, details);
/** a pushed event breaks the event format or the live window: nothing of the push is taken */
export const invalidEvent = (message: string, details?: Record<string, unknown>) => new ServiceError("invalid_event", message, details);
