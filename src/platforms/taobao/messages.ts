/**
 * TMC messages, whichever way they arrive (WebSocket SEND frame or the HTTP fallback
 * `taobao.tmc.messages.consume`), and their mapping to chat events or platform records.
 * De-duplication key: the TMC message `id` (TMC delivers at least once until confirmed).
 */
import { chatNameSet, mapPush, parsePlatformInstant, tryJson } from "../../core/platforms/mapping.js";
import { DEFAULT_TAOBAO_CHAT_TOPICS, TAOBAO_CHAT_FIELDS, TAOBAO_RECORD_FIELDS, taobaoTopicCategory } from "./mapping.js";
import type { PushItem } from "../../core/platforms/types.js";
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
  const mapping = {
    platform: "taobao" as const,
    chatNames: chatNameSet(opts.chatTopics, DEFAULT_TAOBAO_CHAT_TOPICS),
    chatFields: TAOBAO_CHAT_FIELDS,
    recordFields: TAOBAO_RECORD_FIELDS,
    category: taobaoTopicCategory,
    kindField: "taobaoTopic",
  };
  return mapPush(mapping, { shop: opts.shop, id: m.id, kind: m.topic, data: m.parsed, at: m.time, receivedAt: opts.receivedAt });
}
