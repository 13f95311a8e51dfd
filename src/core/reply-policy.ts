/**
 * Which of our answers count, and when a routed chat's deadline falls: the parts of the
 * compliance rules the live decision needs, read from the same rule data as the engine.
 */
import type { BotMode, Platform } from "./events.js";
import { DEADLINE_RULE, isCountedReply, type RuleId, type RuleSpec } from "./rules/presets.js";
import { inWindow } from "./time.js";

export const OUR_BOT = "first-responder";

export interface BotIdentity {
  bot: string;
  mode: BotMode;
}

export interface ShopReplyPolicy {
  /** set when the shop's Taobao answers go out through an eligible assist-mode integration */
  taobaoAssistBot?: BotIdentity;
}

/** How our automatic answers are labelled on each platform, and so whether they count. */
export function botIdentity(platform: Platform, shop: ShopReplyPolicy): BotIdentity {
  if (platform === "taobao" && shop.taobaoAssistBot) return shop.taobaoAssistBot;
  return { bot: OUR_BOT, mode: "auto" };
}

export function botAnswerCounts(platform: Platform, shop: ShopReplyPolicy, rules: Record<RuleId, RuleSpec>): boolean {
  const rule = rules[DEADLINE_RULE[platform]];
  return isCountedReply(rule.counted, { from: "bot", ...botIdentity(platform, shop) });
}

export interface PendingClock {
  /** first unanswered buyer message */
  pendingSince: number;
  /** first unanswered buyer message inside the rule's window, if any */
  firstAssessedAt: number | null;
}

export interface ChatDeadline {
  deadlineAt: number;
  /** false: no pending message is assessed, the deadline is a service target only */
  clockRuns: boolean;
}

/**
 * The deadline of the platform's strictest rule for the unanswered messages of a chat.
 * Douyin times each message from its own time, so the first assessed one sets it; Kuaishou
 * times every message from its streak's first; a Taobao round is assessed only when the
 * round's first message is inside the window.
 */
export function chatDeadline(rule: RuleSpec, pending: PendingClock): ChatDeadline {
  const limitMs = (rule.limitSeconds ?? 0) * 1000;
  switch (rule.clockOrigin) {
    case "message":
    case "transfer":
      return pending.firstAssessedAt !== null ? { deadlineAt: pending.firstAssessedAt + limitMs, clockRuns: true } : { deadlineAt: pending.pendingSince + limitMs, clockRuns: false };
    case "streak":
      return { deadlineAt: pending.pendingSince + limitMs, clockRuns: pending.firstAssessedAt !== null };
    case "round":
    case "person-first":
      return {
        deadlineAt: pending.pendingSince + limitMs,
        clockRuns: pending.firstAssessedAt !== null && pending.firstAssessedAt === pending.pendingSince,
      };
  }
}

/** Adds one buyer message to a chat's pending clock (messages may arrive out of order). */
export function addPendingMessage(rule: RuleSpec, pending: PendingClock | null, at: number): PendingClock {
  const assessed = inWindow(at, rule.window);
  if (!pending) return { pendingSince: at, firstAssessedAt: assessed ? at : null };
  return {
    pendingSince: Math.min(pending.pendingSince, at),
    firstAssessedAt: assessed ? Math.min(pending.firstAssessedAt ?? at, at) : pending.firstAssessedAt,
  };
}
