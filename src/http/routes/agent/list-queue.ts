import type { Context } from "hono";
import { listOpenChats } from "../../../services/chats.js";
import type { AppEnv } from "../../env.js";
import { presentChat } from "../../present.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { AGENT_CONTRACTS } from "../../contracts/agent.js";

/** Chats waiting for an agent in my shop, most urgent first: what can be claimed. */
export const route = { method: "GET", path: "/queue" } as const;

const CONTRACT = AGENT_CONTRACTS["GET /queue"];
export type ListQueueRequest = RequestOf<typeof CONTRACT>;
export type ListQueueResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const now = ctx.now();
  const rows = await listOpenChats({ ctx, input: { shop: shop.config.id, unassigned: true } });
  return respond(c, CONTRACT, { chats: rows.map((r) => presentChat(r, now)) });
}
