/**
 * A chat event as the events table stores it: the one mapping every writer of events uses —
 * the live intake (services/ingest.ts), our replies (services/replies.ts: an image or card kept
 * as `extra`, as an inbound one is), the `assigned` events (services/chats.ts) and the tests
 * that seed a database (unknown fields kept as JSON in `extra`) — and its way back.
 */
import type { ChatEvent, Platform } from "../core/events.js";

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

/** The columns a stored event needs to be a ChatEvent again (its text and extra fields are optional). */
export interface EventRowFields {
  msgId: string;
  platform: string;
  shop: string;
  conversation: string;
  at: number;
  from: string;
  type: string;
  agent: string | null;
  bot: string | null;
  mode: string | null;
}

/**
 * A stored event back as the ChatEvent it was (eventRow's inverse, without text and extra: the
 * readers that fold events by rule need neither). The table holds only what the intake
 * validated, so the columns' strings are the event format's values.
 */
export function chatEventOfRow(r: EventRowFields): ChatEvent {
  return {
    id: r.msgId,
    platform: r.platform as Platform,
    shop: r.shop,
    conversation: r.conversation,
    at: r.at,
    from: r.from as ChatEvent["from"],
    type: r.type as ChatEvent["type"],
    ...(r.agent ? { agent: r.agent } : {}),
    ...(r.bot ? { bot: r.bot } : {}),
    ...(r.mode ? { mode: r.mode as ChatEvent["mode"] } : {}),
  };
}
