/**
 * What the bot did for a shop over a span of days: messages it answered, messages it routed
 * and why, the answers agents flagged as wrong, and the questions the FAQ could not answer,
 * grouped by similarity (core/unanswered.ts). Also the decision behind a chat, for the console.
 */
import { and, count, desc, eq, gte, inArray, lt, or } from "drizzle-orm";
import { DECISION_REASON_LABELS, type StoredReason } from "../core/decision.js";
import { clusterQuestions, GAP_EVEN_IF_CONFIDENT, isUnansweredQuestion, type QuestionGroup } from "../core/unanswered.js";
import { decisions, events } from "../store/schema/index.js";
import { listBotFlags, type BotFlagReport } from "./bot-flags.js";
import type { ServiceContext, Shop } from "./context.js";

/** A reason stored before its label existed (or by a newer build) still shows, as its id. */
export function reasonLabel(reason: string): string {
  return DECISION_REASON_LABELS[reason as StoredReason] ?? reason;
}

export interface BotReport {
  answered: number;
  routed: { total: number; byReason: Array<{ reason: string; label: string; count: number }> };
  flags: BotFlagReport[];
  /** the biggest groups only (MAX_GROUPS); groupsTotal counts them all */
  unanswered: { messages: number; groups: QuestionGroup[]; groupsTotal: number; truncated: boolean };
}

/** Routed questions read for grouping, newest first: a week of a busy shop stays bounded. */
const MAX_QUESTIONS = 20_000;
/**
 * Groups answered: a week of 4,133 real buyer messages made 2,692 groups, nearly all of one
 * or two messages; the owner acts on the big ones, and the page stays light.
 */
export const MAX_GROUPS = 100;

export async function reportBot({ ctx, input }: { ctx: ServiceContext; input: { shop: Shop; from: number; to: number } }): Promise<BotReport> {
  const shop = input.shop.config.id;
  // by the buyer message's time (events_shop_at index), so a day is the platform's day
  const inSpan = and(eq(events.shop, shop), gte(events.at, input.from), lt(events.at, input.to), eq(events.from, "buyer"));
  const counts = await ctx.db.select({ action: decisions.action, reason: decisions.reason, n: count() }).from(events).innerJoin(decisions, eq(decisions.eventSeq, events.seq)).where(inSpan).groupBy(decisions.action, decisions.reason);
  const answered = counts.filter((c) => c.action === "auto-answer").reduce((a, c) => a + c.n, 0);
  const byCount = (a: { reason: string; count: number }, b: { reason: string; count: number }) => b.count - a.count || a.reason.localeCompare(b.reason);
  const byReason = counts
    .filter((c) => c.action === "route")
    .map((c) => ({ reason: c.reason, label: reasonLabel(c.reason), count: c.n }))
    .sort(byCount);
  const routedTotal = byReason.reduce((a, r) => a + r.count, 0);
  // our replies that put their chat back in front of a person (services/undelivered.ts), by the
  // reply's time: listed after the buyer messages' reasons, not counted as routed messages
  const replies = await ctx.db
    .select({ reason: decisions.reason, n: count() })
    .from(events)
    .innerJoin(decisions, eq(decisions.eventSeq, events.seq))
    .where(and(eq(events.shop, shop), gte(events.at, input.from), lt(events.at, input.to), inArray(events.from, ["bot", "human"])))
    .groupBy(decisions.reason);
  byReason.push(...replies.map((c) => ({ reason: c.reason, label: reasonLabel(c.reason), count: c.n })).sort(byCount));

  const routedRows = await ctx.db
    .select({
      text: events.text,
      at: events.at,
      platform: events.platform,
      conversation: events.conversation,
      action: decisions.action,
      reason: decisions.reason,
      faqId: decisions.faqId,
      faqScore: decisions.faqScore,
      faqConfident: decisions.faqConfident,
    })
    .from(events)
    .innerJoin(decisions, eq(decisions.eventSeq, events.seq))
    // the rows isUnansweredQuestion may take, so a Douyin shop's routed sure matches do not fill the limit
    .where(and(inSpan, eq(decisions.action, "route"), or(eq(decisions.faqConfident, false), inArray(decisions.reason, [...GAP_EVEN_IF_CONFIDENT]))))
    .orderBy(desc(events.at))
    .limit(MAX_QUESTIONS);
  const questions = routedRows.filter((r) => r.text && r.text.trim() && isUnansweredQuestion(r)).map((r) => ({ text: r.text!, at: r.at, platform: r.platform, conversation: r.conversation, faqId: r.faqId, faqScore: r.faqScore }));
  const clustered = clusterQuestions(questions);

  return {
    answered,
    routed: { total: routedTotal, byReason },
    flags: await listBotFlags({ ctx, input: { shop, from: input.from, to: input.to } }),
    unanswered: {
      messages: questions.length,
      groups: clustered.groups.slice(0, MAX_GROUPS),
      groupsTotal: clustered.groups.length,
      truncated: clustered.truncated || routedRows.length === MAX_QUESTIONS,
    },
  };
}

export type ChatDecisionRow = typeof decisions.$inferSelect & { text: string | null; at: number };

/**
 * The latest decision of the conversation (what the chat's suggestion came from): on its latest
 * buyer message, or on one of our replies that did not reach the buyer (services/undelivered.ts).
 */
export async function latestChatDecision({ ctx, input }: { ctx: ServiceContext; input: { shop: string; platform: string; conversation: string } }): Promise<ChatDecisionRow | undefined> {
  const [row] = await ctx.db
    .select({ d: decisions, text: events.text, at: events.at })
    .from(events)
    .innerJoin(decisions, eq(decisions.eventSeq, events.seq))
    .where(and(eq(events.shop, input.shop), eq(events.platform, input.platform), eq(events.conversation, input.conversation)))
    .orderBy(desc(events.at), desc(events.seq))
    .limit(1);
  return row ? { ...row.d, text: row.text, at: row.at } : undefined;
}
