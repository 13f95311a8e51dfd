import type { Context } from "hono";
import { flagBotAnswer } from "../../../services/bot-flags.js";
import type { AppEnv } from "../../env.js";
import { ApiError } from "../../errors.js";
import { idParam, jsonBody } from "../../validate.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { AGENT_CONTRACTS } from "../../contracts/agent.js";

/**
 * Marks a bot answer of the chat as wrong: `{msgId}` (the id the chat's messages carry) or
 * `{eventId}` (its stored sequence number), `note?`. 201 when stored, 200 with the same flag
 * when it already was (a double click, or a colleague first).
 */
export const route = { method: "POST", path: "/chats/:id/flag" } as const;

const CONTRACT = AGENT_CONTRACTS["POST /chats/:id/flag"];
export type FlagChatRequest = RequestOf<typeof CONTRACT>;
export type FlagChatResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop, agent } = c.var;
  const chatId = idParam(c);
  const body = await jsonBody(c);
  const { msgId, eventId, note } = body;
  if (msgId !== undefined && eventId !== undefined) throw new ApiError(400, "bad_request", "give msgId or eventId, not both", { field: "msgId" });
  if (msgId === undefined && eventId === undefined) throw new ApiError(400, "bad_request", "msgId (or eventId) is required", { field: "msgId" });
  if (msgId !== undefined && (typeof msgId !== "string" || !msgId.trim() || msgId.length > 200)) {
    throw new ApiError(400, "bad_request", "msgId must be a non-empty string of at most 200 characters", { field: "msgId" });
  }
  if (eventId !== undefined && (typeof eventId !== "number" || !Number.isSafeInteger(eventId) || eventId < 1)) {
    throw new ApiError(400, "bad_request", "eventId must be a positive integer", { field: "eventId" });
  }
  if (note !== undefined && note !== null && (typeof note !== "string" || note.length > 500)) {
    throw new ApiError(400, "bad_request", "note must be a string of at most 500 characters", { field: "note" });
  }
  const { flag, created } = await flagBotAnswer({
    ctx,
    input: {
      shop,
      agent,
      chatId,
      ...(msgId !== undefined ? { msgId: msgId as string } : { eventSeq: eventId as number }),
      ...(typeof note === "string" ? { note } : {}),
    },
  });
  return respond(c, CONTRACT, { flag: { id: flag.id, chatId: flag.chatId, faqId: flag.faqId, agent: flag.agentId, note: flag.note }, created }, created ? 201 : 200);
}
