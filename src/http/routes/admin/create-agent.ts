import type { Context } from "hono";
import { DEFAULTS } from "../../../config/load.js";
import { createAgent } from "../../../services/agents.js";
import type { AppEnv } from "../../env.js";
import { ApiError } from "../../errors.js";
import { jsonBody, requireString } from "../../validate.js";
import { agentLimit, agentName } from "./agent-fields.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { ADMIN_CONTRACTS } from "../../contracts/admin.js";

/**
 * POST /agents `{id, name, maxConcurrent?}` → 201 `{agent, token}`: the token is in this
 * answer only (stored as its SHA-256). 409 `agent-exists`; 501 on Workers.
 */
export const route = { method: "POST", path: "/agents" } as const;

const CONTRACT = ADMIN_CONTRACTS["POST /agents"];
export type CreateAgentRequest = RequestOf<typeof CONTRACT>;
export type CreateAgentResponse = ResponseOf<typeof CONTRACT>;

const AGENT_ID = /^[a-z0-9][a-z0-9_-]{0,31}$/;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const body = await jsonBody(c);
  const id = requireString(body, "id", 32).trim();
  if (!AGENT_ID.test(id)) throw new ApiError(400, "bad_request", "id: lower-case letters, digits, - and _ (at most 32)", { field: "id", reason: "bad-agent-id" });
  const { agent, token } = await createAgent({ ctx, input: { shop, id, name: agentName(body), maxConcurrent: agentLimit(body, DEFAULTS.maxConcurrent) } });
  return respond(c, CONTRACT, { agent: { id: agent.id, name: agent.name, maxConcurrent: agent.maxConcurrent, disabled: agent.disabled }, token }, 201);
}
