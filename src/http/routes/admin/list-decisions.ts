import type { Context } from "hono";
import { and, desc, eq, type SQL } from "drizzle-orm";
import { formatPlatformTime } from "../../../core/time.js";
import { reasonLabel } from "../../../services/bot-report.js";
import { decisions, events } from "../../../store/schema/index.js";
import type { AppEnv } from "../../env.js";

/** Recent decisions with the message behind each: `?conversation=` or `?message=` narrow it. */
export const route = { method: "GET", path: "/decisions" } as const;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const conds: SQL[] = [eq(decisions.shop, shop.config.id)];
  const conversation = c.req.query("conversation");
  const message = c.req.query("message");
  if (conversation) conds.push(eq(decisions.conversation, conversation));
  if (message) conds.push(eq(events.msgId, message));
  const rows = await ctx.db
    .select({ d: decisions, e: { msgId: events.msgId, at: events.at, text: events.text } })
    .from(decisions)
    .innerJoin(events, eq(events.seq, decisions.eventSeq))
    .where(and(...conds))
    .orderBy(desc(decisions.eventSeq))
    .limit(100);
  return c.json({
    shop: shop.config.id,
    decisions: rows.map(({ d, e }) => ({
      message: { id: e.msgId, at: formatPlatformTime(e.at), text: e.text },
      platform: d.platform,
      conversation: d.conversation,
      action: d.action,
      reason: d.reason,
      /** the reason in the words the console and dashboard show (core/decision.ts) */
      reasonLabel: reasonLabel(d.reason),
      faq: d.faqId ? { id: d.faqId, score: d.faqScore, confident: d.faqConfident, version: d.faqVersion } : null,
      answer: d.suggestion,
      clockRuns: d.clockRuns,
      deadlineAt: d.deadlineAt ? formatPlatformTime(d.deadlineAt) : null,
      instantSent: d.instantSent,
    })),
  });
}
