/**
 * TMC messages, whichever way they arrive (WebSocket SEND frame or the HTTP fallback
 * `taobao.tmc.messages.consume`), and their mapping to chat events or platform records.
 * De-duplication key: the TMC message `id` (TMC delivers at least once until confirmed).
 */
import { mapChat, parsePlatformInstant, recordInstant, recordString, tryJson } from "../mapping.js";
import { DEFAULT_TAOBAO_CHAT_TOPICS, TAOBAO_CHAT_FIELDS, TAOBAO_RECORD_FIELDS, taobaoTopicCategory } from "../taobao-mapping.js";
import type { PushItem } from "../types.js";
import { type TmcFrame, TmcKind, TmcMessageType, tmcInt, tmcText } from "./tmc-frames.js";

export interface TaobaoTmcMessage {
  /** TMC message id (int64 on the wire), as text */
  id: string;
  topic: string;
  /** `content` as received (JSON text) */
  content: string;
  /** `content` parsed */
  parsed: unknown;
  /** epoch ms of publication */
  time?: number;
  /** the seller's nick */
  nick?: string;
  userId?: string;
}

/** A SEND frame that carries a message (not a pull or confirm), as a TaobaoTmcMessage. */
export function tmcMessageFromFrame(frame: TmcFrame): TaobaoTmcMessage | undefined {
  if (frame.messageType !== TmcMessageType.SEND) return undefined;
  const c = frame.content;
  const kind = tmcInt(c.__kind);
  if (kind === TmcKind.PULL_REQUEST || kind === TmcKind.CONFIRM || kind === TmcKind.FAILED) return undefined;
  const id = tmcText(c.id);
  const topic = tmcText(c.topic);
  if (!id || !topic) return undefined;
  const content = tmcText(c.content) ?? "";
  const msg: TaobaoTmcMessage = { id, topic, content, parsed: tryJson(content) ?? content };
  const time = c.time instanceof Date ? c.time.getTime() : parsePlatformInstant(tmcText(c.time));
  if (time !== undefined) msg.time = time;
  const nick = tmcText(c.nick);
  if (nick) msg.nick = nick;
  const userId = tmcText(c.userid ?? c.user_id);
  if (userId) msg.userId = userId;
  return msg;
}

/** Messages of a `taobao.tmc.messages.consume` answer body (`tmc_messages_consume_response`). */
export function tmcMessagesFromConsume(inner: Record<string, unknown>): TaobaoTmcMessage[] {
  const list = (inner.messages as Record<string, unknown> | undefined)?.tmc_message;
  if (!Array.isArray(list)) return [];
  const out: TaobaoTmcMessage[] = [];
  for (const m of list as Record<string, unknown>[]) {
    const id = m.id === undefined || m.id === null ? undefined : String(m.id);
    const topic = typeof m.topic === "string" ? m.topic : undefined;
    if (!id || !topic) continue;
    const content = typeof m.content === "string" ? m.content : JSON.stringify(m.content ?? null);
    const msg: TaobaoTmcMessage = { id, topic, content, parsed: tryJson(content) ?? content };
    const time = parsePlatformInstant(m.pub_time);
    if (time !== undefined) msg.time = time;
    if (typeof m.user_nick === "string") msg.nick = m.user_nick;
    if (m.user_id !== undefined && m.user_id !== null) msg.userId = String(m.user_id);
    out.push(msg);
  }
  return out;
}

export interface MapTaobaoOptions {
  shop: string;
  chatTopics?: readonly string[];
  receivedAt: number;
}

export function mapTaobaoMessage(m: TaobaoTmcMessage, opts: MapTaobaoOptions): PushItem {
  const chatTopics = new Set(opts.chatTopics && opts.chatTopics.length > 0 ? opts.chatTopics : DEFAULT_TAOBAO_CHAT_TOPICS);
  if (chatTopics.has(m.topic)) {
    const r = mapChat(TAOBAO_CHAT_FIELDS, {
      platform: "taobao",
      shop: opts.shop,
      id: m.id,
      data: m.parsed,
      fallbackAt: m.time ?? opts.receivedAt,
      extra: { taobaoTopic: m.topic },
    });
    if (r.ok) return { kind: "chat", event: r.event };
    return { kind: "record", record: { platform: "taobao", shop: opts.shop, id: m.id, kind: m.topic, category: "chat-unmapped", payload: m.parsed, problem: r.problem } };
  }
  const record: PushItem & { kind: "record" } = {
    kind: "record",
    record: { platform: "taobao", shop: opts.shop, id: m.id, kind: m.topic, category: taobaoTopicCategory(m.topic), payload: m.parsed },
  };
  const at = recordInstant(m.parsed, TAOBAO_RECORD_FIELDS.at) ?? m.time;
  if (at !== undefined) record.record.at = at;
  const orderId = recordString(m.parsed, TAOBAO_RECORD_FIELDS.orderId);
  if (orderId) record.record.orderId = orderId;
  const buyer = recordString(m.parsed, TAOBAO_RECORD_FIELDS.buyer);
  if (buyer) record.record.buyer = buyer;
  return record;
}
