import type { Context } from "hono";
import { and, desc, eq } from "drizzle-orm";
import { listFlaggedMessages } from "../../../services/bot-flags.js";
import { latestChatDecision } from "../../../services/bot-report.js";
import { getChat } from "../../../services/chats.js";
import { events } from "../../../store/schema/index.js";
import type { AppEnv } from "../../env.js";
import { ApiError } from "../../errors.js";
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
  const chat = await getChat(ctx, shop.config.id, idParam(c));
  if (!chat) throw new ApiError(404, "not_found", "no such chat in this shop");
  const rows = await ctx.db
    .select()
    .from(events)
    .where(and(eq(events.shop, shop.config.id), eq(events.platform, chat.platform), eq(events.conversation, chat.conversation)))
    // the newest 200 (a live console refetches this on each message: the oldest would hide them)
    .orderBy(desc(events.at), desc(events.seq))
    .limit(200);
  rows.reverse();
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
