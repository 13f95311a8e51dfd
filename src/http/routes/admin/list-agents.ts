import type { Context } from "hono";
import { listManagedAgents } from "../../../services/agents.js";
import { agentLoads, onlineAgents } from "../../../services/chats.js";
import type { AppEnv } from "../../env.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { ADMIN_CONTRACTS } from "../../contracts/admin.js";

/**
 * The shop's agents with presence and load, disabled ones included; `managed`: added or
 * changed from the dashboard; `editable`: this runtime lets the dashboard manage agents.
 * Token hashes are never answered.
 */
export const route = { method: "GET", path: "/agents" } as const;

const CONTRACT = ADMIN_CONTRACTS["GET /agents"];
export type ListAgentsRequest = RequestOf<typeof CONTRACT>;
export type ListAgentsResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const [online, loads, all] = await Promise.all([onlineAgents({ ctx, input: { shop } }), agentLoads({ ctx, input: { shop } }), listManagedAgents({ ctx, input: { shop } })]);
  return respond(c, CONTRACT, {
    shop: shop.config.id,
    editable: ctx.agentsEditable === true,
    agents: all.map((a) => ({ id: a.id, name: a.name, online: online.has(a.id), chats: loads.get(a.id) ?? 0, maxConcurrent: a.maxConcurrent, disabled: a.disabled, managed: a.managed })),
  });
}
