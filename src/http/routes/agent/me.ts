import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { agentLoads, onlineAgents } from "../../../services/chats.js";
import type { AppEnv } from "../../env.js";
import { contract, respond } from "../../contract.js";

/** Me, my shop, and my colleagues with their presence and load (the console's transfer list). */
export const route = { method: "GET", path: "/me" } as const;

export const MeResponse = z.object({
  agent: z.object({ id: z.string(), name: z.string(), maxConcurrent: z.number().int(), online: z.boolean() }),
  shop: z.object({ id: z.string(), name: z.string() }),
  agents: z.array(z.object({ id: z.string(), name: z.string(), online: z.boolean(), load: z.number().int(), maxConcurrent: z.number().int() })),
});
export type MeResponse = z.infer<typeof MeResponse>;

export const openapi = contract("GET", "/me", {
  summary: "Me, my shop and my colleagues (presence, load)",
  response: { description: "the agent, the shop, every agent of the shop", schema: MeResponse },
  errors: [401],
});

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop, agent } = c.var;
  const [present, loads] = await Promise.all([onlineAgents({ ctx, input: { shop } }), agentLoads({ ctx, input: { shop } })]);
  const online = present.has(agent.id);
  return respond(c, openapi, {
    agent: { id: agent.id, name: agent.name, maxConcurrent: agent.maxConcurrent, online },
    shop: { id: shop.config.id, name: shop.config.name },
    agents: shop.config.agents.map((a) => ({ id: a.id, name: a.name, online: present.has(a.id), load: loads.get(a.id) ?? 0, maxConcurrent: a.maxConcurrent })),
  });
}
