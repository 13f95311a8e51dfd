import type { Context } from "hono";
import { onlineAgents } from "../../../services/chats.js";
import type { AppEnv } from "../../env.js";

export const route = { method: "GET", path: "/me" } as const;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop, agent } = c.var;
  const online = (await onlineAgents(ctx, shop)).has(agent.id);
  return c.json({
    agent: { id: agent.id, name: agent.name, maxConcurrent: agent.maxConcurrent, online },
    shop: { id: shop.config.id, name: shop.config.name },
    agents: shop.config.agents.map((a) => ({ id: a.id, name: a.name })),
  });
}
