import type { Context } from "hono";
import { replyToChat } from "../../../services/agent-actions.js";
import type { AppEnv } from "../../env.js";
import { presentChat } from "../../present.js";
import { idParam, jsonBody, optionalRef, requireString } from "../../validate.js";

/**
 * Stored as a `human` reply with my agent id, then delivered through the outbox. An optional
 * `ref` (the console's id for this send, 8–64 of [A-Za-z0-9_-]) makes a retry of the same send
 * store and deliver nothing more: the reply's id is derived from it.
 */
export const route = { method: "POST", path: "/chats/:id/reply" } as const;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop, agent } = c.var;
  const chatId = idParam(c);
  const body = await jsonBody(c);
  const text = requireString(body, "text");
  const ref = optionalRef(body, "ref");
  const { reply, chat } = await replyToChat({ ctx, input: { shop, agent, chatId, text, ref } });
  return c.json({ reply: { id: reply.id, text: reply.text }, chat: presentChat(chat, ctx.now()) }, 201);
}
