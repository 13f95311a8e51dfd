/**
 * What agents tell us about the bot: a bot answer an agent marked as wrong. One row per bot
 * message (a second click, by anyone, finds the first row), so the dashboard counts each wrong
 * answer once. The buyer message it answered and the FAQ entry are kept at flag time, so the
 * report needs no replay of the conversation.
 */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const botFlags = sqliteTable(
  "bot_flags",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shop: text("shop").notNull(),
    platform: text("platform").notNull(),
    conversation: text("conversation").notNull(),
    chatId: integer("chat_id").notNull(),
    /** the bot message (events.seq) */
    eventSeq: integer("event_seq").notNull(),
    /** the buyer message it answered (events.seq), when one precedes it */
    buyerSeq: integer("buyer_seq"),
    /** the FAQ entry the decision of that buyer message used */
    faqId: text("faq_id"),
    agentId: text("agent_id").notNull(),
    note: text("note"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("bot_flags_event").on(t.eventSeq),
    index("bot_flags_shop").on(t.shop, t.createdAt),
    // the console asks on every chat load which of the conversation's answers are flagged
    index("bot_flags_conversation").on(t.shop, t.platform, t.conversation),
  ],
);
