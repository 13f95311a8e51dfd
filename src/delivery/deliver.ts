/**
 * Delivers outbox rows. Replies go to the platform's own sender where one is registered
 * (e.g. Kuaishou's message API), else to the shop's generic outbound webhook; escalations go
 * to the shop's group robots. A sender throws DeliveryError; the outbox decides on retries.
 */
import type { Platform } from "../core/events.js";
import { DeliveryError, type OutboundReply } from "../core/outbound.js";
import { signGenericBody } from "../core/generic-signature.js";
import type { Shop } from "../services/context.js";
import type { Deliver, OutboxRow } from "../services/outbox.js";
import { noticeText, type EscalationNotice } from "../services/escalation.js";
import { robotBody, robotRefusal } from "./group-robots.js";

export type ReplySender = (reply: OutboundReply, shop: Shop) => Promise<void>;
export type Fetch = typeof fetch;

const TIMEOUT_MS = 10_000;

/** 5xx, 429 and network errors may pass; other 4xx will not, whatever we retry. */
async function post(fetchImpl: Fetch, url: string, body: string, headers: Record<string, string>): Promise<unknown> {
  let res: Response;
  try {
    res = await fetchImpl(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    throw new DeliveryError(`POST ${new URL(url).host} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  const text = await res.text();
  if (!res.ok) throw new DeliveryError(`POST ${new URL(url).host} answered ${res.status}: ${text.slice(0, 200)}`, res.status >= 500 || res.status === 429);
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
    if (!url) throw new DeliveryError(`shop ${shop.config.id} has no outbound URL (OUTBOUND_WEBHOOK_URL) and ${reply.platform} has no native sender`, false);
    const body = JSON.stringify(reply);
    const headers: Record<string, string> = { "idempotency-key": reply.id };
    if (shop.config.outboundSecret) headers["x-signature"] = await signGenericBody(shop.config.outboundSecret, body, Math.floor(nowMs() / 1000));
    await post(fetchImpl, url, body, headers);
  };
}

export interface DeliveryDeps {
  fetch: Fetch;
  now: () => number;
  /** native reply senders by platform; missing platforms use the generic webhook */
  replySenders?: Partial<Record<Platform, ReplySender>>;
}

export function createDeliver(deps: DeliveryDeps): Deliver {
  const generic = genericReplySender(deps.fetch, deps.now);
  return async (row: OutboxRow, shop: Shop) => {
    const payload = JSON.parse(row.payload) as unknown;
    if (row.kind === "reply") {
      const reply = payload as OutboundReply;
      const native = deps.replySenders?.[reply.platform];
      // a platform sender applies only where the shop has that platform's credentials
      const usable = native && shop.config.credentials[reply.platform] ? native : generic;
      return usable(reply, shop);
    }
    if (row.kind === "escalation") {
      const { target, notice } = payload as { target: number; notice: EscalationNotice };
      const t = shop.config.escalation.targets[target];
      if (!t) throw new DeliveryError(`escalation target ${target} is no longer configured`, false);
      const answer = await post(deps.fetch, t.url, JSON.stringify(robotBody(t.kind, noticeText(notice), notice)), {});
      const refusal = robotRefusal(answer);
      // robots also refuse for rate limits (钉钉 130101), so a refusal is retried like any failure
      if (refusal) throw new DeliveryError(refusal);
      return;
    }
    throw new DeliveryError(`unknown outbox kind ${row.kind}`, false);
  };
}
