/**
 * Prepared statements for the per-message hot path. Building a Drizzle query and having
 * SQLite compile it costs more than running it; these are built once per database handle.
 * `.prepare()` with placeholders works the same on better-sqlite3 and D1.
 */
import { and, Column, desc, eq, getTableColumns, gte, inArray, lt, or, type Placeholder, type SQL, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "./db.js";
import { takeOffered } from "./upsert.js";
import { agentPresence, chats, conversationStates, decisions, events, outbox } from "./schema/index.js";

const p = (name: string) => sql.placeholder(name);

/** An outbox row is due: pending and its time has come, or claimed by a worker whose lease ran out. */
const outboxDue = or(and(eq(outbox.status, "pending"), sql`${outbox.nextAttemptAt} <= ${sql.placeholder("now")}`), and(eq(outbox.status, "sending"), lt(outbox.leaseUntil, sql.placeholder("now"))));
/** UPDATE … SET takes SQL, not bare placeholders */
const set = (name: string) => sql`${sql.placeholder(name)}`;

/**
 * An INSERT's values, each a placeholder of the column's own name. Drizzle wraps a
 * placeholder given to `.values()` in a Param that runs the column's encoder at every
 * execution, and its fillPlaceholders tells the two apart by walking each one's prototype
 * chain: ~1 µs per value, 15–30 µs of the request thread per buyer message over its ~35
 * inserted values (bench:ingest-direct's CPU profile). Where the encoder is the identity
 * (text, integer and real columns) the placeholder goes in bare, bound exactly as given;
 * a column that encodes (boolean mode: `v ? 1 : 0`) keeps drizzle's Param.
 */
function placeholders<T extends SQLiteTable, K extends keyof T["$inferInsert"] & string>(table: T, keys: readonly K[]): Record<K, SQL | Placeholder> {
  const columns = getTableColumns(table) as Record<string, Column>;
  return Object.fromEntries(keys.map((k) => [k, columns[k]!.mapToDriverValue === Column.prototype.mapToDriverValue ? set(k) : p(k)])) as Record<K, SQL | Placeholder>;
}

function build(db: Db) {
  return {
    insertEvent: db
      .insert(events)
      .values(placeholders(events, ["shop", "platform", "msgId", "conversation", "at", "from", "type", "agent", "bot", "mode", "text", "extra", "receivedAt"]))
      .onConflictDoNothing()
      .returning({ seq: events.seq })
      .prepare(),
    // No `.limit(1)` on a unique key: drizzle binds the limit as a parameter, and with STAT4
    // (better-sqlite3's build) SQLite prepares a statement again whenever a parameter its plan
    // looked at is rebound, a LIMIT included: 10+ µs of CPU per run (docs/configuration.md, "Performance").
    findChat: db
      .select()
      .from(chats)
      .where(and(eq(chats.shop, p("shop")), eq(chats.platform, p("platform")), eq(chats.conversation, p("conversation"))))
      .prepare(),
    onlineAgents: db
      .select({ agentId: agentPresence.agentId })
      .from(agentPresence)
      .where(and(eq(agentPresence.shop, p("shop")), eq(agentPresence.online, true)))
      .prepare(),
    /** a buyer message joins the chat's pending streak (booleans bound as 0/1) */
    updateQueuedChat: db
      .update(chats)
      .set({
        status: set("status"),
        pendingSince: set("pendingSince"),
        firstAssessedAt: set("firstAssessedAt"),
        deadlineAt: set("deadlineAt"),
        clockRuns: set("clockRuns"),
        lastBuyerAt: set("lastBuyerAt"),
        lastText: set("lastText"),
        // a message without a nickname keeps the one known
        buyerNick: sql`coalesce(${sql.placeholder("buyerNick")}, ${chats.buyerNick})`,
        suggestion: set("suggestion"),
        suggestionFaqId: set("suggestionFaqId"),
        updatedAt: set("updatedAt"),
      })
      .where(eq(chats.id, p("id")))
      .returning()
      .prepare(),
    insertChat: db
      .insert(chats)
      .values({
        ...placeholders(chats, ["shop", "platform", "conversation", "pendingSince", "firstAssessedAt", "deadlineAt", "clockRuns", "lastBuyerAt", "lastText", "buyerNick", "suggestion", "suggestionFaqId", "updatedAt"]),
        status: "waiting",
      })
      .returning()
      .prepare(),
    /** a counted reply: the chat leaves the queue */
    markChatIdle: db
      .update(chats)
      .set({ status: "idle", pendingSince: null, firstAssessedAt: null, deadlineAt: null, clockRuns: false, escalatedFor: null, updatedAt: set("updatedAt") })
      .where(eq(chats.id, p("id")))
      .prepare(),
    insertOutbox: db
      .insert(outbox)
      .values({ ...placeholders(outbox, ["shop", "kind", "destination", "dedupeKey", "payload"]), status: "pending", nextAttemptAt: set("now"), createdAt: set("now") })
      .onConflictDoNothing()
      .prepare(),
    /** one UPDATE … RETURNING: of two workers claiming at once, only one gets a row */
    claimOutbox: db
      .update(outbox)
      .set({ status: "sending", attempts: sql`${outbox.attempts} + 1`, leaseUntil: set("leaseUntil") })
      .where(and(inArray(outbox.id, db.select({ id: outbox.id }).from(outbox).where(outboxDue).orderBy(outbox.nextAttemptAt, outbox.id).limit(p("limit"))), outboxDue))
      .returning()
      .prepare(),
    outboxSent: db
      .update(outbox)
      .set({ status: "sent", sentAt: set("now"), leaseUntil: null, lastError: null, lastErrorReason: null })
      .where(eq(outbox.id, p("id")))
      .prepare(),
    outboxFailedAttempt: db
      .update(outbox)
      .set({ status: set("status"), lastError: set("lastError"), lastErrorReason: set("lastErrorReason"), leaseUntil: null, nextAttemptAt: set("nextAttemptAt") })
      .where(eq(outbox.id, p("id")))
      .prepare(),
    insertDecision: db
      .insert(decisions)
      .values(placeholders(decisions, ["eventSeq", "shop", "platform", "conversation", "action", "reason", "faqId", "faqScore", "faqConfident", "faqVersion", "suggestion", "clockRuns", "deadlineAt", "instantSent", "decidedAt"]))
      .onConflictDoNothing()
      .prepare(),
    /**
     * The conversation's latest events, newest first, each buyer message with its decision:
     * what the conversation-aware decision folds (services/conversations.ts). On the
     * events_conversation index, so it reads only this conversation's tail.
     */
    conversationTail: db
      .select({
        at: events.at,
        from: events.from,
        type: events.type,
        agent: events.agent,
        action: decisions.action,
        reason: decisions.reason,
        faqId: decisions.faqId,
      })
      .from(events)
      .leftJoin(decisions, eq(decisions.eventSeq, events.seq))
      .where(and(eq(events.shop, p("shop")), eq(events.platform, p("platform")), eq(events.conversation, p("conversation"))))
      .orderBy(desc(events.at), desc(events.seq))
      .limit(p("limit"))
      .prepare(),
    /** the conversation state row the decision reads (services/conversations.ts) */
    findConversationState: db
      .select()
      .from(conversationStates)
      .where(and(eq(conversationStates.shop, p("shop")), eq(conversationStates.platform, p("platform")), eq(conversationStates.conversation, p("conversation"))))
      .prepare(),
    putConversationState: db
      .insert(conversationStates)
      .values(placeholders(conversationStates, ["shop", "platform", "conversation", "stale", "foldedAt", "lastHumanReplyAt", "lastHumanAgent", "humanRequestedAt", "botAnswers", "lastReplyAt"]))
      .onConflictDoUpdate({
        target: [conversationStates.shop, conversationStates.platform, conversationStates.conversation],
        set: takeOffered(conversationStates, ["stale", "foldedAt", "lastHumanReplyAt", "lastHumanAgent", "humanRequestedAt", "botAnswers", "lastReplyAt"]),
      })
      .prepare(),
    // Replies that did not reach the buyer (services/undelivered.ts): only on a failed delivery
    // attempt or a late success, but there once per reply, where every reply fails (a platform
    // down, no outbound URL); built per call they cost ~0.2–0.35 ms each.
    /** one message (ours or the buyer's) with its decision row, if any */
    messageDecision: db
      .select({ seq: events.seq, at: events.at, action: decisions.action, reason: decisions.reason })
      .from(events)
      .leftJoin(decisions, eq(decisions.eventSeq, events.seq))
      .where(and(eq(events.platform, p("platform")), eq(events.shop, p("shop")), eq(events.msgId, p("msgId"))))
      .prepare(),
    /** a conversation's latest messages, newest first, each with its decision's reason (a reply's mark) */
    conversationMessagesWithMarks: db
      .select({ seq: events.seq, at: events.at, from: events.from, text: events.text, reason: decisions.reason })
      .from(events)
      .leftJoin(decisions, eq(decisions.eventSeq, events.seq))
      .where(and(eq(events.shop, p("shop")), eq(events.platform, p("platform")), eq(events.conversation, p("conversation")), eq(events.type, "message")))
      .orderBy(desc(events.at), desc(events.seq))
      .limit(p("limit"))
      .prepare(),
    /** the chat back in front of a person, pending again */
    reopenChat: db
      .update(chats)
      .set({
        status: set("status"),
        agentId: set("agentId"),
        pendingSince: set("pendingSince"),
        firstAssessedAt: set("firstAssessedAt"),
        deadlineAt: set("deadlineAt"),
        clockRuns: set("clockRuns"),
        escalatedFor: null,
        suggestion: set("suggestion"),
        suggestionFaqId: set("suggestionFaqId"),
        assignedAt: set("assignedAt"),
        updatedAt: set("updatedAt"),
      })
      .where(eq(chats.id, p("id")))
      .returning()
      .prepare(),
    /** a reply's mark turns (reply-undelivered → reply-failed / reply-delivered-late) */
    setDecisionReason: db
      .update(decisions)
      .set({ reason: set("reason"), decidedAt: set("decidedAt") })
      .where(eq(decisions.eventSeq, p("eventSeq")))
      .prepare(),
    /** shop-side messages of a conversation dated at or after `at` (a reply that came in before its question) */
    repliesSince: db
      .select({ from: events.from, bot: events.bot, mode: events.mode })
      .from(events)
      .where(and(eq(events.shop, p("shop")), eq(events.platform, p("platform")), eq(events.conversation, p("conversation")), gte(events.at, p("at")), inArray(events.from, ["human", "bot"]), eq(events.type, "message")))
      .limit(50)
      .prepare(),
  };
}

export type Statements = ReturnType<typeof build>;
const cache = new WeakMap<Db, Statements>();

export function statements(db: Db): Statements {
  let s = cache.get(db);
  if (!s) {
    s = build(db);
    cache.set(db, s);
  }
  return s;
}
