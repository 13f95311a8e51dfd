/**
 * Delivers outbox rows. Replies go to the platform's own sender where one is registered
 * (e.g. Kuaishou's message API), else to the shop's generic outbound webhook; escalations go
 * to the shop's group robots. A sender throws DeliveryError; the outbox decides on retries.
 */
import type { Platform } from "../core/events.js";
import { DeliveryError, type OutboundReply } from "../core/outbound.js";
import type { Shop } from "../services/context.js";
import type { Deliver, OutboxRow } from "../services/outbox.js";
import { noticeText, type EscalationNotice } from "../services/escalation.js";
import { robotBody, robotRefusal } from "./group-robots.js";

import { genericReplySender, post, type Fetch, type ReplySender } from "./generic-sender.js";

export { genericReplySender, type Fetch, type ReplySender };

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
      if (!t) throw new DeliveryError(`escalation target ${target} is no longer configured`, false, "target-removed");
      const answer = await post(deps.fetch, t.url, JSON.stringify(robotBody(t.kind, noticeText(notice), notice)), {});
      const refusal = robotRefusal(answer);
      // robots also refuse for rate limits (钉钉 130101), so a refusal is retried like any failure
      if (refusal) throw new DeliveryError(refusal, true, "refused");
      return;
    }
    throw new DeliveryError(`unknown outbox kind ${row.kind}`, false);
  };
}
