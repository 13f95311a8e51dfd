/**
 * The event format of docs/compliance-rules.md ("The event format"): one JSON object per
 * message. Used by the generic webhook, chat-log import, the `report` CLI and the store.
 */
export const PLATFORMS = ["taobao", "douyin", "kuaishou"] as const;
export type Platform = (typeof PLATFORMS)[number];

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

export type ParseResult =
  | { ok: true; event: ChatEvent }
  | { ok: false; error: EventFieldError };

const KNOWN = new Set(["id", "platform", "shop", "conversation", "at", "from", "agent", "bot", "mode", "type", "text"]);
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
/** Epoch ms between 2000 and 2100: catches seconds passed where milliseconds are meant. */
const MIN_MS = 946_684_800_000;
const MAX_MS = 4_102_444_800_000;

function fail(field: string, message: string): ParseResult {
  return { ok: false, error: { field, message } };
}

function isOneOf<T extends string>(list: readonly T[], v: unknown): v is T {
  return typeof v === "string" && (list as readonly string[]).includes(v);
}

/** `at` as epoch ms: ISO 8601 with an offset, or epoch milliseconds (number or digit string). */
export function parseInstant(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isInteger(v) && v >= MIN_MS && v < MAX_MS ? v : undefined;
  if (typeof v !== "string") return undefined;
  if (/^\d{12,14}$/.test(v)) return parseInstant(Number(v));
  if (!ISO_WITH_OFFSET.test(v)) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}

function optionalString(raw: Record<string, unknown>, field: string): string | undefined | EventFieldError {
  const v = raw[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number" && field !== "text") return String(v);
  return { field, message: `${field} must be a string` };
}

function idLike(raw: Record<string, unknown>, field: string): string | EventFieldError {
  const v = raw[field];
  if (v === undefined || v === null || v === "") return { field, message: `${field} is required` };
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return { field, message: `${field} must be a string` };
}

function isError(v: unknown): v is EventFieldError {
  return typeof v === "object" && v !== null && "field" in v && "message" in v;
}

export interface ParseDefaults {
  /** fills a missing `shop` (the webhook's path names the shop) */
  shop?: string;
}

/** Validates one event; names the first field that is wrong. */
export function parseEvent(raw: unknown, defaults: ParseDefaults = {}): ParseResult {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return fail("(event)", "an event must be a JSON object");
  const r = raw as Record<string, unknown>;

  const id = idLike(r, "id");
  if (isError(id)) return { ok: false, error: id };
  if (!isOneOf(PLATFORMS, r.platform)) {
    return fail("platform", r.platform === undefined ? "platform is required" : `platform must be one of ${PLATFORMS.join(", ")}`);
  }
  const shopRaw = r.shop === undefined || r.shop === null ? defaults.shop : r.shop;
  const shop = idLike({ shop: shopRaw }, "shop");
  if (isError(shop)) return { ok: false, error: shop };
  const conversation = idLike(r, "conversation");
  if (isError(conversation)) return { ok: false, error: conversation };
  if (r.at === undefined || r.at === null) return fail("at", "at is required");
  const at = parseInstant(r.at);
  if (at === undefined) return fail("at", "at must be ISO 8601 with an offset (2026-01-07T10:10:15+08:00) or epoch milliseconds");
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
  if (hasExtra) event.extra = extra;
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
