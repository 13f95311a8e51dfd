import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { setAgentOnline } from "../../../services/chats.js";
import type { AppEnv } from "../../env.js";
import { errorResponses } from "../../openapi.js";
import { jsonBody, requireBoolean } from "../../validate.js";

export const route = { method: "PUT", path: "/status" } as const;

export const SetStatusRequest = z.object({ online: z.boolean() });
export const SetStatusResponse = z.object({ online: z.boolean() });
export type SetStatusResponse = z.infer<typeof SetStatusResponse>;

export const openapi = createRoute({
  method: "put",
  path: "/status",
  summary: "Go online (take chats) or offline",
  request: { body: { required: true, content: { "application/json": { schema: SetStatusRequest } } } },
  responses: { 200: { description: "the presence now", content: { "application/json": { schema: SetStatusResponse } } }, ...errorResponses(400, 401) },
});

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop, agent } = c.var;
  const online = requireBoolean(await jsonBody(c), "online");
  await ctx.transact(() => setAgentOnline({ ctx, input: { shop, agentId: agent.id, online } }));
  const body: SetStatusResponse = { online };
  return c.json(body);
}
