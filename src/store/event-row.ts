/**
 * A chat event as the events table stores it: the one mapping the live intake and the tests
 * that seed a database use (unknown fields kept as JSON in `extra`).
 */
import type { ChatEvent } from "../core/events.js";

export function eventRow(e: ChatEvent, receivedAt: number) {
  return {
    shop: e.shop,
    platform: e.platform,
    msgId: e.id,
    conversation: e.conversation,
    at: e.at,
    from: e.from,
    type: e.type,
    agent: e.agent ?? null,
    bot: e.bot ?? null,
    mode: e.mode ?? null,
    text: e.text ?? null,
    extra: e.extra ? JSON.stringify(e.extra) : null,
    receivedAt,
  };
}
