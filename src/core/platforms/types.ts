/**
 * What a platform push turns into: chat messages in our event format (they go through the
 * same ingest pipeline as the generic webhook), or platform records: order, refund and
 * other notices that are acknowledged and kept (order context helps agents) but never
 * decided on. See docs/platforms.md.
 */
import type { ChatEvent, Platform } from "../events.js";

export type RecordCategory = "order" | "refund" | "chat-unmapped" | "other";

export interface PlatformRecord {
  platform: Platform;
  shop: string;
  /** the platform's de-duplication key: Douyin `msg_id`, Kuaishou `eventId`, Taobao TMC `id` */
  id: string;
  /** Douyin tag, Kuaishou event name, Taobao topic */
  kind: string;
  category: RecordCategory;
  /** epoch ms, when the platform says when it happened */
  at?: number;
  /** the buyer, when the push names one */
  buyer?: string;
  /** the order (parent order) the notice is about, when it names one */
  orderId?: string;
  /** the notice's data, parsed when it is JSON text, else the raw text */
  payload: unknown;
  /** why a push of a chat kind could not be mapped to a chat event */
  problem?: string;
}

export type PushItem = { kind: "chat"; event: ChatEvent } | { kind: "record"; record: PlatformRecord };

/** Splits mapped items for the ingest service and the record store. */
export function splitItems(items: PushItem[]): { events: ChatEvent[]; records: PlatformRecord[] } {
  const events: ChatEvent[] = [];
  const records: PlatformRecord[] = [];
  for (const it of items) {
    if (it.kind === "chat") events.push(it.event);
    else records.push(it.record);
  }
  return { events, records };
}
