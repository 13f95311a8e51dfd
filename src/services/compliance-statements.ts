/**
 * Prepared statements for folding events into the compliance aggregates: this runs after
 * every stored event, and building a Drizzle query plus having SQLite compile it costs more
 * than running it. Built once per database handle; `.prepare()` with placeholders works the
 * same on better-sqlite3 and D1. Booleans are bound as 0/1 (prepared statements bind raw values).
 */
import { and, asc, eq, gt, gte, lt, lte, sql } from "drizzle-orm";
import type { Db } from "../store/db.js";
import { takeOffered } from "../store/upsert.js";
import { events } from "../store/schema/core.js";
import { complianceConversationDays, complianceConversations, complianceDaily, complianceShopDays, complianceState } from "../store/schema/compliance.js";

const p = (name: string) => sql.placeholder(name);
const conv = <T extends typeof complianceConversations | typeof complianceConversationDays>(t: T) => and(eq(t.shop, p("shop")), eq(t.platform, p("platform")), eq(t.conversation, p("conversation")));

const EVENT_FIELDS = { msgId: events.msgId, at: events.at, from: events.from, type: events.type, agent: events.agent, bot: events.bot, mode: events.mode };

function build(db: Db) {
  const d = complianceDaily;
  return {
    ensureState: db
      .insert(complianceState)
      .values({ id: p("id"), watermark: 0 })
      .onConflictDoNothing()
      .prepare(),
    watermark: db
      .select({ watermark: complianceState.watermark })
      .from(complianceState)
      .where(eq(complianceState.id, p("id")))
      .prepare(),
    eventsAfter: db
      .select({ seq: events.seq, shop: events.shop, platform: events.platform, conversation: events.conversation, ...EVENT_FIELDS })
      .from(events)
      .where(gt(events.seq, p("from")))
      .orderBy(asc(events.seq))
      .limit(p("limit"))
      .prepare(),
    claim: db
      .update(complianceState)
      .set({ watermark: sql`${p("to")}` })
      .where(and(eq(complianceState.id, p("id")), eq(complianceState.watermark, p("from"))))
      .returning({ watermark: complianceState.watermark })
      .prepare(),
    // primary key: no `.limit(1)`, whose bound parameter re-prepares the statement at every run (store/statements.ts findChat)
    getMeta: db.select().from(complianceConversations).where(conv(complianceConversations)).prepare(),
    putMeta: db
      .insert(complianceConversations)
      .values({ shop: p("shop"), platform: p("platform"), conversation: p("conversation"), excluded: p("excluded"), lastShopReplyDay: p("lastShopReplyDay") })
      .onConflictDoUpdate({
        target: [complianceConversations.shop, complianceConversations.platform, complianceConversations.conversation],
        set: takeOffered(complianceConversations, ["excluded", "lastShopReplyDay"]),
      })
      .prepare(),
    eventsOfDay: db
      .select(EVENT_FIELDS)
      .from(events)
      .where(
        and(
          eq(events.shop, p("shop")),
          eq(events.platform, p("platform")),
          eq(events.conversation, p("conversation")),
          gte(events.at, p("from")),
          lt(events.at, p("to")),
          // only what the fold has reached: a later event, folded later, must not be fed twice
          lte(events.seq, p("upTo")),
        ),
      )
      .prepare(),
    listDays: db.select().from(complianceConversationDays).where(conv(complianceConversationDays)).orderBy(asc(complianceConversationDays.day)).prepare(),
    putDay: db
      .insert(complianceConversationDays)
      .values({
        shop: p("shop"),
        platform: p("platform"),
        conversation: p("conversation"),
        day: p("day"),
        carryIn: p("carryIn"),
        carryOut: p("carryOut"),
        openRoundAtEnd: p("openRoundAtEnd"),
        hasBuyer: p("hasBuyer"),
        contributions: p("contributions"),
        resume: p("resume"),
      })
      .onConflictDoUpdate({
        target: [complianceConversationDays.shop, complianceConversationDays.platform, complianceConversationDays.conversation, complianceConversationDays.day],
        set: takeOffered(complianceConversationDays, ["carryIn", "carryOut", "openRoundAtEnd", "hasBuyer", "contributions", "resume"]),
      })
      .prepare(),
    /** moves one daily row by a delta (inserting it at the delta when new) */
    addDaily: db
      .insert(d)
      .values({
        platform: p("platform"),
        shop: p("shop"),
        day: p("day"),
        rule: p("rule"),
        agent: p("agent"),
        numerator: p("numerator"),
        denominator: p("denominator"),
        tierFast: p("t0"),
        tierGood: p("t1"),
        tierPass: p("t2"),
        tierSlower: p("t3"),
        tierNone: p("t4"),
      })
      .onConflictDoUpdate({
        target: [d.shop, d.platform, d.day, d.rule, d.agent],
        set: {
          numerator: sql`${d.numerator} + excluded.numerator`,
          denominator: sql`${d.denominator} + excluded.denominator`,
          tierFast: sql`${d.tierFast} + excluded.tier_fast`,
          tierGood: sql`${d.tierGood} + excluded.tier_good`,
          tierPass: sql`${d.tierPass} + excluded.tier_pass`,
          tierSlower: sql`${d.tierSlower} + excluded.tier_slower`,
          tierNone: sql`${d.tierNone} + excluded.tier_none`,
        },
      })
      .prepare(),
    markShopDay: db
      .insert(complianceShopDays)
      .values({ platform: p("platform"), shop: p("shop"), day: p("day"), hasBuyer: p("hasBuyer") })
      .onConflictDoUpdate({
        target: [complianceShopDays.shop, complianceShopDays.platform, complianceShopDays.day],
        set: { hasBuyer: sql`max(${complianceShopDays.hasBuyer}, excluded.has_buyer)` },
      })
      .prepare(),
  };
}

export type ComplianceStatements = ReturnType<typeof build>;
/**
 * Per database connection, not per service context (as src/store/statements.ts): a prepared
 * statement belongs to the connection it was prepared on, and two contexts over one connection
 * share it without sharing any state of theirs. Keyed by the connection, it goes with it.
 */
const cache = new WeakMap<Db, ComplianceStatements>();

export function complianceStatements(db: Db): ComplianceStatements {
  let s = cache.get(db);
  if (!s) {
    s = build(db);
    cache.set(db, s);
  }
  return s;
}
