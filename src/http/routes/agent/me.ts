import type { Context } from "hono";
import { agentLoads, onlineAgents } from "../../../services/chats.js";
import type { AppEnv } from "../../env.js";

/** Me, my shop, and my colleagues with their presence and load (the console's transfer list). */
export const route = { method: "GET", path: "/me" } as const;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop, agent } = c.var;
  const [present, loads] = await Promise.all([onlineAgents(ctx, shop), agentLoads(ctx, shop)]);
  const online = present.has(agent.id);
  return c.json({
    agent: { id: agent.id, name: agent.name, maxConcurrent: agent.maxConcurrent, online },
    shop: { id: shop.config.id, name: shop.config.name },
    agents: shop.config.agents.map((a) => ({ id: a.id, name: a.name, online: present.has(a.id), load: loads.get(a.id) ?? 0, maxConcurrent: a.maxConcurrent })),
  });
}
