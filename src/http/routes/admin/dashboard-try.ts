/**
 * POST /api/admin/dashboard/try {text} (or GET ?q=): the dashboard's "try a question" box.
 * Runs the shop's live FAQ matcher and the same decision as ingest (core/decision.ts with the
 * shop's reply policy) once per platform: the normalised text, the top matches with scores,
 * and whether the message would be answered automatically on each platform, and why.
 */
import type { Context } from "hono";
import { decide } from "../../../core/decision.js";
import { readMessage } from "../../../core/message-reading.js";
import { platformIds } from "../../../core/events.js";
import type { AppEnv } from "../../env.js";
import { ApiError } from "../../errors.js";
import { jsonBody, requireString } from "../../validate.js";
import { type RequestOf, type ResponseOf, respond } from "../../contract.js";
import { ADMIN_CONTRACTS } from "../../contracts/admin.js";

export const route = { method: ["GET", "POST"], path: "/dashboard/try" } as const;

// both methods answer the same; the GET's contract types the answer
const CONTRACT = ADMIN_CONTRACTS["GET /dashboard/try"];
export type DashboardTryRequest = RequestOf<typeof CONTRACT> | RequestOf<(typeof ADMIN_CONTRACTS)["POST /dashboard/try"]>;
export type DashboardTryResponse = ResponseOf<typeof CONTRACT>;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  let text: string;
  if (c.req.method === "GET") {
    text = c.req.query("q") ?? "";
    if (!text.trim()) throw new ApiError(400, "bad_request", "q is required (a non-empty string)", { field: "q", reason: "required" });
    if (text.length > 2000) throw new ApiError(400, "bad_request", "q is longer than 2000 characters", { field: "q", reason: "too-long", max: 2000 });
  } else {
    text = requireString(await jsonBody(c), "text");
  }
  const matcher = ctx.faq.forShop(shop.config.id);
  const platforms = platformIds().map((platform) => {
    const match = matcher ? matcher.match(text, { platform, topK: 5 }) : null;
    // a fresh conversation: the box asks how a first message would be decided
    const d = decide({ event: { platform, text }, reading: readMessage(text, matcher, platform), shop: shop.config, rules: shop.rules });
    return {
      platform,
      enabled: shop.config.platforms.includes(platform),
      normalized: match?.normalized ?? null,
      confident: match?.confident ?? false,
      matches: (match?.matches ?? []).map((m) => ({ id: m.entryId, question: m.question, answer: m.answer, score: m.score })),
      autoAnswer: d.action === "auto-answer",
      action: d.action,
      reason: d.reason,
      sendInstant: d.sendInstant,
      answer: d.answer,
    };
  });
  return respond(c, CONTRACT, {
    text,
    normalized: platforms.find((p) => p.normalized !== null)?.normalized ?? null,
    faq: matcher ? { version: matcher.version, threshold: matcher.threshold } : null,
    platforms,
  });
}
