import type { Context } from "hono";
import { listOpenChats } from "../../../services/chats.js";
import type { AppEnv } from "../../env.js";
import { presentChat } from "../../present.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { AGENT_CONTRACTS } from "../../contracts/agent.js";

/** My chats, most urgent first, with the seconds left on each clock. */
export const route = { method: "GET", path: "/chats" } as const;

const CONTRACT = AGENT_CONTRACTS["GET /chats"];
export type ListChatsRequest = RequestOf<typeof CONTRACT>;
export type ListChatsResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop, agent } = c.var;
  const now = ctx.now();
  const rows = await listOpenChats({ ctx, input: { shop: shop.config.id, agentId: agent.id } });
  return respond(c, CONTRACT, { chats: rows.map((r) => presentChat(r, now)) });
}
