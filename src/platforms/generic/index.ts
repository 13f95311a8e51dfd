/**
 * POST /webhooks/generic/{shop}: one event or an array of events in the event format,
 * signed `X-Signature: t=…,v1=hex HMAC-SHA256(secret, "t.body")`. A batch is validated whole
 * before anything is stored: a 400 means none of it was taken, so the sender can fix and resend.
 * Not a platform of its own: any system that speaks the event format (docs/compliance-rules.md)
 * pushes here, for any platform; the route (src/http/routes/webhooks/receive.ts) serves it as
 * the push source `generic`.
 */
import { parseEvent, type ChatEvent, type TimeWindow } from "../../core/events.js";
import { parseJsonExact } from "../../core/platforms/mapping.js";
import { verifyGenericSignature } from "../../core/generic-signature.js";
import { ApiError } from "../../http/errors.js";
import type { PushAdapter } from "../types.js";
import { z } from "@hono/zod-openapi";
import { contract } from "../../http/contract.js";

export const GenericWebhookResponse = z.object({ accepted: z.number().int(), duplicates: z.number().int() });
export type GenericWebhookResponse = z.infer<typeof GenericWebhookResponse>;

/** One event in the event format of docs/compliance-rules.md (validated field by field by parseEvent). */
const EventSchema = z
  .object({
    id: z.union([z.string(), z.number().int()]),
    platform: z.enum(["taobao", "douyin", "kuaishou"]),
    shop: z.string().optional(),
    conversation: z.string(),
    at: z.string().describe("ISO 8601; without an offset it is platform time (Asia/Shanghai)"),
    from: z.enum(["buyer", "human", "bot", "system", "staff", "internal"]),
    agent: z.string().optional(),
    bot: z.string().optional(),
    mode: z.enum(["assist", "auto"]).optional(),
    type: z.string().optional(),
    text: z.string().max(10_000).optional(),
  })
  .catchall(z.unknown())
  .openapi("Event");

/** The contract of POST /webhooks/generic/{shop} (README, "Contract"). */
export const genericWebhookOpenApi = contract("POST", "/webhooks/generic/:shop", {
  summary: "Push chat events (one, or a batch stored whole) in the event format",
  params: z.object({ shop: z.string() }),
  headers: z.object({ "x-signature": z.string().describe('t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>') }),
  body: z.union([EventSchema, z.array(EventSchema)]),
  response: { description: "stored and acted on; ids already stored are counted as duplicates", schema: GenericWebhookResponse },
  errors: [400, 401, 404, 413, 503],
});

export function parseEventBatch(body: unknown, shopId: string, window?: TimeWindow): ChatEvent[] {
  const batch = Array.isArray(body);
  const items = batch ? body : [body];
  const out: ChatEvent[] = [];
  const errors: { index?: number; field: string; message: string }[] = [];
  items.forEach((raw, index) => {
    const parsed = parseEvent(raw, { shop: shopId, window });
    if (!parsed.ok) errors.push({ ...(batch ? { index } : {}), ...parsed.error });
    else if (parsed.event.shop !== shopId) {
      errors.push({ ...(batch ? { index } : {}), field: "shop", message: `event is for shop "${parsed.event.shop}" but was posted to "${shopId}"` });
    } else out.push(parsed.event);
  });
  const first = errors[0];
  if (first) {
    const where = first.index !== undefined ? `event ${first.index}: ` : "";
    throw new ApiError(400, "invalid_event", `${where}${first.message}`, { ...first, ...(errors.length > 1 ? { errors: errors.slice(0, 50) } : {}) });
  }
  return out;
}

/** Integers beyond 2^53 are kept exact (as strings), as the platform routes do: ids stay distinct. */
export function parseJsonBody(raw: Uint8Array): unknown {
  try {
    return parseJsonExact(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch (err) {
    throw new ApiError(400, "invalid_json", `body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export const genericPush: PushAdapter<string, Uint8Array> = {
  credentials: (shop) => shop.genericWebhookSecret,
  missingCredentials: (shopId) => `the generic webhook of shop "${shopId}" has no secret configured (GENERIC_WEBHOOK_SECRET)`,
  async verify({ raw, header, creds, now }) {
    const check = await verifyGenericSignature(creds, header("x-signature"), raw, now);
    return check.ok ? { ok: true, push: raw } : { ok: false, status: 401, reason: check.reason };
  },
  async receive({ ctx, shopId, push, services }) {
    const body = parseJsonBody(push);
    const events = parseEventBatch(body, shopId);
    // the live window on `at`, as on every platform route (services/ingest.ts)
    services.refuseStrayTimes({ ctx, input: { events, batch: Array.isArray(body) } });
    const result: GenericWebhookResponse = await services.ingestEvents({ ctx, input: { shopId, events } });
    return result;
  },
};
