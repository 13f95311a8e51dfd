/**
 * Agents managed from the dashboard (docs/ui.md "客服管理"), stored per shop. A row with the id
 * of an agent from the configuration overrides it (name, limit, token, disabled); other rows
 * add agents. Tokens are stored as their SHA-256 only: the token itself is shown once.
 */
import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const shopAgents = sqliteTable(
  "shop_agents",
  {
    shop: text("shop").notNull(),
    agentId: text("agent_id").notNull(),
    name: text("name").notNull(),
    tokenSha256: text("token_sha256").notNull(),
    maxConcurrent: integer("max_concurrent").notNull(),
    disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.shop, t.agentId] })],
);
