import type { Context } from "hono";
import { listFlaggedMessages } from "../../../services/bot-flags.js";
import { latestChatDecision } from "../../../services/bot-report.js";
import { getChatWithMessages } from "../../../services/chat-view.js";
import type { ChatView } from "../../contract.js";
import type { AppEnv } from "../../env.js";
import { type PresentedMessage, presentChat, presentEvent } from "../../present.js";
import { presentChatDecision } from "../../present-bot.js";
import { idParam } from "../../validate.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { AGENT_CONTRACTS } from "../../contracts/agent.js";

/**
 * One chat of my shop with its conversation (the last 200 messages), the decision on its latest
 * buyer message (reason, suggestion confidence) and the bot messages already flagged as wrong.
 */
export const route = { method: "GET", path: "/chats/:id" } as const;

/** The answer (the contract, src/http/contracts/agent.ts, leaves `decision` and `flagged` open): what the console reads. */
export interface ChatDetail {
  chat: ChatView;
  messages: PresentedMessage[];
  decision: ReturnType<typeof presentChatDecision> | null;
  /** ids of the bot messages already flagged as wrong */
  flagged: string[];
}
const CONTRACT = AGENT_CONTRACTS["GET /chats/:id"];
export type GetChatRequest = RequestOf<typeof CONTRACT>;
export type GetChatResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const { chat, messages: rows } = await getChatWithMessages({ ctx, input: { shop: shop.config.id, chatId: idParam(c) } });
  const where = { shop: shop.config.id, platform: chat.platform, conversation: chat.conversation };
  const decision = await latestChatDecision({ ctx, input: where });
  const matcher = ctx.faq.forShop(shop.config.id);
  const threshold = matcher?.threshold ?? null;
  const presented = presentChat(chat, ctx.now());
  // the agent reads the suggested entry by its question ("什么时候发货？"), not by the id an admin gave it;
  // an entry removed since the suggestion keeps only its id
  const question = presented.suggestion?.faqId ? matcher?.entryTexts?.(presented.suggestion.faqId)?.[0] : undefined;
  const body: ChatDetail = {
    chat: presented.suggestion && question ? { ...presented, suggestion: { ...presented.suggestion, question } } : presented,
    messages: rows.map(presentEvent),
    decision: decision ? presentChatDecision(decision, threshold) : null,
    flagged: await listFlaggedMessages({ ctx, input: where }),
  };
  return respond(c, CONTRACT, body);
}
