/**
 * Simulated buyer traffic and its platform envelopes: buyers writing realistic messages drawn
 * at run time from ../shared/data/buyer-messages/ (never copied into the repository), or
 * events replayed from a JSON Lines file in the event format; each message becomes a correctly
 * signed Douyin push, an encrypted Kuaishou push or a TMC message.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseEvent, type ChatEvent, type Platform, type Sender } from "../core/events.js";
import { md5Hex } from "../core/platforms/crypto.js";
import { buildDouyinPush } from "../core/platforms/douyin.js";
import { DEFAULT_DOUYIN_CHAT_TAGS } from "../core/platforms/douyin-mapping.js";
import { encryptKuaishouPush } from "../core/platforms/kuaishou.js";
import { DEFAULT_KUAISHOU_CHAT_EVENTS } from "../core/platforms/kuaishou-mapping.js";
import { DEFAULT_TAOBAO_CHAT_TOPICS } from "../core/platforms/taobao-mapping.js";
import { topTimestamp } from "../core/platforms/taobao/top-sign.js";
import type { FakeTmcMessage } from "./tmc-server.js";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const DEFAULT_UTTERANCES = resolve(REPO, "../shared/data/buyer-messages/jddc-buyer-utterances.tsv");

/** Used only when the data file is absent (with a warning): a handful of typical questions. */
const BUILT_IN = ["在吗", "什么时候发货", "这个有货吗", "可以便宜点吗", "发什么快递", "怎么退货", "尺码偏大还是偏小", "能开发票吗", "我的快递到哪了", "地址写错了可以改吗"];

export interface Utterances {
  phrases: string[];
  source: string;
  warning?: string;
}

/** Buyer messages from the TSV (`session_id<TAB>customer_utterance`, header line first). */
export function loadUtterances(path = DEFAULT_UTTERANCES): Utterances {
  if (!existsSync(path)) {
    return { phrases: BUILT_IN, source: "built-in", warning: `buyer messages not found at ${path}: using ${BUILT_IN.length} built-in phrases` };
  }
  const phrases: string[] = [];
  const lines = readFileSync(path, "utf8").split(/\r?\n/);
  for (const line of lines.slice(1)) {
    const tab = line.indexOf("\t");
    const text = (tab >= 0 ? line.slice(tab + 1) : line).trim();
    // short, single questions read like chat; very long complaints are kept too but rarer
    if (text && text.length <= 200) phrases.push(text);
  }
  if (phrases.length === 0) return { phrases: BUILT_IN, source: "built-in", warning: `no usable lines in ${path}: using built-in phrases` };
  return { phrases, source: path };
}

// The seeded PRNG lives in core (the staffing forecast's simulation uses it too).
export { rng } from "../core/random.js";

export interface SimMessage {
  platform: Platform;
  /** the message's id on the platform (Douyin msg_id, Kuaishou eventId, TMC id) */
  id: string;
  conversation: string;
  at: number;
  from: Sender;
  text?: string;
  agent?: string;
  /** an order notice (kept as a platform record) rather than a chat message */
  order?: boolean;
}

export interface GenerateOptions {
  platforms: Platform[];
  buyers: number;
  messages: number;
  /** epoch ms of the first message */
  startAt: number;
  /** mean gap between messages, ms of platform time */
  meanGapMs: number;
  /** share of messages followed by an order notice */
  orderShare: number;
  random: () => number;
  phrases: string[];
}

let idCounter = 0;
function nextId(platform: Platform, random: () => number): string {
  idCounter++;
  if (platform === "taobao") return String(2_100_000_000_000_000_000n + BigInt(Math.floor(random() * 1e9)) * 1000n + BigInt(idCounter));
  if (platform === "douyin") return `73${Date.now()}${String(idCounter).padStart(5, "0")}`;
  return `ks-ev-${Date.now().toString(36)}-${idCounter}`;
}

/** Buyers writing: each buyer sticks to one platform and sends 1–4 messages in a row. */
export function generateTraffic(o: GenerateOptions): SimMessage[] {
  const buyers = Array.from({ length: o.buyers }, (_, i) => ({ platform: o.platforms[i % o.platforms.length]!, id: `sim-buyer-${i + 1}` }));
  const out: SimMessage[] = [];
  let at = o.startAt;
  while (out.length < o.messages) {
    const b = buyers[Math.floor(o.random() * buyers.length)]!;
    const burst = 1 + Math.floor(o.random() * 3);
    for (let k = 0; k < burst && out.length < o.messages; k++) {
      at += Math.max(200, Math.round(-Math.log(1 - o.random()) * o.meanGapMs));
      out.push({ platform: b.platform, id: nextId(b.platform, o.random), conversation: b.id, at, from: "buyer", text: o.phrases[Math.floor(o.random() * o.phrases.length)]! });
    }
    if (o.random() < o.orderShare) out.push({ platform: b.platform, id: nextId(b.platform, o.random), conversation: b.id, at, from: "system", order: true });
  }
  return out;
}

/** Events of a JSON Lines file (the event format), malformed lines reported and skipped. */
export function readEventsFile(path: string): { messages: SimMessage[]; skipped: { line: number; message: string }[] } {
  const messages: SimMessage[] = [];
  const skipped: { line: number; message: string }[] = [];
  readFileSync(path, "utf8")
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (!line.trim()) return;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        skipped.push({ line: i + 1, message: "not JSON" });
        return;
      }
      const r = parseEvent(raw, { shop: "default" });
      if (!r.ok) {
        skipped.push({ line: i + 1, message: `${r.error.field}: ${r.error.message}` });
        return;
      }
      const e: ChatEvent = r.event;
      if (e.type !== "message") {
        skipped.push({ line: i + 1, message: "assigned events have no platform push" });
        return;
      }
      messages.push({ platform: e.platform, id: e.id, conversation: e.conversation, at: e.at, from: e.from, ...(e.text ? { text: e.text } : {}), ...(e.agent ? { agent: e.agent } : {}) });
    });
  messages.sort((a, b) => a.at - b.at);
  return { messages, skipped };
}

// --- envelopes ------------------------------------------------------------------------

const ROLE: Record<Platform, Partial<Record<Sender, string>>> = {
  douyin: { buyer: "buyer", human: "shop", bot: "robot", system: "system" },
  kuaishou: { buyer: "1", human: "2", bot: "3", system: "system" },
  taobao: { buyer: "buyer", human: "seller", bot: "bot", system: "system", staff: "staff", internal: "internal" },
};

export interface SimCredentials {
  douyin: { appKey: string; appSecret: string };
  kuaishou: { appKey: string; msgKey: string; signSecret: string; accessToken: string };
  taobao: { appKey: string; appSecret: string };
}

/** A signed Douyin batch for these messages. */
export function douyinEnvelope(creds: SimCredentials["douyin"], batch: SimMessage[]): { body: string; headers: Record<string, string> } {
  return buildDouyinPush(
    creds,
    batch.map((m) =>
      m.order
        ? { tag: "101", msg_id: m.id, data: { p_id: `69${m.id.slice(-15)}`, buyer_id: m.conversation, pay_time: Math.floor(m.at / 1000) } }
        : {
            tag: DEFAULT_DOUYIN_CHAT_TAGS[0]!,
            msg_id: m.id,
            data: { conversation_id: m.conversation, create_time: Math.floor(m.at / 1000), content: m.text ?? "", sender_role: ROLE.douyin[m.from] ?? m.from, ...(m.agent ? { cs_id: m.agent } : {}) },
          },
    ),
  );
}

/** An encrypted Kuaishou push (Base64 text body). */
export function kuaishouEnvelope(creds: SimCredentials["kuaishou"], m: SimMessage): Promise<string> {
  const info = m.order
    ? { oid: `21${m.id.replace(/\D/g, "").slice(-14)}`, buyerOpenId: m.conversation, updateTime: m.at }
    : { buyerOpenId: m.conversation, sendTime: m.at, text: m.text ?? "", fromRole: ROLE.kuaishou[m.from] ?? m.from, ...(m.agent ? { csId: m.agent } : {}) };
  return encryptKuaishouPush(
    JSON.stringify({
      eventId: m.id,
      bizId: m.id,
      userId: "10001",
      openId: "sim-seller-open-id",
      appKey: creds.appKey,
      event: m.order ? "kwaishop_order_paySuccess" : DEFAULT_KUAISHOU_CHAT_EVENTS[0]!,
      info: JSON.stringify(info),
      createTime: m.at,
      test: false,
    }),
    creds.msgKey,
  );
}

/** TMC ids are int64: digits are kept, any other id (a replayed file) becomes a stable 60-bit hash. */
export function tmcId(id: string): bigint {
  return /^\d{1,19}$/.test(id) && BigInt(id) < 2n ** 63n ? BigInt(id) : BigInt(`0x${md5Hex(id).slice(0, 15)}`);
}

/** A TMC message (published by the local TMC server). */
export function taobaoEnvelope(m: SimMessage): FakeTmcMessage {
  const content = m.order
    ? { tid: m.id.slice(-12), buyer_nick: m.conversation, created: topTimestamp(m.at) }
    : { buyer_nick: m.conversation, send_time: topTimestamp(m.at), content: m.text ?? "", from_role: ROLE.taobao[m.from] ?? m.from, ...(m.agent ? { to_nick: m.agent } : {}) };
  return {
    id: tmcId(m.id),
    topic: m.order ? "taobao_trade_TradeBuyerPay" : DEFAULT_TAOBAO_CHAT_TOPICS[0]!,
    content: JSON.stringify(content),
    time: new Date(m.at),
    nick: "模拟旗舰店",
  };
}
