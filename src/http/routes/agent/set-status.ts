import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { setAgentOnline } from "../../../services/chats.js";
import type { AppEnv } from "../../env.js";
import { contract, respond } from "../../contract.js";
import { jsonBody, requireBoolean } from "../../validate.js";

export const route = { method: "PUT", path: "/status" } as const;

export const SetStatusRequest = z.object({ online: z.boolean() });
export const SetStatusResponse = z.object({ online: z.boolean() });
export type SetStatusResponse = z.infer<typeof SetStatusResponse>;

export type SetStatusRequest = z.infer<typeof SetStatusRequest>;

export const openapi = contract("PUT", "/status", {
  summary: "Go online (take chats) or offline",
  body: SetStatusRequest,
  response: { description: "the presence now", schema: SetStatusResponse },
  errors: [400, 401],
});

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop, agent } = c.var;
  const online = requireBoolean(await jsonBody(c), "online");
  await ctx.transact(() => setAgentOnline({ ctx, input: { shop, agentId: agent.id, online } }));
  return respond(c, openapi, { online });
}
