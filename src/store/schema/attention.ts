/**
 * A shop's attention settings (docs/ui.md "提醒设置"): whether the agents' consoles beep and
 * show desktop notifications, and the slow-reply reminder's lead per deadline rule (seconds
 * before the deadline). One row per shop, kept by its admins; no row: the defaults
 * (core/reminders.ts).
 */
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const shopAttention = sqliteTable("shop_attention", {
  shop: text("shop").primaryKey(),
  sound: integer("sound", { mode: "boolean" }).notNull().default(true),
  desktopNotify: integer("desktop_notify", { mode: "boolean" }).notNull().default(true),
  /** JSON `{ "<rule id>": seconds }`: only the rules the shop set; the others keep the default */
  remindLeads: text("remind_leads").notNull().default("{}"),
  updatedAt: integer("updated_at").notNull(),
});
