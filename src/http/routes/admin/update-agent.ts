import type { Context } from "hono";
import { updateAgent } from "../../../services/agents.js";
import type { AppEnv } from "../../env.js";
import { jsonBody, requireBoolean } from "../../validate.js";
import { agentLimit, agentName } from "./agent-fields.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { ADMIN_CONTRACTS } from "../../contracts/admin.js";

/**
 * PUT /agents/:id `{name?, maxConcurrent?, disabled?}` → `{agent}`. Disabling refuses the
 * agent's token from the next request and hands their open chats back to the queue.
 */
export const route = { method: "PUT", path: "/agents/:id" } as const;

const CONTRACT = ADMIN_CONTRACTS["PUT /agents/:id"];
export type UpdateAgentRequest = RequestOf<typeof CONTRACT>;
export type UpdateAgentResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const body = await jsonBody(c);
  const agent = await updateAgent({
    ctx,
    input: {
      shop,
      id: c.req.param("id") ?? "",
      ...(body.name !== undefined ? { name: agentName(body) } : {}),
      ...(body.maxConcurrent !== undefined ? { maxConcurrent: agentLimit(body) } : {}),
      ...(body.disabled !== undefined ? { disabled: requireBoolean(body, "disabled") } : {}),
    },
  });
  return respond(c, CONTRACT, { agent: { id: agent.id, name: agent.name, maxConcurrent: agent.maxConcurrent, disabled: agent.disabled } });
}
