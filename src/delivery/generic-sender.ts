/**
 * The generic outbound webhook sender and its POST, on their own: a platform's native sender
 * (src/platforms/<id>/) falls back to it without importing the outbox's delivery (deliver.ts),
 * so the platform registry stays free of the services and can be read by core.
 */
import { DeliveryError, type OutboundReply } from "../core/outbound.js";
import { signGenericBody } from "../core/generic-signature.js";
import type { Shop } from "../services/context.js";

export type ReplySender = (reply: OutboundReply, shop: Shop) => Promise<void>;
export type Fetch = typeof fetch;

const TIMEOUT_MS = 10_000;

/** 5xx, 429 and network errors may pass; other 4xx will not, whatever we retry. */
export async function post(fetchImpl: Fetch, url: string, body: string, headers: Record<string, string>): Promise<unknown> {
  let res: Response;
  try {
    res = await fetchImpl(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    throw new DeliveryError(`POST ${new URL(url).host} failed: ${err instanceof Error ? err.message : String(err)}`, true, "network");
  }
  const text = await res.text();
  if (!res.ok) {
    const passing = res.status >= 500 || res.status === 429;
    throw new DeliveryError(`POST ${new URL(url).host} answered ${res.status}: ${text.slice(0, 200)}`, passing, passing ? "unavailable" : "rejected");
  }
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

/** The generic outbound webhook: our reply as JSON, signed like the inbound webhook. */
export function genericReplySender(fetchImpl: Fetch, nowMs: () => number): ReplySender {
  return async (reply, shop) => {
    const url = shop.config.outboundUrl;
    if (!url) throw new DeliveryError(`shop ${shop.config.id} has no outbound URL (OUTBOUND_WEBHOOK_URL) and ${reply.platform} has no native sender`, false, "no-destination");
    const body = JSON.stringify(reply);
    const headers: Record<string, string> = { "idempotency-key": reply.id };
    if (shop.config.outboundSecret) headers["x-signature"] = await signGenericBody(shop.config.outboundSecret, body, Math.floor(nowMs() / 1000));
    await post(fetchImpl, url, body, headers);
  };
}
