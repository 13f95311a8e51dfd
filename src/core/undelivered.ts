/**
 * A reply that did not reach the buyer. Every reply (the bot's answer, an agent's message) is
 * stored and the chat settled before the outbox delivers it; when a delivery attempt fails the
 * buyer still has no answer, while the platform's clock has never stopped. These pure rules say
 * what becomes of the chat (services/undelivered.ts reads and writes it, in the unit that
 * records the failed attempt or the late success):
 *   - the first failed attempt puts the chat back in front of a person, unless a person has
 *     replied since: a bot answer's chat returns to the queue, an agent's reply's chat stays
 *     with that agent; both pending again with the deadline the buyer's messages already had;
 *   - a later attempt that succeeds settles the chat again, as if it had been delivered the
 *     first time, unless a person replied meanwhile (the chat is theirs);
 *   - a hopeless one (`failed`) leaves the chat with the person, marked.
 */
import { addPendingMessage, chatDeadline, type PendingClock } from "./reply-policy.js";
import type { RuleSpec } from "./rules/presets.js";

/**
 * Why a chat came back to a person after one of our replies, stored as a decision's reason
 * (on the reply's own event) beside the reasons of core/decision.ts, with their labels there.
 */
export type ReplyDeliveryReason =
  /** a delivery attempt failed; the outbox keeps retrying, a person follows the chat meanwhile */
  | "reply-undelivered"
  /** retrying is hopeless (the outbox row is `failed`): the buyer never got the reply */
  | "reply-failed"
  /** a retry delivered it after all (history: the chat was settled again) */
  | "reply-delivered-late";

/** Every reason a reply's delivery gives (the others are decisions on buyer messages). */
export const REPLY_DELIVERY_REASONS: readonly ReplyDeliveryReason[] = ["reply-undelivered", "reply-failed", "reply-delivered-late"];

export interface ChatClock {
  status: string;
  agentId: string | null;
  pendingSince: number | null;
  firstAssessedAt: number | null;
}

export interface UndeliveredInput {
  reply: { from: "bot" | "human"; agent: string | null };
  /** whether retrying is hopeless already (a non-retryable error, or the last attempt) */
  hopeless: boolean;
  /** a person replied in the conversation after this reply was stored */
  personRepliedSince: boolean;
  /**
   * the dates of the buyer messages this reply answered: those after the conversation's previous
   * shop-side message, up to the reply (a bot's answer: at least the message it answers)
   */
  answered: readonly number[];
  /**
   * the chat as it is now (another buyer message may have reopened it meanwhile); null: none yet
   * (a conversation the bot answered from its first message has no chat row)
   */
  chat: ChatClock | null;
  /** the rule the chat's deadline races (DEADLINE_RULE of its platform) */
  rule: RuleSpec;
}

export type ChatReopening = {
  status: "waiting" | "assigned";
  agentId: string | null;
  pendingSince: number;
  firstAssessedAt: number | null;
  deadlineAt: number;
  clockRuns: boolean;
  reason: ReplyDeliveryReason;
};

/** The pending clock of these buyer messages, added to the chat's own (null: none). */
function pendingOf(rule: RuleSpec, chat: ChatClock | null, ats: readonly number[]): PendingClock | null {
  let pending: PendingClock | null = chat && chat.pendingSince !== null ? { pendingSince: chat.pendingSince, firstAssessedAt: chat.firstAssessedAt } : null;
  for (const at of ats) pending = addPendingMessage(rule, pending, at);
  return pending;
}

/** What the chat becomes when a reply's delivery attempt fails; null: leave it (a person replied since, or nothing was answered). */
export function reopenForUndelivered(input: UndeliveredInput): ChatReopening | null {
  const { chat, reply, rule } = input;
  if (input.personRepliedSince) return null;
  const pending = pendingOf(rule, chat, input.answered);
  if (!pending) return null;
  const { deadlineAt, clockRuns } = chatDeadline(rule, pending);
  // a chat already in someone's list stays there; else a bot's answer goes back to the queue
  // (whoever has room takes it) and an agent's reply back to that agent
  const open = chat !== null && chat.pendingSince !== null && chat.status === "assigned";
  const status = open || reply.from === "human" ? "assigned" : "waiting";
  const agentId = open ? chat.agentId : reply.from === "human" ? reply.agent : (chat?.agentId ?? null);
  return { status, agentId, ...pending, deadlineAt, clockRuns, reason: input.hopeless ? "reply-failed" : "reply-undelivered" };
}

export type ChatSettling = { kind: "leave" } | { kind: "answered" } | { kind: "pending"; pendingSince: number; firstAssessedAt: number | null; deadlineAt: number; clockRuns: boolean };

/**
 * What the chat becomes when a reply that had failed is delivered after all: answered, as if it
 * had been delivered the first time, or still pending for the buyer messages that came after
 * it; left alone when a person replied meanwhile (the chat is theirs).
 */
export function settleDeliveredLate(input: { personRepliedSince: boolean; after: readonly number[]; rule: RuleSpec }): ChatSettling {
  if (input.personRepliedSince) return { kind: "leave" };
  const pending = pendingOf(input.rule, null, input.after);
  if (!pending) return { kind: "answered" };
  return { kind: "pending", ...pending, ...chatDeadline(input.rule, pending) };
}
