import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { formatPlatformTime } from "../../../core/time.js";
import { listEscalations } from "../../../services/admin-logs.js";
import type { AppEnv } from "../../env.js";
import { contract, respond } from "../../contract.js";

/** The latest escalations of the shop (newest first). */
export const route = { method: "GET", path: "/escalations" } as const;

export const ListEscalationsResponse = z.object({
  shop: z.string(),
  escalations: z.array(
    z.object({
      id: z.number().int(),
      chatId: z.number().int(),
      platform: z.string(),
      conversation: z.string(),
      agent: z.string().nullable(),
      deadlineAt: z.string(),
      createdAt: z.string(),
      secondsBeforeDeadline: z.number().int(),
    }),
  ),
});
export type ListEscalationsResponse = z.infer<typeof ListEscalationsResponse>;

export const openapi = contract("GET", "/escalations", {
  summary: "The latest 200 escalations of the shop, newest first",
  query: z.object({ shop: z.string().optional() }),
  response: { description: "escalations", schema: ListEscalationsResponse },
  errors: [401, 403],
});

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const rows = await listEscalations({ ctx, input: { shop: shop.config.id } });
  return respond(c, openapi, {
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
