/** JSON shapes of what the bot decided and what agents flagged (times in platform time). */
import { suggestionConfidence } from "../core/confidence.js";
import { formatPlatformTime } from "../core/time.js";
import type { BotFlagReport } from "../services/bot-flags.js";
import { reasonLabel, type ChatDecisionRow } from "../services/bot-report.js";
import type { Shop } from "../services/context.js";

/** The decision behind a chat, with the suggestion's confidence against the live FAQ threshold. */
export function presentChatDecision(d: ChatDecisionRow, threshold: number | null) {
  return {
    action: d.action,
    reason: d.reason,
    label: reasonLabel(d.reason),
    message: { text: d.text, at: formatPlatformTime(d.at) },
    faq: d.faqId && d.faqScore !== null ? { id: d.faqId, score: d.faqScore, confident: d.faqConfident, confidence: threshold === null ? null : suggestionConfidence(d.faqScore, threshold) } : null,
  };
}

export function presentBotFlag(r: BotFlagReport, shop: Shop) {
  return {
    id: r.flag.id,
    at: formatPlatformTime(r.flag.createdAt),
    agent: { id: r.flag.agentId, name: shop.agentsById.get(r.flag.agentId)?.name ?? r.flag.agentId },
    platform: r.flag.platform,
    conversation: r.flag.conversation,
    chatId: r.flag.chatId,
    faqId: r.flag.faqId,
    note: r.flag.note,
    answer: { id: r.answer.msgId, at: formatPlatformTime(r.answer.at), text: r.answer.text },
    buyer: r.buyer ? { id: r.buyer.msgId, at: formatPlatformTime(r.buyer.at), text: r.buyer.text } : null,
  };
}
