/**
 * Prepared statements for the per-message hot path. Building a Drizzle query and having
 * SQLite compile it costs more than running it; these are built once per database handle.
 * `.prepare()` with placeholders works the same on better-sqlite3 and D1.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "./db.js";
import { agentPresence, chats, decisions, events } from "./schema/index.js";

const p = (name: string) => sql.placeholder(name);

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
    findChat: db
      .select()
      .from(chats)
      .where(and(eq(chats.shop, p("shop")), eq(chats.platform, p("platform")), eq(chats.conversation, p("conversation"))))
      .limit(1)
      .prepare(),
    onlineAgents: db
      .select({ agentId: agentPresence.agentId })
      .from(agentPresence)
      .where(and(eq(agentPresence.shop, p("shop")), eq(agentPresence.online, true)))
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
