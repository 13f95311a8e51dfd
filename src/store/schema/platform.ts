/**
 * Platform pushes that are not chat messages (Douyin order/refund tags, Kuaishou order and
 * other events, Taobao TMC trade/refund topics) and chat pushes our mapping could not read.
 * Acknowledged and kept, never decided on: order context for agents, and evidence when a
 * mapping needs adjusting (docs/platforms.md). De-duplicated on platform + shop + record id.
 */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const platformRecords = sqliteTable(
  "platform_records",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    shop: text("shop").notNull(),
    platform: text("platform").notNull(),
    /** Douyin msg_id, Kuaishou eventId, Taobao TMC message id */
    recordId: text("record_id").notNull(),
    /** Douyin tag, Kuaishou event name, Taobao topic */
    kind: text("kind").notNull(),
    /** order | refund | chat-unmapped | other */
    category: text("category").notNull(),
    at: integer("at"),
    buyer: text("buyer"),
    orderId: text("order_id"),
    /** the push's data, JSON */
    payload: text("payload"),
    /** why a chat push could not be mapped */
    problem: text("problem"),
    receivedAt: integer("received_at").notNull(),
  },
  (t) => [uniqueIndex("platform_records_dedup").on(t.platform, t.shop, t.recordId), index("platform_records_buyer").on(t.shop, t.platform, t.buyer, t.at), index("platform_records_order").on(t.shop, t.orderId)],
);
