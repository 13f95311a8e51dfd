/**
 * POST /webhooks/generic/{shop}: one event or an array of events in the event format,
 * signed `X-Signature: t=…,v1=hex HMAC-SHA256(secret, "t.body")`. A batch is validated whole
 * before anything is stored: a 400 means none of it was taken, so the sender can fix and resend.
 */
import type { Context } from "hono";
import { parseEvent, type ChatEvent, type TimeWindow } from "../../../core/events.js";
import { parseJsonExact } from "../../../core/platforms/mapping.js";
import { verifyGenericSignature } from "../../../core/generic-signature.js";
import { ingestEvents, refuseStrayTimes } from "../../../services/ingest.js";
import type { AppEnv } from "../../env.js";
import { ApiError } from "../../errors.js";

export const route = { method: "POST", path: "/webhooks/generic/:shop" } as const;

export interface GenericWebhookResponse {
  accepted: number;
  duplicates: number;
}

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

export async function handler(c: Context<AppEnv>) {
  const { ctx } = c.var;
  const shopId = c.req.param("shop") ?? "";
  const shop = ctx.shops.get(shopId);
  if (!shop) throw new ApiError(404, "not_found", `unknown shop "${shopId}"`);
  const secret = shop.config.genericWebhookSecret;
  if (!secret) throw new ApiError(503, "not_configured", `the generic webhook of shop "${shopId}" has no secret configured (GENERIC_WEBHOOK_SECRET)`);

  const raw = new Uint8Array(await c.req.arrayBuffer());
  const check = await verifyGenericSignature(secret, c.req.header("x-signature"), raw, ctx.now());
  if (!check.ok) throw new ApiError(401, "unauthorized", check.reason);

  const body = parseJsonBody(raw);
  const events = parseEventBatch(body, shopId);
  // the live window on `at`, as on every platform route (services/ingest.ts)
  refuseStrayTimes({ ctx, input: { events, batch: Array.isArray(body) } });
  const result: GenericWebhookResponse = await ingestEvents({ ctx, input: { shopId, events } });
  return c.json(result, 200);
}
