import type { Context } from "hono";
import { formatPlatformTime } from "../../../core/time.js";
import { listEscalations } from "../../../services/admin-logs.js";
import type { AppEnv } from "../../env.js";

/** The latest escalations of the shop (newest first). */
export const route = { method: "GET", path: "/escalations" } as const;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const rows = await listEscalations({ ctx, input: { shop: shop.config.id } });
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
