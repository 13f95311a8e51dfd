import type { Context } from "hono";
import { replyToChat } from "../../../services/agent-actions.js";
import type { AppEnv } from "../../env.js";
import { presentChat } from "../../present.js";
import { readReplyContent } from "../../reply-content.js";
import { idParam, jsonBody, optionalRef, requireString } from "../../validate.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { AGENT_CONTRACTS } from "../../contracts/agent.js";

/**
 * Stored as a `human` reply with my agent id, then delivered through the outbox. An optional
 * `ref` (the console's id for this send, 8–64 of [A-Za-z0-9_-]) makes a retry of the same send
 * store and deliver nothing more: the reply's id is derived from it. Instead of `text`, an
 * `image {url}` or a `card {kind, …}` (src/http/reply-content.ts): 501 `image-not-supported` /
 * `card-not-supported` where the platform's outbound format for it is not known (Kuaishou's send API).
 */
export const route = { method: "POST", path: "/chats/:id/reply" } as const;

const CONTRACT = AGENT_CONTRACTS["POST /chats/:id/reply"];
export type ReplyChatRequest = RequestOf<typeof CONTRACT>;
export type ReplyChatResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop, agent } = c.var;
  const chatId = idParam(c);
  const body = await jsonBody(c);
  // an image or a card instead of text, where the platform's format for it is known (else 501)
  const content = readReplyContent(body);
  const text = content ? "" : requireString(body, "text");
  const ref = optionalRef(body, "ref");
  const canCarry = (platform: string) => c.var.replyContent(platform, shop.config);
  const { reply, chat } = await replyToChat({ ctx, input: { shop, agent, chatId, text, ref, ...(content ? { content, canCarry } : {}) } });
  return respond(c, CONTRACT, { reply: { id: reply.id, text: reply.text, ...content }, chat: presentChat(chat, ctx.now()) }, 201);
}
