/**
 * The compliance engine's incremental state (src/services/compliance.ts). Per-day aggregates
 * are what a stats request reads: a 30-day figure is at most 30 rows per rule and agent, never
 * 30 days of messages. The per-conversation-day rows hold what an update needs to recompute
 * one day alone (its inherited carry, its contributions to subtract). All of it can be rebuilt
 * from `events` at any time.
 */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** One row per (shop, rule, agent, day); agent is "" for rules that are not per agent. */
export const complianceDaily = sqliteTable(
  "compliance_daily",
  {
    platform: text("platform").notNull(),
    shop: text("shop").notNull(),
    /** platform day number: days since 1970-01-01 in UTC+8 (core/time.ts) */
    day: integer("day").notNull(),
    rule: text("rule").notNull(),
    agent: text("agent").notNull(),
    numerator: integer("numerator").notNull(),
    denominator: integer("denominator").notNull(),
    /** response-time tiers: ≤10 s, ≤30 s, ≤60 s, slower, no reply */
    tierFast: integer("tier_fast").notNull(),
    tierGood: integer("tier_good").notNull(),
    tierPass: integer("tier_pass").notNull(),
    tierSlower: integer("tier_slower").notNull(),
    tierNone: integer("tier_none").notNull(),
  },
  (t) => [primaryKey({ columns: [t.shop, t.platform, t.day, t.rule, t.agent] })],
);

/** Days with data per shop (a daily rule reports a day even when nothing in it was assessed). */
export const complianceShopDays = sqliteTable(
  "compliance_shop_days",
  {
    platform: text("platform").notNull(),
    shop: text("shop").notNull(),
    day: integer("day").notNull(),
    hasBuyer: integer("has_buyer", { mode: "boolean" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.shop, t.platform, t.day] })],
);

/** Per conversation: excluded (internal/staff counterpart) and the last day with a shop reply. */
export const complianceConversations = sqliteTable(
  "compliance_conversations",
  {
    platform: text("platform").notNull(),
    shop: text("shop").notNull(),
    conversation: text("conversation").notNull(),
    excluded: integer("excluded", { mode: "boolean" }).notNull(),
    lastShopReplyDay: integer("last_shop_reply_day"),
  },
  (t) => [primaryKey({ columns: [t.shop, t.platform, t.conversation] })],
);

/** One evaluated conversation-day. */
export const complianceConversationDays = sqliteTable(
  "compliance_conversation_days",
  {
    platform: text("platform").notNull(),
    shop: text("shop").notNull(),
    conversation: text("conversation").notNull(),
    day: integer("day").notNull(),
    /** Carry (core/compliance/types.ts) as JSON */
    carryIn: text("carry_in").notNull(),
    carryOut: text("carry_out").notNull(),
    openRoundAtEnd: integer("open_round_at_end", { mode: "boolean" }).notNull(),
    hasBuyer: integer("has_buyer", { mode: "boolean" }).notNull(),
    /** Contribution[] as JSON: subtracted from the daily rows when the day is recomputed */
    contributions: text("contributions").notNull(),
    /** DayStream (core/compliance/stream.ts) as JSON: new events of the day extend it without reading the day again; null: read the day */
    resume: text("resume"),
  },
  (t) => [primaryKey({ columns: [t.shop, t.platform, t.conversation, t.day] }), index("compliance_conversation_days_day").on(t.shop, t.platform, t.day)],
);

/** The last `events.seq` folded into the aggregates (one row, id "events"). */
export const complianceState = sqliteTable("compliance_state", {
  id: text("id").primaryKey(),
  watermark: integer("watermark").notNull(),
});
