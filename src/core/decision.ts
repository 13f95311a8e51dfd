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
  | "bot-not-eligible";

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
