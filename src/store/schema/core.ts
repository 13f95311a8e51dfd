/**
 * The product's own tables. Every message, reply, assignment and decision is kept so that
 * compliance figures can be recomputed exactly from the database and every late round explained.
 * SQLite dialect only: the same schema runs on better-sqlite3 (Node) and D1 (Workers).
 */
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Every chat event in the event format of compliance-rules.md, whoever sent it. */
export const events = sqliteTable(
  "events",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    shop: text("shop").notNull(),
    platform: text("platform").notNull(),
    /** the platform's message id (ours for replies we create) */
    msgId: text("msg_id").notNull(),
    conversation: text("conversation").notNull(),
    at: integer("at").notNull(),
    from: text("from").notNull(),
    type: text("type").notNull().default("message"),
    agent: text("agent"),
    bot: text("bot"),
    mode: text("mode"),
    text: text("text"),
    /** unknown fields of the original event, JSON */
    extra: text("extra"),
    receivedAt: integer("received_at").notNull(),
  },
  (t) => [uniqueIndex("events_dedup").on(t.platform, t.shop, t.msgId), index("events_conversation").on(t.shop, t.platform, t.conversation, t.at), index("events_shop_at").on(t.shop, t.at)],
);

/** Exactly one per buyer message: what we did and why. */
export const decisions = sqliteTable(
  "decisions",
  {
    eventSeq: integer("event_seq").primaryKey(),
    shop: text("shop").notNull(),
    platform: text("platform").notNull(),
    conversation: text("conversation").notNull(),
    action: text("action").notNull(),
    reason: text("reason").notNull(),
    faqId: text("faq_id"),
    faqScore: real("faq_score"),
    faqConfident: integer("faq_confident", { mode: "boolean" }).notNull().default(false),
    faqVersion: text("faq_version"),
    suggestion: text("suggestion"),
    /** the platform's clock runs for this message (inside the assessed window) */
    clockRuns: integer("clock_runs", { mode: "boolean" }).notNull(),
    deadlineAt: integer("deadline_at"),
    /** Douyin opt-in: the answer was also sent, though it does not count */
    instantSent: integer("instant_sent", { mode: "boolean" }).notNull().default(false),
    decidedAt: integer("decided_at").notNull(),
  },
  (t) => [index("decisions_shop").on(t.shop, t.decidedAt)],
);

/** One row per conversation: the queue is the rows with a pending buyer message. */
export const chats = sqliteTable(
  "chats",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shop: text("shop").notNull(),
    platform: text("platform").notNull(),
    conversation: text("conversation").notNull(),
    /** waiting (in the queue, no agent), assigned (in an agent's list), idle (answered) */
    status: text("status").notNull(),
    agentId: text("agent_id"),
    /** first unanswered buyer message */
    pendingSince: integer("pending_since"),
    /** first unanswered buyer message inside the deadline rule's window */
    firstAssessedAt: integer("first_assessed_at"),
    deadlineAt: integer("deadline_at"),
    clockRuns: integer("clock_runs", { mode: "boolean" }).notNull().default(false),
    lastBuyerAt: integer("last_buyer_at"),
    lastText: text("last_text"),
    /** the buyer's nickname, where the platform gives one (the newest seen) */
    buyerNick: text("buyer_nick"),
    suggestion: text("suggestion"),
    suggestionFaqId: text("suggestion_faq_id"),
    /** the deadline an escalation was already emitted for */
    escalatedFor: integer("escalated_for"),
    assignedAt: integer("assigned_at"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("chats_conversation").on(t.shop, t.platform, t.conversation),
    index("chats_queue").on(t.shop, t.status, t.deadlineAt),
    index("chats_agent").on(t.shop, t.agentId, t.status),
    // the live feed reads the chats changed since its last read (http/sse.ts)
    index("chats_updated").on(t.shop, t.updatedAt),
  ],
);

/**
 * What the conversation-aware decision knows of a conversation (core/conversation.ts), kept
 * current in the transaction that stores each event that changes it, so that a buyer message
 * reads one row instead of folding the conversation's tail (services/conversations.ts).
 * A row exists once the conversation has a shop-side message or an event that changed the
 * state; no row means neither (migration 0008 backfills the conversations stored before it).
 */
export const conversationStates = sqliteTable(
  "conversation_states",
  {
    shop: text("shop").notNull(),
    platform: text("platform").notNull(),
    conversation: text("conversation").notNull(),
    /**
     * 1: the fields below are not to be trusted (an event that changes the state arrived dated
     * before one already folded in, or the row was backfilled): the next read folds the tail again
     */
    stale: integer("stale").notNull().default(0),
    /** the date of the latest event folded in: one dated before it makes the row stale */
    foldedAt: integer("folded_at"),
    lastHumanReplyAt: integer("last_human_reply_at"),
    lastHumanAgent: text("last_human_agent"),
    humanRequestedAt: integer("human_requested_at"),
    /** JSON [{faqId, at}], newest first (ConversationState.botAnswers) */
    botAnswers: text("bot_answers").notNull().default("[]"),
    /** the latest date of any shop-side message (human or bot): a buyer message dated after it has no earlier-stored reply */
    lastReplyAt: integer("last_reply_at"),
  },
  (t) => [primaryKey({ columns: [t.shop, t.platform, t.conversation] })],
);

/** Presence and capacity of agents; identities and tokens come from config. */
export const agentPresence = sqliteTable(
  "agent_presence",
  {
    shop: text("shop").notNull(),
    agentId: text("agent_id").notNull(),
    online: integer("online", { mode: "boolean" }).notNull().default(false),
    changedAt: integer("changed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.shop, t.agentId] })],
);

/** Durable outbox: replies and escalation notices, delivered by a worker with retries. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shop: text("shop").notNull(),
    /** reply | escalation */
    kind: text("kind").notNull(),
    /** platform for replies, target kind for escalations */
    destination: text("destination").notNull(),
    /** a reply's message id or escalation id + target: never enqueued twice */
    dedupeKey: text("dedupe_key").notNull(),
    payload: text("payload").notNull(),
    /** pending | sending | sent | failed */
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    /** a claimed item whose lease ran out (crashed worker) may be claimed again */
    leaseUntil: integer("lease_until"),
    lastError: text("last_error"),
    /** the last failure as a code (core/outbound.ts DeliveryFailure): what the dashboard says, in Chinese */
    lastErrorReason: text("last_error_reason"),
    createdAt: integer("created_at").notNull(),
    sentAt: integer("sent_at"),
  },
  (t) => [uniqueIndex("outbox_dedupe").on(t.dedupeKey), index("outbox_due").on(t.status, t.nextAttemptAt)],
);

/** Warnings emitted before a deadline is missed. */
export const escalations = sqliteTable(
  "escalations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shop: text("shop").notNull(),
    chatId: integer("chat_id").notNull(),
    platform: text("platform").notNull(),
    conversation: text("conversation").notNull(),
    agentId: text("agent_id"),
    deadlineAt: integer("deadline_at").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("escalations_once").on(t.chatId, t.deadlineAt), index("escalations_shop").on(t.shop, t.createdAt)],
);
