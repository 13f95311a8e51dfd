/**
 * The decision for one buyer message: answer now from the FAQ, or hand the chat to a human.
 * A pure function: the same inputs always give the same decision, on Node and Workers alike.
 */
import type { ChatEvent } from "./events.js";
import type { FaqMatchResult } from "./faq/types.js";
import { botAnswerCounts, type ShopReplyPolicy } from "./reply-policy.js";
import type { RuleId, RuleSpec } from "./rules/presets.js";

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
 * What each reason means, in the words agents and owners read (console, dashboard). Served to
 * the pages from here so the UI never keeps its own copy of the list.
 */
export const DECISION_REASON_LABELS: Record<DecisionReason, string> = {
  "faq-confident": "匹配可信，机器人回复计入考核：自动回复",
  "no-text": "没有文字：转人工",
  "no-faq-match": "没有相似条目：转人工",
  "faq-not-confident": "匹配度低于阈值：转人工，答案仅供参考",
  "bot-not-counted": "该平台只计人工回复：转人工，答案作为建议",
  "bot-not-eligible": "本店未接入可计入的辅助模式机器人：转人工，答案作为建议",
  "human-requested": "买家要求人工：转人工",
  "human-active": "人工接待中：机器人不插话",
  "not-a-question": "不是问题（确认、结束语、单号等）：转人工",
  "repeat": "机器人刚发过同一答案：转人工",
  "negated": "否定或转折，与条目意思相反：转人工",
  "not-covered": "消息里还有条目未覆盖的问题：转人工",
};

export interface Decision {
  action: "auto-answer" | "route";
  reason: DecisionReason;
  faqId: string | null;
  faqScore: number | null;
  faqConfident: boolean;
  /** the answer sent (auto-answer) or suggested to the agent (route) */
  answer: string | null;
  /** Douyin opt-in: send the confident answer now although it does not count */
  sendInstant: boolean;
}

export interface DecisionInput {
  event: Pick<ChatEvent, "platform" | "text">;
  match: FaqMatchResult | null;
  shop: ShopReplyPolicy & { douyinInstantAnswer: boolean };
  rules: Record<RuleId, RuleSpec>;
}

export function decide({ event, match, shop, rules }: DecisionInput): Decision {
  const top = match?.matches[0];
  const base = {
    faqId: top?.entryId ?? null,
    faqScore: top?.score ?? null,
    faqConfident: !!match?.confident && !!top,
    answer: top?.answer ?? null,
  };
  const route = (reason: DecisionReason, sendInstant = false): Decision => ({ action: "route", reason, ...base, sendInstant });

  if (!event.text || !event.text.trim()) return route("no-text");
  if (!top) return route("no-faq-match");
  if (!base.faqConfident) return route("faq-not-confident");
  if (botAnswerCounts(event.platform, shop, rules)) return { action: "auto-answer", reason: "faq-confident", ...base, sendInstant: false };
  if (event.platform === "taobao") return route("bot-not-eligible");
  return route("bot-not-counted", event.platform === "douyin" && shop.douyinInstantAnswer);
}
