/**
 * The decision for one buyer message: answer now from the FAQ, or hand the chat to a human.
 * A pure function: the same inputs always give the same decision, on Node and Workers alike.
 */
import { EMPTY_CONVERSATION, type ConversationState } from "./conversation.js";
import type { ChatEvent } from "./events.js";
import type { MessageReading } from "./message-reading.js";
import { botAnswerCounts, type ShopReplyPolicy } from "./reply-policy.js";
import type { RuleId, RuleSpec } from "./rules/presets.js";
import type { ReplyDeliveryReason } from "./undelivered.js";

export type DecisionReason =
  /** confident FAQ match and our answer counts on this platform */
  | "faq-confident"
  /** the message has no text (image, order card): only a human can read it */
  | "no-text"
  /** nothing in the FAQ is similar */
  | "no-faq-match"
  /** a match, but below the auto-answer threshold: shown to the agent as a suggestion */
  | "faq-not-confident"
  /** Douyin counts only human replies (3分钟人工回复率) */
  | "bot-not-counted"
  /** Taobao counts bots only as an eligible assist-mode integration, which this shop is not */
  | "bot-not-eligible"
  /** the buyer asks for a person or complains (转人工, 投诉, 找负责人 …): a human must take the chat */
  | "human-requested"
  /** a human agent replied in this conversation within the shop's hold time: the bot keeps out */
  | "human-active"
  /** an acknowledgement, closing, bare fragment, number or emoji alone: nothing for the FAQ to answer */
  | "not-a-question"
  /** the bot already sent this entry's answer in this conversation recently */
  | "repeat"
  /** a negation or contrast (不要/不用/不是…是…) reverses the meaning of the matched entry */
  | "negated"
  /** a long message asks more than the matched entry answers */
  | "not-covered";

/**
 * Every reason a stored decision can carry: the decision's own, and why one of our replies put
 * the chat back in front of a person (core/undelivered.ts: stored on the reply's event).
 */
export type StoredReason = DecisionReason | ReplyDeliveryReason;

/**
 * What each reason means, in the words agents and owners read (console, dashboard). Served to
 * the pages from here so the UI never keeps its own copy of the list.
 */
export const DECISION_REASON_LABELS: Record<StoredReason, string> = {
  "faq-confident": "匹配可信，机器人回复计入考核：自动回复",
  "no-text": "没有文字：转人工",
  "no-faq-match": "没有相似条目：转人工",
  "faq-not-confident": "匹配度低于阈值：转人工，答案仅供参考",
  "bot-not-counted": "该平台只计人工回复：转人工，答案作为建议",
  "bot-not-eligible": "本店未接入可计入的辅助模式机器人：转人工，答案作为建议",
  "human-requested": "买家要求人工：转人工",
  "human-active": "人工接待中：机器人不插话",
  "not-a-question": "不是问题（确认、结束语、单号等）：转人工",
  repeat: "机器人刚发过同一答案：转人工",
  negated: "否定或转折，与条目意思相反：转人工",
  "not-covered": "消息里还有条目未覆盖的问题：转人工",
  "reply-undelivered": "回复未送达（正在重试）：请人工跟进，可在平台自带的客服工具里发送建议答案",
  "reply-failed": "回复发送失败：买家没有收到，请人工处理",
  "reply-delivered-late": "回复重试后已送达",
};

export interface Decision {
  action: "auto-answer" | "route";
  reason: DecisionReason;
  faqId: string | null;
  faqScore: number | null;
  faqConfident: boolean;
  /** the answer sent (auto-answer) or suggested to the agent (route); null where it would mislead */
  answer: string | null;
  /** Douyin opt-in: send the confident answer now although it does not count */
  sendInstant: boolean;
  /**
   * Sent to the buyer while the chat waits for a person ("正在为您转接…"): it never marks the
   * chat answered. Null where the bot does not speak on this platform.
   */
  acknowledgement: string | null;
}

/** The shop settings the decision reads. */
export interface DecisionShop extends ShopReplyPolicy {
  douyinInstantAnswer: boolean;
  /** a human's reply keeps the bot out of the conversation for this long (HUMAN_HOLD_SECONDS) */
  humanHoldSeconds?: number;
  /** what the buyer is told when asking for a person; null: nothing is sent */
  humanRequestAck?: string | null;
}

export interface DecisionInput {
  event: Pick<ChatEvent, "platform" | "text"> & { at?: number };
  /** the message read once (core/message-reading.ts): intent, FAQ match, negation, coverage */
  reading: MessageReading | null;
  shop: DecisionShop;
  rules: Record<RuleId, RuleSpec>;
  /** what happened in the conversation before this message (core/conversation.ts) */
  conversation?: ConversationState;
}

export const DEFAULT_HUMAN_HOLD_SECONDS = 600;
export const DEFAULT_HUMAN_REQUEST_ACK = "亲，正在为您转接人工客服，请稍候，客服会尽快回复您～";
/**
 * The bot does not send the same entry's answer twice in a conversation within this long:
 * a buyer who asks again was not helped by it, and a second copy reads as a machine.
 */
export const REPEAT_WINDOW_MS = 60 * 60 * 1000;

type DecisionBase = Pick<Decision, "faqId" | "faqScore" | "faqConfident" | "answer" | "acknowledgement">;
type RouteOptions = { sendInstant?: boolean; suggest?: boolean; ack?: string | null };

/**
 * A routing decision. At module level, not a closure inside decide(): tsx (npm start) keeps
 * function names, and a named closure made on every call paid a defineProperty each time (~5 µs
 * of the request thread per buyer message in bench:ingest-direct's profile).
 */
function routed(base: DecisionBase, reason: DecisionReason, opts: RouteOptions = {}): Decision {
  return {
    action: "route",
    reason,
    ...base,
    answer: opts.suggest === false ? null : base.answer,
    sendInstant: opts.sendInstant ?? false,
    acknowledgement: opts.ack ?? null,
  };
}

export function decide({ event, reading, shop, rules, conversation = EMPTY_CONVERSATION }: DecisionInput): Decision {
  const match = reading?.match ?? null;
  const top = match?.matches[0];
  const base: DecisionBase = {
    faqId: top?.entryId ?? null,
    faqScore: top?.score ?? null,
    faqConfident: !!match?.confident && !!top,
    answer: top?.answer ?? null,
    acknowledgement: null,
  };
  const botCounts = botAnswerCounts(event.platform, shop, rules);
  // where our bot speaks at all: where its answers count, or Douyin with instant answers on
  const botSpeaks = botCounts || (event.platform === "douyin" && shop.douyinInstantAnswer);
  const at = event.at ?? 0;

  if (!event.text || !event.text.trim()) return routed(base, "no-text");
  if (reading?.intent.kind === "human-request") {
    // acknowledge only the first request: a buyer repeating "人工" is not told twice
    const ack = botSpeaks && conversation.humanRequestedAt === null ? (shop.humanRequestAck === undefined ? DEFAULT_HUMAN_REQUEST_ACK : shop.humanRequestAck) : null;
    return routed(base, "human-requested", { suggest: false, ack });
  }
  // the buyer asked for a person and none has replied yet: the bot keeps out meanwhile
  if (conversation.humanRequestedAt !== null) return routed(base, "human-requested");
  const holdMs = (shop.humanHoldSeconds ?? DEFAULT_HUMAN_HOLD_SECONDS) * 1000;
  if (conversation.lastHumanReplyAt !== null && at - conversation.lastHumanReplyAt <= holdMs) return routed(base, "human-active");
  if (reading?.intent.kind === "not-a-question") return routed(base, "not-a-question", { suggest: false });
  if (!top) return routed(base, "no-faq-match");
  if (reading?.negated) return routed(base, "negated", { suggest: false });
  if (!base.faqConfident) return routed(base, "faq-not-confident");
  if (reading?.notCovered) return routed(base, "not-covered");
  if (conversation.botAnswers.some((b) => b.faqId === top.entryId && at - b.at <= REPEAT_WINDOW_MS)) return routed(base, "repeat");
  if (botCounts) return { action: "auto-answer", reason: "faq-confident", ...base, sendInstant: false };
  if (event.platform === "taobao") return routed(base, "bot-not-eligible");
  return routed(base, "bot-not-counted", { sendInstant: event.platform === "douyin" && shop.douyinInstantAnswer });
}
