import type { Context } from "hono";
import { retokenAgent } from "../../../services/agents.js";
import type { AppEnv } from "../../env.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { ADMIN_CONTRACTS } from "../../contracts/admin.js";

/** POST /agents/:id/token → `{agent, token}`: a new token, shown this once; the old one stops working. */
export const route = { method: "POST", path: "/agents/:id/token" } as const;

const CONTRACT = ADMIN_CONTRACTS["POST /agents/:id/token"];
export type RetokenAgentRequest = RequestOf<typeof CONTRACT>;
export type RetokenAgentResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const { agent, token } = await retokenAgent({ ctx, input: { shop, id: c.req.param("id") ?? "" } });
  return respond(c, CONTRACT, { agent: { id: agent.id, name: agent.name, maxConcurrent: agent.maxConcurrent, disabled: agent.disabled }, token });
}
