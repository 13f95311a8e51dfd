import type { Context } from "hono";
import { releaseChat } from "../../../services/agent-actions.js";
import type { AppEnv } from "../../env.js";
import { presentChat } from "../../present.js";
import { idParam } from "../../validate.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { AGENT_CONTRACTS } from "../../contracts/agent.js";

export const route = { method: "POST", path: "/chats/:id/release" } as const;

const CONTRACT = AGENT_CONTRACTS["POST /chats/:id/release"];
export type ReleaseChatRequest = RequestOf<typeof CONTRACT>;
export type ReleaseChatResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop, agent } = c.var;
  const chat = await releaseChat({ ctx, input: { shop, agent, chatId: idParam(c) } });
  return respond(c, CONTRACT, { chat: presentChat(chat, ctx.now()) });
}
