/**
 * What an agent's console reads about one chat: the chat with its latest messages, and the
 * order context the shop knows about its buyer. Routes present these rows (src/http/routes/agent).
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import { events, platformRecords } from "../store/schema/index.js";
import { getChat, type ChatRow } from "./chats.js";
import type { ServiceContext } from "./context.js";
import { notFound } from "./errors.js";

/** messages a console shows of a conversation */
const MESSAGES = 200;
/** order/refund records and buyer messages read for the order context */
const RECORDS = 10;
const RECENT_BUYER_MESSAGES = 50;

async function chatOrNotFound(ctx: ServiceContext, shop: string, chatId: number): Promise<ChatRow> {
  const chat = await getChat({ ctx, input: { shop, id: chatId } });
  if (!chat) throw notFound("no such chat in this shop");
  return chat;
}

/** One chat of the shop and the newest 200 messages of its conversation, oldest first. */
export async function getChatWithMessages({ ctx, input }: { ctx: ServiceContext; input: { shop: string; chatId: number } }) {
  const chat = await chatOrNotFound(ctx, input.shop, input.chatId);
  const rows = await ctx.db
    .select()
    .from(events)
    .where(and(eq(events.shop, input.shop), eq(events.platform, chat.platform), eq(events.conversation, chat.conversation)))
    // the newest 200 (a live console refetches this on each message: the oldest would hide them)
    .orderBy(desc(events.at), desc(events.seq))
    .limit(MESSAGES);
  rows.reverse();
  return { chat, messages: rows };
}

/**
 * The order context of a chat's buyer: the platform's order/refund records whose buyer is this
 * conversation's, and the `extra` of the buyer's recent messages (where platforms put order fields).
 */
export async function getChatOrderSources({ ctx, input }: { ctx: ServiceContext; input: { shop: string; chatId: number } }) {
  const chat = await chatOrNotFound(ctx, input.shop, input.chatId);
  const [records, recent] = await Promise.all([
    ctx.db
      .select()
      .from(platformRecords)
      .where(and(eq(platformRecords.shop, input.shop), eq(platformRecords.platform, chat.platform), eq(platformRecords.buyer, chat.conversation), inArray(platformRecords.category, ["order", "refund"])))
      .orderBy(desc(platformRecords.seq))
      .limit(RECORDS),
    ctx.db
      .select({ extra: events.extra })
      .from(events)
      .where(and(eq(events.shop, input.shop), eq(events.platform, chat.platform), eq(events.conversation, chat.conversation), eq(events.from, "buyer")))
      .orderBy(desc(events.seq))
      .limit(RECENT_BUYER_MESSAGES),
  ]);
  return { chat, records, recentExtras: recent.map((r) => r.extra) };
}
