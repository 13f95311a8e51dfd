/**
 * Douyin shop (抖店 open platform) message push: `POST /webhooks/douyin/{shop}`.
 *
 * - Headers `app-id` (the app key) and `event-sign` = lowercase hex
 *   MD5(app_key + raw_body + app_secret), computed over the raw body bytes as received.
 * - Body: a JSON array (a batch) of `{tag, msg_id, data}`; `data` is itself JSON text.
 * - Acknowledge with HTTP 200 `{"code":0,"msg":"success"}`; de-duplicate on `msg_id`.
 */
import { concatBytes, md5Hex, timingSafeEqualString, utf8 } from "../../core/platforms/crypto.js";
import { DEFAULT_DOUYIN_CHAT_TAGS, DOUYIN_CHAT_FIELDS, DOUYIN_RECORD_FIELDS, douyinTagCategory } from "./mapping.js";
import { chatNameSet, mapPush, parseJsonExact, tryJson } from "../../core/platforms/mapping.js";
import type { PushItem } from "../../core/platforms/types.js";

export interface DouyinCredentials {
  appKey: string;
  appSecret: string;
  chatTags?: string[];
}

export const DOUYIN_ACK = { code: 0, msg: "success" } as const;

/** Lowercase hex MD5(app_key + raw_body + app_secret). */
export function douyinEventSign(appKey: string, rawBody: Uint8Array, appSecret: string): string {
  return md5Hex(concatBytes(utf8(appKey), rawBody, utf8(appSecret)));
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** Checks `app-id` and `event-sign` (case-insensitive hex, constant time). Never re-serialises the body. */
export function verifyDouyinPush(input: { appId: string | undefined | null; eventSign: string | undefined | null; rawBody: Uint8Array }, creds: DouyinCredentials): VerifyResult {
  if (!input.appId || !input.eventSign) return { ok: false, reason: "missing app-id or event-sign header" };
  const expected = douyinEventSign(creds.appKey, input.rawBody, creds.appSecret);
  // both comparisons always run: the time taken does not say which one failed
  const appOk = timingSafeEqualString(input.appId.trim(), creds.appKey);
  const signOk = timingSafeEqualString(input.eventSign.trim().toLowerCase(), expected);
  if (!appOk) return { ok: false, reason: "app-id is not this shop's app key" };
  if (!signOk) return { ok: false, reason: "event-sign does not match" };
  return { ok: true };
}

export interface DouyinPushItem {
  tag: string;
  msgId: string;
  /** `data` as received (JSON text, normally) */
  data: unknown;
  /** `data` parsed when it is JSON text */
  parsed: unknown;
}

export type DouyinBatchResult = { ok: true; items: DouyinPushItem[]; invalid: { index: number; problem: string; item: unknown }[] } | { ok: false; error: string };

function idString(v: unknown): string | undefined {
  if (typeof v === "string" && v.trim() !== "") return v.trim();
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

/**
 * Parses the batch. A body that is not a JSON array is an error (400); an element without
 * `tag` or `msg_id` is listed in `invalid` and never fails the rest of the batch.
 */
export function parseDouyinBatch(rawBody: string): DouyinBatchResult {
  let body: unknown;
  try {
    body = parseJsonExact(rawBody);
  } catch {
    return { ok: false, error: "body is not JSON" };
  }
  if (!Array.isArray(body)) return { ok: false, error: "body must be a JSON array of {tag, msg_id, data}" };
  const items: DouyinPushItem[] = [];
  const invalid: { index: number; problem: string; item: unknown }[] = [];
  body.forEach((el: unknown, index) => {
    if (typeof el !== "object" || el === null || Array.isArray(el)) {
      invalid.push({ index, problem: "element is not an object", item: el });
      return;
    }
    const r = el as Record<string, unknown>;
    const tag = idString(r.tag);
    const msgId = idString(r.msg_id);
    if (!tag || !msgId) {
      invalid.push({ index, problem: !tag ? "tag is missing" : "msg_id is missing", item: el });
      return;
    }
    const data = r.data;
    const parsed = typeof data === "string" ? (tryJson(data) ?? data) : data;
    items.push({ tag, msgId, data, parsed });
  });
  return { ok: true, items, invalid };
}

export interface MapDouyinOptions {
  shop: string;
  /** the shop's chat tags; default DEFAULT_DOUYIN_CHAT_TAGS */
  chatTags?: readonly string[];
  /** receipt time: the fallback for a chat message without a time */
  receivedAt: number;
}

/** Chat tags → chat events (via DOUYIN_CHAT_FIELDS); every other tag → a platform record. */
export function mapDouyinItems(items: DouyinPushItem[], opts: MapDouyinOptions): PushItem[] {
  const mapping = {
    platform: "douyin" as const,
    chatNames: chatNameSet(opts.chatTags, DEFAULT_DOUYIN_CHAT_TAGS),
    chatFields: DOUYIN_CHAT_FIELDS,
    recordFields: DOUYIN_RECORD_FIELDS,
    category: douyinTagCategory,
    kindField: "douyinTag",
  };
  return items.map((it) => mapPush(mapping, { shop: opts.shop, id: it.msgId, kind: it.tag, data: it.parsed, receivedAt: opts.receivedAt }));
}

/** Builds a signed push (the simulator and tests): returns the exact body bytes and headers. */
export function buildDouyinPush(creds: { appKey: string; appSecret: string }, items: { tag: string; msg_id: string; data: unknown }[]): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(items.map((i) => ({ tag: i.tag, msg_id: i.msg_id, data: typeof i.data === "string" ? i.data : JSON.stringify(i.data) })));
  return {
    body,
    headers: { "content-type": "application/json", "app-id": creds.appKey, "event-sign": douyinEventSign(creds.appKey, utf8(body), creds.appSecret) },
  };
}
