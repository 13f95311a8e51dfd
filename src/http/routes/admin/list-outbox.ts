import { DELIVERY_FAILURES, type DeliveryFailure } from "../../../core/outbound.js";
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { formatPlatformTime } from "../../../core/time.js";
import { listOutboxItems, OUTBOX_STATUSES, type OutboxStatus } from "../../../services/admin-logs.js";
import type { AppEnv } from "../../env.js";
import { ApiError } from "../../errors.js";
import { contract, respond } from "../../contract.js";
import { contentOf } from "../../present.js";
import type { MessageCard } from "../../../core/message-content.js";

const STATUSES: readonly string[] = OUTBOX_STATUSES;

/**
 * A reply's conversation and what it said, so a failed one can be recognised (the dashboard
 * lists them): its text, or the image and cards it carried (an image or card reply has empty
 * text; its payload holds them in the event format's fields, as core/outbound.ts says).
 */
function replySummary(kind: string, payload: string): { conversation?: string; text?: string; image?: { url: string }; cards?: MessageCard[] } {
  if (kind !== "reply") return {};
  try {
    const p = JSON.parse(payload) as { conversation?: unknown; text?: unknown };
    return {
      ...(typeof p.conversation === "string" ? { conversation: p.conversation } : {}),
      ...(typeof p.text === "string" && p.text ? { text: p.text } : {}),
      ...contentOf(p),
    };
  } catch {
    return {};
  }
}

/** Deliveries and their failures: `?status=failed` shows what did not reach the platform. */
export const route = { method: "GET", path: "/outbox" } as const;

export const ListOutboxResponse = z.object({
  shop: z.string(),
  items: z.array(
    z.object({
      id: z.number().int(),
      kind: z.string(),
      destination: z.string(),
      status: z.enum(OUTBOX_STATUSES),
      attempts: z.number().int(),
      lastError: z.string().nullable(),
      /** the last failure as a code (core/outbound.ts DELIVERY_FAILURES); its Chinese is in /ui/assets/labels.js `deliveryFailures` */
      reason: z.enum(DELIVERY_FAILURES).nullable(),
      createdAt: z.string(),
      sentAt: z.string().nullable(),
      nextAttemptAt: z.string().nullable(),
      conversation: z.string().optional(),
      text: z.string().optional(),
      /** an image reply's image */
      image: z.object({ url: z.string() }).optional(),
      /** a card reply's card, labelled in Chinese (core/message-content.ts) */
      cards: z.array(z.object({ kind: z.enum(["order", "goods", "logistics"]), rows: z.array(z.tuple([z.string(), z.string()])) })).optional(),
    }),
  ),
});
export type ListOutboxResponse = z.infer<typeof ListOutboxResponse>;

export const openapi = contract("GET", "/outbox", {
  summary: "The shop's latest 200 deliveries (replies, alerts), newest first; `status=failed` shows what did not arrive",
  query: z.object({ shop: z.string().optional(), status: z.enum(OUTBOX_STATUSES).optional() }),
  response: { description: "deliveries", schema: ListOutboxResponse },
  errors: [400, 401, 403],
});

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const status = c.req.query("status");
  if (status && !STATUSES.includes(status)) throw new ApiError(400, "bad_request", `status must be one of ${STATUSES.join(", ")}`, { field: "status" });
  const rows = await listOutboxItems({ ctx, input: { shop: shop.config.id, status: (status || undefined) as OutboxStatus | undefined } });
  return respond(c, openapi, {
    shop: shop.config.id,
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      destination: r.destination,
      status: r.status as OutboxStatus,
      attempts: r.attempts,
      lastError: r.lastError,
      reason: (DELIVERY_FAILURES as readonly string[]).includes(r.lastErrorReason ?? "") ? (r.lastErrorReason as DeliveryFailure) : r.lastError ? "other" : null,
      createdAt: formatPlatformTime(r.createdAt),
      sentAt: r.sentAt ? formatPlatformTime(r.sentAt) : null,
      nextAttemptAt: r.status === "pending" ? formatPlatformTime(r.nextAttemptAt) : null,
      ...replySummary(r.kind, r.payload),
    })),
  });
}
