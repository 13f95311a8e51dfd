/**
 * Simulated buyer traffic: buyers writing realistic messages drawn at run time from
 * ../shared/data/buyer-messages/ (never copied into the repository), or events replayed from a
 * JSON Lines file in the event format. Each platform writes its own message ids and envelopes
 * (a signed Douyin push, an encrypted Kuaishou push, a TMC message) in its folder:
 * `simulator` of src/platforms/<id>/.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseEvent, type ChatEvent, type Platform, type Sender } from "../core/events.js";
import { PLATFORM_REGISTRY } from "../platforms/registry.js";
import type { PlatformModule } from "../platforms/types.js";

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

/** Buyers writing: each buyer sticks to one platform and sends 1–4 messages in a row; each platform writes its own ids. */
export function generateTraffic(o: GenerateOptions, registry: readonly PlatformModule[] = PLATFORM_REGISTRY): SimMessage[] {
  const traffic = new Map(registry.map((p) => [p.id, p.simulator]));
  const nextId = (platform: Platform, random: () => number) => {
    const sim = traffic.get(platform);
    if (!sim) throw new Error(`no simulator traffic for platform "${platform}"`);
    return sim.messageId(random, ++idCounter);
  };
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
