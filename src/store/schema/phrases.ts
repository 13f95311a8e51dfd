/**
 * 快捷短语: canned replies an agent drops into the reply box with "/". A shop phrase
 * (`agent_id` null) is kept by the shop's admins and offered to every agent of the shop; a
 * personal phrase belongs to one agent and only they see it. Every row carries its shop, and
 * every query filters on it: an agent or admin of one shop never reads another shop's phrases.
 */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const quickPhrases = sqliteTable(
  "quick_phrases",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shop: text("shop").notNull(),
    /** null: a shop phrase; else the agent whose personal phrase it is */
    agentId: text("agent_id"),
    /** the short name the picker shows and searches first (e.g. 发货时间) */
    title: text("title").notNull(),
    text: text("text").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("quick_phrases_shop_agent").on(t.shop, t.agentId)],
);
