/**
 * The engine behind the per-platform chat mappings (douyin-mapping.ts, kuaishou-mapping.ts,
 * taobao-mapping.ts). A mapping is data: for each field of our event format, the candidate
 * paths in the platform's message data, tried in order. The result is validated by the same
 * parseEvent as the generic webhook, so a mapped event is exactly as strict as a posted one.
 */
import { type ChatEvent, type Platform, type Sender, SENDERS, parseEvent, parseInstant } from "../events.js";
import { SHANGHAI_OFFSET_MS } from "../time.js";
import type { PlatformRecord, PushItem, RecordCategory } from "./types.js";

export interface ChatFieldMapping {
  /** the platform's own message id inside the data; kept as `platformMessageId` (the event id is the push's de-dup key) */
  messageId: string[];
  /** the conversation: usually the buyer's id */
  conversation: string[];
  /** when the message was sent: seconds or ms since the epoch, ISO 8601 with offset, or `YYYY-MM-DD HH:MM:SS` (platform time) */
  at: string[];
  /** who wrote it; the value is looked up in `fromValues` */
  from: string[];
  /** platform value (as a string) → our `from`; unknown values make the push unmappable */
  fromValues: Record<string, Sender>;
  /** when no `from` path is present */
  defaultFrom: Sender;
  text: string[];
  /** the shop's sub-account the buyer talks to, or the agent who wrote */
  agent: string[];
  /** a buyer display name to keep (used to address replies on some platforms) */
  buyerNick?: string[];
}

/** Reads `a.b.c` from nested objects; a string that holds JSON is looked into as well. */
export function getPath(data: unknown, path: string): unknown {
  let cur: unknown = data;
  for (const key of path.split(".")) {
    if (typeof cur === "string" && /^\s*[{[]/.test(cur)) cur = tryJson(cur);
    if (typeof cur !== "object" || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

export function firstPresent(data: unknown, paths: string[]): unknown {
  for (const p of paths) {
    const v = getPath(data, p);
    if (v !== undefined && v !== null && v !== "") return v;
  }
  return undefined;
}

/**
 * JSON.parse that keeps integers beyond 2^53 exact: they become strings. Platform ids (TMC
 * message ids, Douyin order ids like 6912345678901234567) do not survive as JS numbers.
 */
export function parseJsonExact(text: string): unknown {
  return JSON.parse(quoteBigIntegers(text)) as unknown;
}

/** Undefined instead of an exception (and big integers kept exact, see parseJsonExact). */
export function tryJson(s: string): unknown {
  try {
    return parseJsonExact(s);
  } catch {
    return undefined;
  }
}

/** Wraps integer literals of 16+ digits that stand outside strings in quotes. */
export function quoteBigIntegers(text: string): string {
  let out = "";
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      let j = i + 1;
      while (j < text.length && /[0-9.eE+-]/.test(text[j]!)) j++;
      const token = text.slice(i, j);
      if (/^-?\d{16,}$/.test(token) && !Number.isSafeInteger(Number(token))) {
        out += text.slice(last, i) + '"' + token + '"';
        last = j;
      }
      i = j - 1;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

const LOCAL_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/;

/**
 * Instants as the platforms write them: epoch seconds (Douyin), epoch ms (Kuaishou),
 * `YYYY-MM-DD HH:MM:SS` in platform time (Taobao), or ISO 8601 with an offset.
 */
export function parsePlatformInstant(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) {
    if (v > 0 && v < 1e11) return parseInstant(Math.round(v * 1000));
    return parseInstant(Math.round(v));
  }
  if (typeof v === "string") {
    const s = v.trim();
    if (/^\d{9,10}$/.test(s)) return parsePlatformInstant(Number(s));
    const m = LOCAL_DATETIME.exec(s);
    if (m) {
      const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, m[7] ? +m[7].padEnd(3, "0") : 0) - SHANGHAI_OFFSET_MS;
      return parseInstant(ms);
    }
    return parseInstant(s);
  }
  if (v instanceof Date) return parseInstant(v.getTime());
  return undefined;
}

function asIdString(v: unknown): string | undefined {
  if (typeof v === "string" && v !== "") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v === "bigint") return v.toString();
  return undefined;
}

export interface MapChatInput {
  platform: Platform;
  shop: string;
  /** the push's de-dup key: becomes the event id */
  id: string;
  /** the message data (parsed object) */
  data: unknown;
  /** fallback when the data has no time: the envelope's time, else the receipt time */
  fallbackAt: number;
  /** extra fields to keep on the event (tag, topic …) */
  extra?: Record<string, unknown>;
}

export type MapChatResult = { ok: true; event: ChatEvent } | { ok: false; problem: string };

export function mapChat(mapping: ChatFieldMapping, input: MapChatInput): MapChatResult {
  const { data } = input;
  if (typeof data !== "object" || data === null) return { ok: false, problem: "the message data is not a JSON object" };
  const conversation = asIdString(firstPresent(data, mapping.conversation));
  if (!conversation) return { ok: false, problem: `no conversation in any of: ${mapping.conversation.join(", ")}` };

  const rawAt = firstPresent(data, mapping.at);
  const at = rawAt === undefined ? input.fallbackAt : parsePlatformInstant(rawAt);
  if (at === undefined) return { ok: false, problem: `unreadable time ${JSON.stringify(rawAt)}` };

  const rawFrom = firstPresent(data, mapping.from);
  let from: Sender = mapping.defaultFrom;
  if (rawFrom !== undefined) {
    const key = String(rawFrom);
    const mapped = mapping.fromValues[key] ?? mapping.fromValues[key.toLowerCase()] ?? ((SENDERS as readonly string[]).includes(key) ? (key as Sender) : undefined);
    if (!mapped) return { ok: false, problem: `unknown sender value ${JSON.stringify(rawFrom)}` };
    from = mapped;
  }

  const raw: Record<string, unknown> = {
    ...input.extra,
    id: input.id,
    platform: input.platform,
    shop: input.shop,
    conversation,
    at,
    from,
  };
  const text = firstPresent(data, mapping.text);
  if (typeof text === "string") raw.text = text;
  else if (typeof text === "number") raw.text = String(text);
  const agent = asIdString(firstPresent(data, mapping.agent));
  if (agent && from !== "bot") raw.agent = agent;
  if (from === "bot") {
    raw.bot = "autoreply"; // the platform's own canned auto-reply (docs/compliance-rules.md)
    raw.mode = "auto";
  }
  const messageId = asIdString(firstPresent(data, mapping.messageId));
  if (messageId && messageId !== input.id) raw.platformMessageId = messageId;
  if (mapping.buyerNick) {
    const nick = asIdString(firstPresent(data, mapping.buyerNick));
    if (nick) raw.buyerNick = nick;
  }
  const parsed = parseEvent(raw);
  if (!parsed.ok) return { ok: false, problem: `${parsed.error.field}: ${parsed.error.message}` };
  return { ok: true, event: parsed.event };
}

/** Epoch ms of a record's time when the data carries one. */
export function recordInstant(data: unknown, paths: string[]): number | undefined {
  const v = firstPresent(data, paths);
  return v === undefined ? undefined : parsePlatformInstant(v);
}

export function recordString(data: unknown, paths: string[]): string | undefined {
  return asIdString(firstPresent(data, paths));
}

// ---------------------------------------------------------------------------------------
// One push item → a chat event or a kept record: the same for every platform; each platform
// says only which names are chat and where its fields are (the *-mapping.ts files).

export interface RecordFieldPaths {
  orderId: string[];
  buyer: string[];
  at: string[];
}

export interface PushMapping {
  platform: Platform;
  /** the configured chat names (tags, events, topics), else the platform's defaults */
  chatNames: ReadonlySet<string>;
  chatFields: ChatFieldMapping;
  recordFields: RecordFieldPaths;
  category(kind: string): RecordCategory;
  /** the event field that keeps the push's kind, e.g. `douyinTag` */
  kindField: string;
}

export interface RawPush {
  shop: string;
  /** the platform's de-duplication key */
  id: string;
  /** Douyin tag, Kuaishou event, Taobao topic */
  kind: string;
  data: unknown;
  /** the envelope's time, when it has one */
  at?: number;
  receivedAt: number;
}

/** The configured names when there are any, else the defaults. */
export function chatNameSet(configured: readonly string[] | undefined, defaults: readonly string[]): ReadonlySet<string> {
  return new Set(configured && configured.length > 0 ? configured : defaults);
}

export function mapPush(m: PushMapping, p: RawPush): PushItem {
  const base = { platform: m.platform, shop: p.shop, id: p.id, kind: p.kind, payload: p.data };
  if (m.chatNames.has(p.kind)) {
    const r = mapChat(m.chatFields, { platform: m.platform, shop: p.shop, id: p.id, data: p.data, fallbackAt: p.at ?? p.receivedAt, extra: { [m.kindField]: p.kind } });
    if (r.ok) return { kind: "chat", event: r.event };
    return { kind: "record", record: { ...base, category: "chat-unmapped", problem: r.problem } };
  }
  const record: PlatformRecord = { ...base, category: m.category(p.kind) };
  const at = recordInstant(p.data, m.recordFields.at) ?? p.at;
  if (at !== undefined) record.at = at;
  const orderId = recordString(p.data, m.recordFields.orderId);
  if (orderId) record.orderId = orderId;
  const buyer = recordString(p.data, m.recordFields.buyer);
  if (buyer) record.buyer = buyer;
  return { kind: "record", record };
}
