/**
 * Agents marking a bot answer as wrong: one click in the console, one row per bot message.
 * The shop's dashboard lists them beside the buyer message the bot answered, so whoever keeps
 * the FAQ sees what the bot got wrong and where.
 */
import { and, desc, eq, gte, lt, lte } from "drizzle-orm";
import type { AgentConfig } from "../config/types.js";
import { invalid, notFound } from "./errors.js";
import { botFlags, decisions, events } from "../store/schema/index.js";
import { getChat } from "./chats.js";
import type { ServiceContext, Shop } from "./context.js";

export type BotFlagRow = typeof botFlags.$inferSelect;

export interface FlagInput {
  shop: Shop;
  agent: AgentConfig;
  chatId: number;
  /** the bot message, by the id the chat's messages carry … */
  msgId?: string;
  /** … or by its stored sequence number */
  eventSeq?: number;
  note?: string;
}

/**
 * Idempotent: flagging a message already flagged (by anyone) answers the existing flag with
 * `created: false` and changes nothing. Only bot messages of this chat of the agent's shop.
 */
export async function flagBotAnswer({ ctx, input }: { ctx: ServiceContext; input: FlagInput }): Promise<{ flag: BotFlagRow; created: boolean }> {
  const shopId = input.shop.config.id;
  const chat = await getChat({ ctx, input: { shop: shopId, id: input.chatId } });
  if (!chat) throw notFound(`no chat ${input.chatId} in this shop`, { reason: "chat-not-found" });
  const which = input.msgId !== undefined ? eq(events.msgId, input.msgId) : eq(events.seq, input.eventSeq ?? -1);
  const [message] = await ctx.db
    .select()
    .from(events)
    .where(and(eq(events.shop, shopId), eq(events.platform, chat.platform), eq(events.conversation, chat.conversation), which))
    .limit(1);
  const field = input.msgId !== undefined ? "msgId" : "eventId";
  if (!message) throw notFound(`no message ${input.msgId ?? input.eventSeq} in chat ${chat.id}`, { field, reason: "message-not-found" });
  if (message.from !== "bot") {
    throw invalid(`message ${message.msgId} is not a bot answer (from ${message.from}); only bot answers can be flagged`, { field, reason: "not-a-bot-answer" });
  }

  // the buyer message the bot answered: the last one stored before it in the conversation
  const [question] = await ctx.db
    .select({ seq: events.seq, faqId: decisions.faqId })
    .from(events)
    .leftJoin(decisions, eq(decisions.eventSeq, events.seq))
    .where(and(eq(events.shop, shopId), eq(events.platform, chat.platform), eq(events.conversation, chat.conversation), eq(events.from, "buyer"), lte(events.at, message.at), lt(events.seq, message.seq)))
    .orderBy(desc(events.at), desc(events.seq))
    .limit(1);

  const inserted = await ctx.db
    .insert(botFlags)
    .values({
      shop: shopId,
      platform: chat.platform,
      conversation: chat.conversation,
      chatId: chat.id,
      eventSeq: message.seq,
      buyerSeq: question?.seq ?? null,
      faqId: question?.faqId ?? null,
      agentId: input.agent.id,
      note: input.note?.trim() || null,
      createdAt: ctx.now(),
    })
    .onConflictDoNothing()
    .returning();
  if (inserted[0]) return { flag: inserted[0], created: true };
  const [existing] = await ctx.db.select().from(botFlags).where(eq(botFlags.eventSeq, message.seq)).limit(1);
  if (!existing) throw new Error("bot flag vanished");
  return { flag: existing, created: false };
}

/** The bot messages of a conversation that carry a flag (the console marks them). */
export async function listFlaggedMessages({ ctx, input }: { ctx: ServiceContext; input: { shop: string; platform: string; conversation: string } }): Promise<string[]> {
  const rows = await ctx.db
    .select({ msgId: events.msgId })
    .from(botFlags)
    .innerJoin(events, eq(events.seq, botFlags.eventSeq))
    .where(and(eq(botFlags.shop, input.shop), eq(botFlags.platform, input.platform), eq(botFlags.conversation, input.conversation)));
  return rows.map((r) => r.msgId);
}

export interface BotFlagReport {
  flag: BotFlagRow;
  answer: { msgId: string; at: number; text: string | null };
  buyer: { msgId: string; at: number; text: string | null } | null;
}

/** Flags made in [from, to), newest first, with the answer and the buyer message behind each. */
export async function listBotFlags({ ctx, input }: { ctx: ServiceContext; input: { shop: string; from: number; to: number; limit?: number } }): Promise<BotFlagReport[]> {
  const rows = await ctx.db
    .select({ flag: botFlags, answer: { msgId: events.msgId, at: events.at, text: events.text } })
    .from(botFlags)
    .innerJoin(events, eq(events.seq, botFlags.eventSeq))
    .where(and(eq(botFlags.shop, input.shop), gte(botFlags.createdAt, input.from), lt(botFlags.createdAt, input.to)))
    .orderBy(desc(botFlags.createdAt), desc(botFlags.id))
    .limit(input.limit ?? 200);
  const out: BotFlagReport[] = [];
  for (const r of rows) {
    const [buyer] = r.flag.buyerSeq === null ? [] : await ctx.db.select({ msgId: events.msgId, at: events.at, text: events.text }).from(events).where(eq(events.seq, r.flag.buyerSeq)).limit(1);
    out.push({ flag: r.flag, answer: r.answer, buyer: buyer ?? null });
  }
  return out;
}
