/**
 * GET /api/admin/dashboard/events?shop=: Server-Sent Events for the dashboard. Sends a
 * `changed` event whenever the shop's stored messages or open chats change (in-process
 * notification or a re-poll every few seconds, see services/changes.ts); the page then
 * fetches /api/admin/dashboard again. Bearer header as everywhere (read with fetch()).
 */
import type { Context } from "hono";
import { and, count, eq, inArray, max } from "drizzle-orm";
import { OPEN_STATUSES } from "../../../services/chats.js";
import { chats, events } from "../../../store/schema/index.js";
import type { AppEnv } from "../../env.js";
import { streamShopChanges } from "../../sse.js";

export const route = { method: "GET", path: "/dashboard/events" } as const;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const shopId = shop.config.id;
  const fingerprint = async () => {
    const [[e], [ch]] = await Promise.all([
      ctx.db.select({ seq: max(events.seq) }).from(events).where(eq(events.shop, shopId)),
      ctx.db
        .select({ n: count(), updated: max(chats.updatedAt) })
        .from(chats)
        .where(and(eq(chats.shop, shopId), inArray(chats.status, [...OPEN_STATUSES]))),
    ]);
    return `${e?.seq ?? 0}/${ch?.n ?? 0}/${ch?.updated ?? 0}`;
  };
  return streamShopChanges(c, shopId, async () => {
    const fp = await fingerprint();
    return { fingerprint: fp, event: "changed", data: { fingerprint: fp } };
  });
}
