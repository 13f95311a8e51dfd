import type { Context } from "hono";
import { desc, eq } from "drizzle-orm";
import { formatPlatformTime } from "../../../core/time.js";
import { escalations } from "../../../store/schema/index.js";
import type { AppEnv } from "../../env.js";

/** The latest escalations of the shop (newest first). */
export const route = { method: "GET", path: "/escalations" } as const;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const rows = await ctx.db.select().from(escalations).where(eq(escalations.shop, shop.config.id)).orderBy(desc(escalations.id)).limit(200);
  return c.json({
    shop: shop.config.id,
    escalations: rows.map((r) => ({
      id: r.id,
      chatId: r.chatId,
      platform: r.platform,
      conversation: r.conversation,
      agent: r.agentId,
      deadlineAt: formatPlatformTime(r.deadlineAt),
      createdAt: formatPlatformTime(r.createdAt),
      secondsBeforeDeadline: Math.floor((r.deadlineAt - r.createdAt) / 1000),
    })),
  });
}
