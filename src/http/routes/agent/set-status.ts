import type { Context } from "hono";
import { setAgentOnline } from "../../../services/chats.js";
import type { AppEnv } from "../../env.js";
import { jsonBody, requireBoolean } from "../../validate.js";

export const route = { method: "PUT", path: "/status" } as const;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop, agent } = c.var;
  const online = requireBoolean(await jsonBody(c), "online");
  await ctx.transact(() => setAgentOnline({ ctx, input: { shop, agentId: agent.id, online } }));
  return c.json({ online });
}
