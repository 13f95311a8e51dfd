/**
 * GET /api/admin/bot?shop=&day=&days=: the bot panel of the dashboard for `days` days (1, the
 * default, or up to 31) ending with `day` (default today, platform time): answered, routed by
 * reason, flagged answers, unanswered questions grouped by similarity.
 */
import type { Context } from "hono";
import { dayKeyOfNumber, dayNumber, dayStartMs, formatPlatformTime, parseDayKey } from "../../../core/time.js";
import { reportBot } from "../../../services/bot-report.js";
import type { AppEnv } from "../../env.js";
import { ApiError } from "../../errors.js";
import { presentBotFlag } from "../../present-bot.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { ADMIN_CONTRACTS } from "../../contracts/admin.js";

export const route = { method: "GET", path: "/bot" } as const;

const CONTRACT = ADMIN_CONTRACTS["GET /bot"];
export type BotReportRequest = RequestOf<typeof CONTRACT>;
export type BotReportResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const dayParam = c.req.query("day");
  const day = dayParam ? parseDayKey(dayParam) : dayNumber(ctx.now());
  if (day === undefined) throw new ApiError(400, "bad_request", "day must be YYYY-MM-DD", { field: "day" });
  const daysParam = c.req.query("days") ?? "1";
  if (!/^\d{1,2}$/.test(daysParam) || Number(daysParam) < 1 || Number(daysParam) > 31) {
    throw new ApiError(400, "bad_request", "days must be a whole number from 1 to 31", { field: "days" });
  }
  const days = Number(daysParam);
  const from = dayStartMs(day - days + 1);
  const to = dayStartMs(day + 1);
  const report = await reportBot({ ctx, input: { shop, from, to } });
  const faq = ctx.faq.forShop(shop.config.id);
  return respond(c, CONTRACT, {
    shop: shop.config.id,
    day: dayKeyOfNumber(day),
    days,
    from: formatPlatformTime(from),
    to: formatPlatformTime(to),
    faq: faq ? { version: faq.version, threshold: faq.threshold } : null,
    answered: report.answered,
    routed: report.routed,
    flags: report.flags.map((f) => presentBotFlag(f, shop)),
    unanswered: {
      messages: report.unanswered.messages,
      truncated: report.unanswered.truncated,
      groupsTotal: report.unanswered.groupsTotal,
      groups: report.unanswered.groups.map((g) => ({
        size: g.size,
        conversations: g.conversations,
        faqId: g.faqId,
        faqScore: g.faqScore === null ? null : Math.round(g.faqScore * 1000) / 1000,
        lastAt: formatPlatformTime(g.lastAt),
        examples: g.examples.map((m) => ({ text: m.text, at: formatPlatformTime(m.at), platform: m.platform, conversation: m.conversation })),
      })),
    },
  });
}
