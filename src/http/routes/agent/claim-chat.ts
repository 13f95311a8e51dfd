import type { Context } from "hono";
import { claimChat } from "../../../services/agent-actions.js";
import type { AppEnv } from "../../env.js";
import { presentChat } from "../../present.js";
import { idParam } from "../../validate.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { AGENT_CONTRACTS } from "../../contracts/agent.js";

export const route = { method: "POST", path: "/chats/:id/claim" } as const;

const CONTRACT = AGENT_CONTRACTS["POST /chats/:id/claim"];
export type ClaimChatRequest = RequestOf<typeof CONTRACT>;
export type ClaimChatResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop, agent } = c.var;
  const chat = await claimChat({ ctx, input: { shop, agent, chatId: idParam(c) } });
  return respond(c, CONTRACT, { chat: presentChat(chat, ctx.now()) });
}
