import type { Context } from "hono";
import { retokenAgent } from "../../../services/agents.js";
import type { AppEnv } from "../../env.js";

/** POST /agents/:id/token → `{agent, token}`: a new token, shown this once; the old one stops working. */
export const route = { method: "POST", path: "/agents/:id/token" } as const;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const { agent, token } = await retokenAgent({ ctx, input: { shop, id: c.req.param("id") ?? "" } });
  return c.json({ agent: { id: agent.id, name: agent.name, maxConcurrent: agent.maxConcurrent, disabled: agent.disabled }, token });
}
