/**
 * What leaves the app. Replies and escalations are written to the outbox first, then a
 * sender per destination delivers them; a sender throws to ask for a retry.
 */
import type { Platform } from "./events.js";

/** What a reply can carry instead of text. */
export type ReplyContentKind = "image" | "card";
/** Card fields as the event format names them (core/message-content.ts reads the same keys). */
export type CardFields = Record<string, string>;

/**
 * An image or one card, in the event format's own shape (the fields an inbound event carries
 * them in, core/message-content.ts): `image: {url}`, `order | goods | logistics: {…}`. Stored as
 * the reply event's fields, so the console renders a sent image or card as it renders a buyer's.
 */
export interface ReplyContent {
  image?: { url: string };
  order?: CardFields;
  goods?: CardFields;
  logistics?: CardFields;
}

export interface OutboundReply extends ReplyContent {
  /** the reply's own message id: also the idempotency key receivers de-duplicate on */
  id: string;
  shop: string;
  platform: Platform;
  conversation: string;
  /** empty when the reply is an image or a card (ReplyContent) */
  text: string;
  /** who answered: an agent id, or the bot */
  source: { from: "human"; agent: string } | { from: "bot"; bot: string; mode: "assist" | "auto" };
  /** the buyer message this answers, when there is one */
  inReplyTo?: string;
  /** epoch ms */
  createdAt: number;
}

/**
 * Why a delivery failed, as a code the pages translate (labels.ts DELIVERY_FAILURE_LABELS): the
 * message stays English for logs and names hosts and statuses; the owner reads the reason.
 */
export const DELIVERY_FAILURES = ["no-destination", "network", "rejected", "unavailable", "platform-error", "unsupported-content", "shop-removed", "target-removed", "refused", "other"] as const;
export type DeliveryFailure = (typeof DELIVERY_FAILURES)[number];

export class DeliveryError extends Error {
  constructor(
    message: string,
    /** false: retrying cannot help (bad credentials, rejected content); the item is failed at once */
    readonly retryable = true,
    readonly reason: DeliveryFailure = "other",
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}
