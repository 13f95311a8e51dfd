/**
 * Prepared statements for the per-message hot path. Building a Drizzle query and having
 * SQLite compile it costs more than running it; these are built once per database handle.
 * `.prepare()` with placeholders works the same on better-sqlite3 and D1.
 */
import { and, desc, eq, gte, inArray, lt, or, sql } from "drizzle-orm";
import type { Db } from "./db.js";
import { takeOffered } from "./upsert.js";
import { agentPresence, chats, conversationStates, decisions, events, outbox } from "./schema/index.js";

const p = (name: string) => sql.placeholder(name);

/** An outbox row is due: pending and its time has come, or claimed by a worker whose lease ran out. */
const outboxDue = or(and(eq(outbox.status, "pending"), sql`${outbox.nextAttemptAt} <= ${sql.placeholder("now")}`), and(eq(outbox.status, "sending"), lt(outbox.leaseUntil, sql.placeholder("now"))));
/** UPDATE … SET takes SQL, not bare placeholders */
const set = (name: string) => sql`${sql.placeholder(name)}`;

function build(db: Db) {
  return {
    insertEvent: db
      .insert(events)
      .values({
        shop: p("shop"),
        platform: p("platform"),
        msgId: p("msgId"),
        conversation: p("conversation"),
        at: p("at"),
        from: p("from"),
        type: p("type"),
        agent: p("agent"),
        bot: p("bot"),
        mode: p("mode"),
        text: p("text"),
        extra: p("extra"),
        receivedAt: p("receivedAt"),
      })
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
        shop: p("shop"),
        platform: p("platform"),
        conversation: p("conversation"),
        status: "waiting",
        pendingSince: p("pendingSince"),
        firstAssessedAt: p("firstAssessedAt"),
        deadlineAt: p("deadlineAt"),
        clockRuns: p("clockRuns"),
        lastBuyerAt: p("lastBuyerAt"),
        lastText: p("lastText"),
        buyerNick: p("buyerNick"),
        suggestion: p("suggestion"),
        suggestionFaqId: p("suggestionFaqId"),
        updatedAt: p("updatedAt"),
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
      .values({
        shop: p("shop"),
        kind: p("kind"),
        destination: p("destination"),
        dedupeKey: p("dedupeKey"),
        payload: p("payload"),
        status: "pending",
        nextAttemptAt: p("now"),
        createdAt: p("now"),
      })
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
      .values({
        eventSeq: p("eventSeq"),
        shop: p("shop"),
        platform: p("platform"),
        conversation: p("conversation"),
        action: p("action"),
        reason: p("reason"),
        faqId: p("faqId"),
        faqScore: p("faqScore"),
        faqConfident: p("faqConfident"),
        faqVersion: p("faqVersion"),
        suggestion: p("suggestion"),
        clockRuns: p("clockRuns"),
        deadlineAt: p("deadlineAt"),
        instantSent: p("instantSent"),
        decidedAt: p("decidedAt"),
      })
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
      .values({
        shop: p("shop"),
        platform: p("platform"),
        conversation: p("conversation"),
        stale: p("stale"),
        foldedAt: p("foldedAt"),
        lastHumanReplyAt: p("lastHumanReplyAt"),
        lastHumanAgent: p("lastHumanAgent"),
        humanRequestedAt: p("humanRequestedAt"),
        botAnswers: p("botAnswers"),
        lastReplyAt: p("lastReplyAt"),
      })
      .onConflictDoUpdate({
        target: [conversationStates.shop, conversationStates.platform, conversationStates.conversation],
        set: takeOffered(conversationStates, ["stale", "foldedAt", "lastHumanReplyAt", "lastHumanAgent", "humanRequestedAt", "botAnswers", "lastReplyAt"]),
      })
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
