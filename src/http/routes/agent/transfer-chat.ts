import type { Context } from "hono";
import { transferChat } from "../../../services/agent-actions.js";
import type { AppEnv } from "../../env.js";
import { presentChat } from "../../present.js";
import { idParam, jsonBody, requireString } from "../../validate.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { AGENT_CONTRACTS } from "../../contracts/agent.js";

export const route = { method: "POST", path: "/chats/:id/transfer" } as const;

const CONTRACT = AGENT_CONTRACTS["POST /chats/:id/transfer"];
export type TransferChatRequest = RequestOf<typeof CONTRACT>;
export type TransferChatResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop, agent } = c.var;
  const chatId = idParam(c);
  const to = requireString(await jsonBody(c), "agent", 64);
  const chat = await transferChat({ ctx, input: { shop, agent, chatId, to } });
  return respond(c, CONTRACT, { chat: presentChat(chat, ctx.now()) });
}
