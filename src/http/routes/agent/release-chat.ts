import type { Context } from "hono";
import { releaseChat } from "../../../services/agent-actions.js";
import type { AppEnv } from "../../env.js";
import { presentChat } from "../../present.js";
import { idParam } from "../../validate.js";

export const route = { method: "POST", path: "/chats/:id/release" } as const;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop, agent } = c.var;
  const chat = await releaseChat({ ctx, input: { shop, agent, chatId: idParam(c) } });
  return c.json({ chat: presentChat(chat, ctx.now()) });
}
