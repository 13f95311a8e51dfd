/**
 * Replies we send (the bot's answers and agents' messages): stored as events first, so the
 * compliance figures see them, then put in the outbox for delivery.
 */
import type { Platform } from "../core/events.js";
import type { OutboundReply } from "../core/outbound.js";
import { statements } from "../store/statements.js";
import type { ServiceContext } from "./context.js";
import { enqueueOutbox } from "./outbox.js";

export interface SendReplyInput {
  shop: string;
  platform: Platform;
  conversation: string;
  text: string;
  source: OutboundReply["source"];
  inReplyTo?: string;
}

export async function sendReply({ ctx, input }: { ctx: ServiceContext; input: SendReplyInput }): Promise<OutboundReply> {
  const now = ctx.now();
  const reply: OutboundReply = { id: `fr-${crypto.randomUUID()}`, ...input, createdAt: now };
  await statements(ctx.db).insertEvent.all({
    shop: input.shop,
    platform: input.platform,
    msgId: reply.id,
    conversation: input.conversation,
    at: now,
    from: input.source.from,
    type: "message",
    agent: input.source.from === "human" ? input.source.agent : null,
    bot: input.source.from === "bot" ? input.source.bot : null,
    mode: input.source.from === "bot" ? input.source.mode : null,
    text: input.text,
    extra: null,
    receivedAt: now,
  });
  await enqueueOutbox({ ctx, input: { shop: input.shop, kind: "reply", destination: input.platform, dedupeKey: `reply:${reply.id}`, payload: reply } });
  ctx.outboxWritten();
  return reply;
}
