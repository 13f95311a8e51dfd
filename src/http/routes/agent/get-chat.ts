import type { Context } from "hono";
import { listFlaggedMessages } from "../../../services/bot-flags.js";
import { latestChatDecision } from "../../../services/bot-report.js";
import { getChatWithMessages } from "../../../services/chat-view.js";
import type { AppEnv } from "../../env.js";
import { presentChat, presentEvent } from "../../present.js";
import { presentChatDecision } from "../../present-bot.js";
import { idParam } from "../../validate.js";

/**
 * One chat of my shop with its conversation (the last 200 messages), the decision on its latest
 * buyer message (reason, suggestion confidence) and the bot messages already flagged as wrong.
 */
export const route = { method: "GET", path: "/chats/:id" } as const;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const { chat, messages: rows } = await getChatWithMessages({ ctx, input: { shop: shop.config.id, chatId: idParam(c) } });
  const where = { shop: shop.config.id, platform: chat.platform, conversation: chat.conversation };
  const decision = await latestChatDecision({ ctx, input: where });
  const threshold = ctx.faq.forShop(shop.config.id)?.threshold ?? null;
  return c.json({
    chat: presentChat(chat, ctx.now()),
    messages: rows.map(presentEvent),
    decision: decision ? presentChatDecision(decision, threshold) : null,
    flagged: await listFlaggedMessages({ ctx, input: where }),
  });
}
