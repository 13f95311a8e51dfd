import type { Context } from "hono";
import { listOpenChats } from "../../../services/chats.js";
import type { AppEnv } from "../../env.js";
import { presentChat } from "../../present.js";

/** Every open chat of the shop, most urgent first (the chats at risk now). */
export const route = { method: "GET", path: "/queue" } as const;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const now = ctx.now();
  const rows = await listOpenChats({ ctx, input: { shop: shop.config.id } });
  return c.json({ shop: shop.config.id, chats: rows.map((r) => presentChat(r, now)) });
}
