import type { Context } from "hono";
import { agentLoads, onlineAgents } from "../../../services/chats.js";
import type { AppEnv } from "../../env.js";

/** The shop's agents with presence and load. */
export const route = { method: "GET", path: "/agents" } as const;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const [online, loads] = await Promise.all([onlineAgents(ctx, shop), agentLoads(ctx, shop)]);
  return c.json({
    shop: shop.config.id,
    agents: shop.config.agents.map((a) => ({ id: a.id, name: a.name, online: online.has(a.id), chats: loads.get(a.id) ?? 0, maxConcurrent: a.maxConcurrent })),
  });
}
