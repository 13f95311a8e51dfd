import type { Context } from "hono";
import { listOpenChats } from "../../../services/chats.js";
import type { AppEnv } from "../../env.js";
import { presentChat } from "../../present.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { ADMIN_CONTRACTS } from "../../contracts/admin.js";

/** Every open chat of the shop, most urgent first (the chats at risk now). */
export const route = { method: "GET", path: "/queue" } as const;

const CONTRACT = ADMIN_CONTRACTS["GET /queue"];
export type ListQueueRequest = RequestOf<typeof CONTRACT>;
export type ListQueueResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const now = ctx.now();
  const rows = await listOpenChats({ ctx, input: { shop: shop.config.id } });
  return respond(c, CONTRACT, { shop: shop.config.id, chats: rows.map((r) => presentChat(r, now)) });
}
