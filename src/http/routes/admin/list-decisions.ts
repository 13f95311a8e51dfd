import type { Context } from "hono";
import { formatPlatformTime } from "../../../core/time.js";
import { listDecisions } from "../../../services/admin-logs.js";
import { reasonLabel } from "../../../services/bot-report.js";
import type { AppEnv } from "../../env.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { ADMIN_CONTRACTS } from "../../contracts/admin.js";

/** Recent decisions with the message behind each: `?conversation=` or `?message=` narrow it. */
export const route = { method: "GET", path: "/decisions" } as const;

const CONTRACT = ADMIN_CONTRACTS["GET /decisions"];
export type ListDecisionsRequest = RequestOf<typeof CONTRACT>;
export type ListDecisionsResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const rows = await listDecisions({ ctx, input: { shop: shop.config.id, conversation: c.req.query("conversation"), message: c.req.query("message") } });
  return respond(c, CONTRACT, {
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
