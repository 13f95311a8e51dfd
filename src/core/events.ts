/**
 * The event format of docs/compliance-rules.md ("The event format"): one JSON object per
 * message. Used by the generic webhook, chat-log import, the `report` CLI and the store.
 */
import { PLATFORM_REGISTRY, type RegisteredPlatform } from "../platforms/registry.js";

/** A platform of the registry (src/platforms/registry.ts): taobao, douyin, kuaishou. */
export type Platform = RegisteredPlatform;

let ids: readonly Platform[] | undefined;
/**
 * The platforms' ids, in the registry's order. Read when asked, not when this module loads:
 * the registry's own modules import this one, so it may not have finished loading yet.
 */
export function platformIds(): readonly Platform[] {
  ids ??= PLATFORM_REGISTRY.map((p) => p.id as Platform);
  return ids;
}

export const SENDERS = ["buyer", "human", "bot", "internal", "staff", "system"] as const;
export type Sender = (typeof SENDERS)[number];

export const EVENT_TYPES = ["message", "assigned"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const BOT_MODES = ["assist", "auto"] as const;
export type BotMode = (typeof BOT_MODES)[number];

export interface ChatEvent {
  /** the platform's message id, unique per platform + shop */
  id: string;
  platform: Platform;
  shop: string;
  conversation: string;
  /** epoch milliseconds */
  at: number;
  from: Sender;
  type: EventType;
  agent?: string;
  bot?: string;
  mode?: BotMode;
  text?: string;
  /** unknown fields: kept, never interpreted */
  extra?: Record<string, unknown>;
}

export interface EventFieldError {
  field: string;
  message: string;
}

export type ParseResult = { ok: true; event: ChatEvent } | { ok: false; error: EventFieldError };

const KNOWN = new Set(["id", "platform", "shop", "conversation", "at", "from", "agent", "bot", "mode", "type", "text"]);
const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Bounds of what one event may carry. Unknown fields are kept verbatim, so without bounds one
 * event could hold a structure nested thousands deep (JSON.stringify then overflows the stack
 * and the whole batch fails on every retry) or megabytes of data nobody reads.
 */
export const EVENT_LIMITS = {
  /** characters of `text`: a chat message is a few hundred at most */
  textChars: 10_000,
  /** characters of `id`, `shop`, `conversation`, `agent`, `bot` */
  idChars: 256,
  /** nesting of an unknown field's value (a plain value is depth 0) */
  extraDepth: 16,
  /** values (objects, arrays and leaves) in all unknown fields together */
  extraValues: 1_000,
  /** characters of all unknown fields as JSON */
  extraChars: 16_384,
} as const;
/** Epoch ms between 2000 and 2100: catches seconds passed where milliseconds are meant. */
const MIN_MS = 946_684_800_000;
const MAX_MS = 4_102_444_800_000;

function fail(field: string, message: string): ParseResult {
  return { ok: false, error: { field, message } };
}

function isOneOf<T extends string>(list: readonly T[], v: unknown): v is T {
  return typeof v === "string" && (list as readonly string[]).includes(v);
}

/**
 * `at` as epoch ms: ISO 8601 with an offset, or epoch milliseconds (number or digit string),
 * between 2000 and 2100. The date must exist: Date.parse would take 2026-02-30 as 2 March.
 */
export function parseInstant(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isInteger(v) && v >= MIN_MS && v < MAX_MS ? v : undefined;
  if (typeof v !== "string") return undefined;
  if (/^\d{12,14}$/.test(v)) return parseInstant(Number(v));
  const m = ISO_WITH_OFFSET.exec(v);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[7] ?? "0"].map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) || ms < MIN_MS || ms >= MAX_MS ? undefined : ms;
}

/** How far an event's `at` may stray from the receiving server's clock (see ParseDefaults.window). */
export interface TimeWindow {
  now: number;
  /** oldest accepted: now − maxAgeMs */
  maxAgeMs: number;
  /** latest accepted: now + maxAheadMs (platform and server clocks are never quite equal) */
  maxAheadMs: number;
}

/** Why `at` lies outside the window, or undefined when inside (edges included). */
export function outsideWindow(at: number, w: TimeWindow): string | undefined {
  if (at > w.now + w.maxAheadMs) return `at is ${Math.round((at - w.now) / 1000)} s ahead of the server clock (at most ${Math.round(w.maxAheadMs / 1000)} s accepted)`;
  if (at < w.now - w.maxAgeMs) return `at is older than ${Math.round(w.maxAgeMs / 86_400_000)} days (the oldest accepted)`;
  return undefined;
}

/**
 * Names the first unknown field that exceeds EVENT_LIMITS. Iterative: a value nested
 * thousands deep is measured without recursion, so it cannot overflow the stack.
 */
export function checkExtra(extra: Record<string, unknown>): EventFieldError | undefined {
  let values = 0;
  for (const [field, value] of Object.entries(extra)) {
    const stack: [unknown, number][] = [[value, 0]];
    while (stack.length) {
      const [v, depth] = stack.pop()!;
      if (++values > EVENT_LIMITS.extraValues) return { field, message: `unknown fields hold more than ${EVENT_LIMITS.extraValues} values (at ${field})` };
      if (typeof v !== "object" || v === null) continue;
      if (depth >= EVENT_LIMITS.extraDepth) return { field, message: `${field} is nested deeper than ${EVENT_LIMITS.extraDepth} levels` };
      for (const child of Object.values(v)) stack.push([child, depth + 1]);
    }
  }
  // depth and count are bounded now, so stringifying is safe
  const chars = JSON.stringify(extra).length;
  if (chars > EVENT_LIMITS.extraChars) {
    const largest = Object.entries(extra).reduce((a, b) => (JSON.stringify(b[1] ?? null).length > JSON.stringify(a[1] ?? null).length ? b : a));
    return { field: largest[0], message: `unknown fields are ${chars} characters as JSON, more than ${EVENT_LIMITS.extraChars} (largest: ${largest[0]})` };
  }
  return undefined;
}

/**
 * A number is taken as an id only when it is exact: 12345678901234567891 parsed by JSON.parse
 * is the same double as …890, and the second message would be dropped as a duplicate.
 */
function numberAsId(field: string, v: number): string | EventFieldError {
  if (Number.isSafeInteger(v)) return String(v);
  return { field, message: `${field} ${v} is not an exact integer (beyond 2^53 a JSON number loses digits): send it as a string` };
}

function bounded(field: string, v: string, max: number): string | EventFieldError {
  return v.length > max ? { field, message: `${field} is longer than ${max} characters (${v.length})` } : v;
}

function optionalString(raw: Record<string, unknown>, field: string): string | undefined | EventFieldError {
  const v = raw[field];
  if (v === undefined || v === null) return undefined;
  const max = field === "text" ? EVENT_LIMITS.textChars : EVENT_LIMITS.idChars;
  if (typeof v === "string") return bounded(field, v, max);
  if (typeof v === "number" && field !== "text") return numberAsId(field, v);
  return { field, message: `${field} must be a string` };
}

function idLike(raw: Record<string, unknown>, field: string): string | EventFieldError {
  const v = raw[field];
  if (v === undefined || v === null || v === "") return { field, message: `${field} is required` };
  if (typeof v === "string") return bounded(field, v, EVENT_LIMITS.idChars);
  if (typeof v === "number") return numberAsId(field, v);
  return { field, message: `${field} must be a string` };
}

function isError(v: unknown): v is EventFieldError {
  return typeof v === "object" && v !== null && "field" in v && "message" in v;
}

export interface ParseDefaults {
  /** fills a missing `shop` (the webhook's path names the shop) */
  shop?: string;
  /** live intake: `at` must lie within this window around the server's clock (imports of old logs pass none) */
  window?: TimeWindow;
}

/** Validates one event; names the first field that is wrong. */
export function parseEvent(raw: unknown, defaults: ParseDefaults = {}): ParseResult {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return fail("(event)", "an event must be a JSON object");
  const r = raw as Record<string, unknown>;

  const id = idLike(r, "id");
  if (isError(id)) return { ok: false, error: id };
  if (!isOneOf(platformIds(), r.platform)) {
    return fail("platform", r.platform === undefined ? "platform is required" : `platform must be one of ${platformIds().join(", ")}`);
  }
  const shopRaw = r.shop === undefined || r.shop === null ? defaults.shop : r.shop;
  const shop = idLike({ shop: shopRaw }, "shop");
  if (isError(shop)) return { ok: false, error: shop };
  const conversation = idLike(r, "conversation");
  if (isError(conversation)) return { ok: false, error: conversation };
  if (r.at === undefined || r.at === null) return fail("at", "at is required");
  const at = parseInstant(r.at);
  if (at === undefined) return fail("at", "at must be ISO 8601 with an offset (2026-01-07T10:10:15+08:00) or epoch milliseconds, a real date between 2000 and 2100");
  const stray = defaults.window && outsideWindow(at, defaults.window);
  if (stray) return fail("at", stray);
  if (!isOneOf(SENDERS, r.from)) {
    return fail("from", r.from === undefined ? "from is required" : `from must be one of ${SENDERS.join(", ")}`);
  }
  const type = r.type === undefined || r.type === null ? "message" : r.type;
  if (!isOneOf(EVENT_TYPES, type)) return fail("type", `type must be one of ${EVENT_TYPES.join(", ")}`);

  const event: ChatEvent = { id, platform: r.platform, shop, conversation, at, from: r.from, type };
  for (const field of ["agent", "bot", "text"] as const) {
    const v = optionalString(r, field);
    if (isError(v)) return { ok: false, error: v };
    if (v !== undefined) event[field] = v;
  }
  if (r.mode !== undefined && r.mode !== null) {
    if (!isOneOf(BOT_MODES, r.mode)) return fail("mode", `mode must be one of ${BOT_MODES.join(", ")}`);
    event.mode = r.mode;
  }
  if (type === "assigned" && !event.agent) return fail("agent", "an assigned event needs the agent whose list the conversation entered");

  const extra: Record<string, unknown> = {};
  let hasExtra = false;
  for (const [k, v] of Object.entries(r)) {
    if (!KNOWN.has(k)) {
      extra[k] = v;
      hasExtra = true;
    }
  }
  if (hasExtra) {
    const tooBig = checkExtra(extra);
    if (tooBig) return { ok: false, error: tooBig };
    event.extra = extra;
  }
  return { ok: true, event };
}

/** The shape written to JSON Lines files: `at` back as ISO with +08:00. */
export function eventToJson(e: ChatEvent): Record<string, unknown> {
  const out: Record<string, unknown> = { ...e.extra, id: e.id, platform: e.platform, shop: e.shop, conversation: e.conversation };
  out.at = new Date(e.at + 8 * 3600_000).toISOString().replace("Z", "+08:00");
  out.from = e.from;
  if (e.type !== "message") out.type = e.type;
  for (const k of ["agent", "bot", "mode", "text"] as const) if (e[k] !== undefined) out[k] = e[k];
  return out;
}
