/** JSON shapes of the agent and admin APIs (times as ISO 8601 in platform time). */
import { checkExtra } from "../core/events.js";
import { messageContent, type MessageCard } from "../core/message-content.js";
import { remindAtMs } from "../core/reminders.js";
import { formatPlatformTime } from "../core/time.js";
import type { ChatRow } from "../services/chats.js";
import type { events } from "../store/schema/index.js";

const iso = (ms: number | null | undefined) => (ms == null ? null : formatPlatformTime(ms));

export function presentChat(chat: ChatRow, now: number) {
  return {
    id: chat.id,
    platform: chat.platform,
    conversation: chat.conversation,
    /** the buyer's nickname where the platform gave one */
    buyerNick: chat.buyerNick ?? null,
    status: chat.status,
    agent: chat.agentId,
    pendingSince: iso(chat.pendingSince),
    deadlineAt: iso(chat.deadlineAt),
    /** negative once the deadline has passed */
    secondsLeft: chat.deadlineAt == null ? null : Math.floor((chat.deadlineAt - now) / 1000),
    clockRuns: chat.clockRuns,
    /** the slow-reply reminder (core/reminders.ts): only where the clock counts */
    remindAt: chat.clockRuns && chat.deadlineAt != null ? iso(remindAtMs(chat.deadlineAt, chat.firstAssessedAt ?? chat.pendingSince ?? chat.deadlineAt)) : null,
    escalated: chat.escalatedFor !== null && chat.escalatedFor === chat.deadlineAt,
    lastMessage: chat.lastText,
    lastMessageAt: iso(chat.lastBuyerAt),
    suggestion: chat.suggestion ? { faqId: chat.suggestionFaqId, answer: chat.suggestion } : null,
  };
}

/** One stored message as the APIs answer it (the contracts' StoredMessage, with its image and cards). */
export type PresentedMessage = ReturnType<typeof presentEvent>;

export function presentEvent(e: typeof events.$inferSelect) {
  const stored = storedExtra(e.extra);
  return {
    id: e.msgId,
    at: iso(e.at),
    from: e.from,
    type: e.type,
    agent: e.agent,
    bot: e.bot,
    mode: e.mode,
    text: e.text,
    ...stored,
    ...contentOf(stored.extra),
  };
}

/** An image and order / goods / logistics cards read from the unknown fields (core/message-content.ts); also a reply's outbox payload. */
export function contentOf(extra: unknown): { image?: { url: string }; cards?: MessageCard[] } {
  if (extra === undefined) return {};
  const { image, cards } = messageContent(extra);
  return { ...(image ? { image } : {}), ...(cards.length ? { cards } : {}) };
}

/**
 * Unknown fields as stored. Rows written before the intake limits (src/core/events.ts) may hold
 * a value nested thousands deep that would overflow JSON.stringify of the answer: such a value is
 * left out and said so, the message itself is still shown.
 */
function storedExtra(raw: string | null): { extra?: unknown; extraOmitted?: string } {
  if (!raw) return {};
  let extra: unknown;
  try {
    extra = JSON.parse(raw);
  } catch {
    return { extraOmitted: "stored unknown fields are not JSON" };
  }
  if (typeof extra !== "object" || extra === null || Array.isArray(extra)) return { extra };
  const tooBig = checkExtra(extra as Record<string, unknown>);
  return tooBig ? { extraOmitted: tooBig.message } : { extra };
}
