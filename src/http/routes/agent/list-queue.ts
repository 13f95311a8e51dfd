import type { Context } from "hono";
import { listOpenChats } from "../../../services/chats.js";
import type { AppEnv } from "../../env.js";
import { presentChat } from "../../present.js";

/** Chats waiting for an agent in my shop, most urgent first: what can be claimed. */
export const route = { method: "GET", path: "/queue" } as const;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const now = ctx.now();
  const rows = await listOpenChats({ ctx, input: { shop: shop.config.id, unassigned: true } });
  return c.json({ chats: rows.map((r) => presentChat(r, now)) });
}
