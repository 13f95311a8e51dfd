/**
 * The what-if replay on a shop's stored history (`GET /api/plan/whatif`): the shop's events of
 * the last `days` platform days, conversation by conversation through the same replay run as
 * the `whatif` command (core/whatif/run.ts), with the shop's live FAQ and policy. Pure of HTTP.
 */
import { and, asc, eq, gte } from "drizzle-orm";
import { summarize } from "../core/compliance/aggregate.js";
import { sortedUnique } from "../core/compliance/order.js";
import type { Platform } from "../core/events.js";
import { dayNumber, dayStartMs, formatPlatformTime } from "../core/time.js";
import { compareResults, noChangeReason, type WhatIfRow } from "../core/whatif/compare.js";
import { DEFAULT_BOT_LATENCY_MS, type ReplayEvent } from "../core/whatif/replay.js";
import { WhatIfRun } from "../core/whatif/run.js";
import { events } from "../store/schema/core.js";
import { rulesForContext, toEngineEvent } from "./compliance.js";
import type { ServiceContext } from "./context.js";
import { forEachStoredConversation } from "./planning.js";

export class WhatIfHistoryError extends Error {}

/** the bot messages listed to check by eye: the newest first, at most this many */
export const MAX_ANSWERED = 50;

export interface ShopWhatIf {
  from: string;
  to: string;
  decisions: number;
  results: WhatIfRow[];
  noChange: Array<{ platform: Platform; reason: string }>;
  answered: Array<{ platform: Platform; conversation: string; at: string; text: string | null; kind: string; faqId: string | null; answer: string }>;
  answeredTotal: number;
}

export async function whatIfShopHistory({ ctx, input }: { ctx: Pick<ServiceContext, "db" | "shops" | "faq" | "now" | "cache">; input: { shop: string; days: number; latencyMs?: number } }): Promise<ShopWhatIf> {
  const shop = ctx.shops.get(input.shop);
  if (!shop) throw new WhatIfHistoryError(`unknown shop ${input.shop}`);
  const to = dayNumber(ctx.now());
  const from = to - input.days + 1;
  const rulesFor = rulesForContext({ ctx });
  const matcher = ctx.faq.forShop(input.shop);
  const run = new WhatIfRun({ rulesFor, shopFor: () => ({ policy: shop.config, rules: shop.rules, matcher }), latencyMs: input.latencyMs ?? DEFAULT_BOT_LATENCY_MS });
  const rows = await ctx.db
    .select()
    .from(events)
    .where(and(eq(events.shop, input.shop), gte(events.at, dayStartMs(from))))
    .orderBy(asc(events.platform), asc(events.conversation), asc(events.at));
  forEachStoredConversation(rows, (conv) => {
    const ref = { platform: conv[0]!.platform as Platform, shop: input.shop, conversation: conv[0]!.conversation };
    run.add(
      ref,
      sortedUnique(
        conv.map((r) => {
          const e: ReplayEvent = toEngineEvent(r);
          if (r.from === "buyer" && r.text !== null) e.text = r.text;
          return e;
        }),
      ),
    );
  });
  const computed = run.finish();
  if (computed.buyerMessages === 0) throw new WhatIfHistoryError(`no buyer messages stored for shop ${input.shop} in the last ${input.days} day(s): nothing to replay`);
  const actual = summarize(computed.actual, { to, rulesFor, shop: input.shop });
  const withBot = summarize(computed.withBot, { to, rulesFor, shop: input.shop });
  const platforms = [...new Set(actual.map((r) => r.platform))];
  return {
    from: formatPlatformTime(dayStartMs(from)).slice(0, 10),
    to: formatPlatformTime(dayStartMs(to)).slice(0, 10),
    decisions: computed.decisions,
    results: compareResults(actual, withBot).filter((r) => r.agent === null),
    noChange: platforms.flatMap((p) => {
      const reason = noChangeReason(p, shop.config, shop.rules);
      return reason ? [{ platform: p, reason }] : [];
    }),
    answered: computed.answered
      .slice(-MAX_ANSWERED)
      .reverse()
      .map((a) => ({ platform: a.platform, conversation: a.conversation, at: formatPlatformTime(a.at), text: a.text, kind: a.reply.kind, faqId: a.reply.faqId, answer: a.reply.text })),
    answeredTotal: computed.answered.length,
  };
}
