import type { Context } from "hono";
import { updateAgent } from "../../../services/agents.js";
import type { AppEnv } from "../../env.js";
import { jsonBody, requireBoolean } from "../../validate.js";
import { agentLimit, agentName } from "./agent-fields.js";

/**
 * PUT /agents/:id `{name?, maxConcurrent?, disabled?}` → `{agent}`. Disabling refuses the
 * agent's token from the next request and hands their open chats back to the queue.
 */
export const route = { method: "PUT", path: "/agents/:id" } as const;

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
  return c.json({ agent: { id: agent.id, name: agent.name, maxConcurrent: agent.maxConcurrent, disabled: agent.disabled } });
}
