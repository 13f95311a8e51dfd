/**
 * The conversation state the decision reads (core/conversation.ts), from the store: the
 * conversation's latest events and the decisions taken on its buyer messages, folded in order.
 */
import { EMPTY_CONVERSATION, foldConversation, type ConversationState, type ObservedEvent } from "../core/conversation.js";
import type { Platform } from "../core/events.js";
import { statements } from "../store/statements.js";
import type { ServiceContext } from "./context.js";

/**
 * How far back the state looks. Hold time and the repeat window are minutes to an hour; a
 * conversation's last 50 events cover them in any chat a person could keep up with, and keep
 * the read bounded in a conversation with 100,000 messages.
 */
const TAIL = 50;

export async function getConversationState({ ctx, input }: { ctx: ServiceContext; input: { shop: string; platform: Platform; conversation: string } }): Promise<ConversationState> {
  const rows = await statements(ctx.db).conversationTail.all({ ...input, limit: TAIL });
  if (rows.length === 0) return EMPTY_CONVERSATION;
  const observed: ObservedEvent[] = [];
  for (let i = rows.length - 1; i >= 0; i--) {
    const r = rows[i]!;
    observed.push({ from: r.from as ObservedEvent["from"], type: r.type as ObservedEvent["type"], at: r.at, agent: r.agent, humanRequested: r.reason === "human-requested" });
    // our bot's FAQ answer is recorded on the buyer message it answered
    if (r.action === "auto-answer" && r.faqId) observed.push({ from: "bot", at: r.at, faqId: r.faqId });
  }
  return foldConversation(observed);
}
