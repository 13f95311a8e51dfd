/**
 * What leaves the app. Replies and escalations are written to the outbox first, then a
 * sender per destination delivers them; a sender throws to ask for a retry.
 */
import type { Platform } from "./events.js";

export interface OutboundReply {
  /** the reply's own message id: also the idempotency key receivers de-duplicate on */
  id: string;
  shop: string;
  platform: Platform;
  conversation: string;
  text: string;
  /** who answered: an agent id, or the bot */
  source: { from: "human"; agent: string } | { from: "bot"; bot: string; mode: "assist" | "auto" };
  /** the buyer message this answers, when there is one */
  inReplyTo?: string;
  /** epoch ms */
  createdAt: number;
}

export class DeliveryError extends Error {
  constructor(
    message: string,
    /** false: retrying cannot help (bad credentials, rejected content); the item is failed at once */
    readonly retryable = true,
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}
