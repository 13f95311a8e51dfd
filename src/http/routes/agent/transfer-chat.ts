import type { Context } from "hono";
import { transferChat } from "../../../services/agent-actions.js";
import type { AppEnv } from "../../env.js";
import { presentChat } from "../../present.js";
import { idParam, jsonBody, requireString } from "../../validate.js";

export const route = { method: "POST", path: "/chats/:id/transfer" } as const;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop, agent } = c.var;
  const chatId = idParam(c);
  const to = requireString(await jsonBody(c), "agent", 64);
  const chat = await transferChat({ ctx, input: { shop, agent, chatId, to } });
  return c.json({ chat: presentChat(chat, ctx.now()) });
}
