import type { Context } from "hono";
import { listOpenChats } from "../../../services/chats.js";
import type { AppEnv } from "../../env.js";
import { presentChat } from "../../present.js";

/** My chats, most urgent first, with the seconds left on each clock. */
export const route = { method: "GET", path: "/chats" } as const;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop, agent } = c.var;
  const now = ctx.now();
  const rows = await listOpenChats({ ctx, input: { shop: shop.config.id, agentId: agent.id } });
  return c.json({ chats: rows.map((r) => presentChat(r, now)) });
}
