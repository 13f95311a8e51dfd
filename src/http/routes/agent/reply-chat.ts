import type { Context } from "hono";
import { replyToChat } from "../../../services/agent-actions.js";
import type { AppEnv } from "../../env.js";
import { presentChat } from "../../present.js";
import { idParam, jsonBody, requireString } from "../../validate.js";

/** Stored as a `human` reply with my agent id, then delivered through the outbox. */
export const route = { method: "POST", path: "/chats/:id/reply" } as const;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop, agent } = c.var;
  const chatId = idParam(c);
  const text = requireString(await jsonBody(c), "text");
  const { reply, chat } = await replyToChat({ ctx, input: { shop, agent, chatId, text } });
  return c.json({ reply: { id: reply.id, text: reply.text }, chat: presentChat(chat, ctx.now()) }, 201);
}
