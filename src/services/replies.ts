/**
 * Replies we send (the bot's answers and agents' messages): stored as events first, so the
 * compliance figures see them, then put in the outbox for delivery.
 */
import type { ChatEvent, Platform } from "../core/events.js";
import type { OutboundReply, ReplyContent } from "../core/outbound.js";
import { eventRow } from "../store/event-row.js";
import { statements } from "../store/statements.js";
import type { ServiceContext } from "./context.js";
import { enqueueOutbox } from "./outbox.js";
import { noteConversationMessage } from "./conversations.js";

export interface SendReplyInput {
  shop: string;
  platform: Platform;
  conversation: string;
  /** "" when `content` is given */
  text: string;
  /** an image or a card instead of text (the event format's fields: core/outbound.ts ReplyContent) */
  content?: ReplyContent;
  source: OutboundReply["source"];
  inReplyTo?: string;
  /** our message id, when the caller must be able to repeat the send (an agent's retry) */
  id?: string;
  /**
   * false: the caller brings the conversation-state row up to date itself, in the same unit,
   * with this reply's date (the bot answering a buyer message folds it into the decision's one
   * read and write of the row: services/ingest.ts). Default true.
   */
  noteState?: boolean;
}

/** The reply; `repeated` when its id was already stored (a retried send): nothing was stored or queued. */
export async function sendReply({ ctx, input }: { ctx: ServiceContext; input: SendReplyInput }): Promise<OutboundReply & { repeated?: true }> {
  const now = ctx.now();
  const { id, content, noteState = true, ...fields } = input;
  const reply: OutboundReply = { id: id ?? `fr-${crypto.randomUUID()}`, ...fields, ...content, createdAt: now };
  // the reply is an event of its conversation, stored through the one mapping of events to rows
  const event: ChatEvent = {
    id: reply.id,
    platform: input.platform,
    shop: input.shop,
    conversation: input.conversation,
    at: now,
    from: input.source.from,
    type: "message",
    agent: input.source.from === "human" ? input.source.agent : undefined,
    bot: input.source.from === "bot" ? input.source.bot : undefined,
    mode: input.source.from === "bot" ? input.source.mode : undefined,
    // an image or card is stored as an inbound one is: no text, its fields kept (present.ts shows them)
    text: content ? undefined : input.text,
    extra: content as Record<string, unknown> | undefined,
  };
  const stored = await statements(ctx.db).insertEvent.all(eventRow(event, now));
  // the same id again (a retried send): stored and queued the first time, nothing more to do
  if (stored.length === 0) return { ...reply, repeated: true };
  if (noteState)
    await noteConversationMessage({ ctx, input: { shop: input.shop, platform: input.platform, conversation: input.conversation, from: input.source.from, at: now, agent: input.source.from === "human" ? input.source.agent : null } });
  await enqueueOutbox({ ctx, input: { shop: input.shop, kind: "reply", destination: input.platform, dedupeKey: `reply:${reply.id}`, payload: reply } });
  ctx.outboxWritten();
  return reply;
}
