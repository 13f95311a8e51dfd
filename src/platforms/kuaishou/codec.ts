/**
 * Kuaishou (快手电商开放平台) message push, `POST /webhooks/kuaishou/{shop}`, and the
 * customer-service send API.
 *
 * Push: `Content-Type: text/plain`, body = Base64(AES-CBC/PKCS5(JSON)), key = Base64-decoded
 * message key of the app, IV = 16 zero bytes. Plaintext: `{eventId, bizId, userId, openId,
 * appKey, event, info (JSON text), createTime (ms), test}`. Answer 200 `{"result":1}` within
 * 3 s; delivery is at-least-once (5 retries): de-duplicate on `eventId`. `{"test":true}`
 * probes (heartbeat, URL check), encrypted or plain, are answered `{"result":1}` too.
 *
 * API: form-encoded POST; sign = params without nulls, sorted by key, `k=v` joined with `&`,
 * then `&signSecret=<secret>`; MD5 → lowercase hex, HMAC_SHA256 (key = signSecret) → Base64.
 */
import type { OutboundReply } from "../../core/outbound.js";
import { aesCbcDecrypt, aesCbcEncrypt, fromBase64, fromUtf8, hmacSha256, md5Hex, timingSafeEqualString, toBase64, utf8 } from "../../core/platforms/crypto.js";
import { DEFAULT_KUAISHOU_CHAT_EVENTS, KUAISHOU_CHAT_FIELDS, KUAISHOU_RECORD_FIELDS, kuaishouEventCategory, kuaishouReplyParam } from "./mapping.js";
import { chatNameSet, mapPush, parsePlatformInstant, tryJson } from "../../core/platforms/mapping.js";
import type { PushItem } from "../../core/platforms/types.js";

export interface KuaishouCredentials {
  appKey: string;
  /** the app's message key, Base64 (the AES key) */
  msgKey: string;
  signSecret: string;
  accessToken?: string;
  apiUrl?: string;
}

export const KUAISHOU_ACK = { result: 1 } as const;
const ZERO_IV = new Uint8Array(16);

export interface KuaishouPushMessage {
  eventId: string;
  bizId?: string;
  userId?: string;
  openId?: string;
  appKey?: string;
  event: string;
  /** `info` as received (JSON text) */
  info: unknown;
  /** `info` parsed */
  infoParsed: unknown;
  /** epoch ms */
  createTime?: number;
  test: boolean;
}

export type KuaishouOpenResult = { kind: "probe" } | { kind: "event"; message: KuaishouPushMessage } | { kind: "rejected"; status: 400 | 401 | 403; reason: string };

/** The AES key from the Base64 message key; throws on a key of the wrong size (a configuration error). */
export function kuaishouAesKey(msgKeyBase64: string): Uint8Array {
  const key = fromBase64(msgKeyBase64);
  if (!key || (key.length !== 16 && key.length !== 24 && key.length !== 32)) {
    throw new Error("KUAISHOU_MSG_KEY must be the Base64 of a 16, 24 or 32 byte AES key");
  }
  return key;
}

export async function encryptKuaishouPush(plaintext: string, msgKeyBase64: string): Promise<string> {
  return toBase64(await aesCbcEncrypt(kuaishouAesKey(msgKeyBase64), ZERO_IV, utf8(plaintext)));
}

/** Decrypts a push body; undefined when it is not Base64 of AES-CBC ciphertext under this key. */
export async function decryptKuaishouPush(body: string, msgKeyBase64: string): Promise<string | undefined> {
  const key = kuaishouAesKey(msgKeyBase64);
  const ct = fromBase64(body.trim());
  if (!ct || ct.length === 0 || ct.length % 16 !== 0) return undefined;
  try {
    return fromUtf8(await aesCbcDecrypt(key, ZERO_IV, ct));
  } catch {
    return undefined;
  }
}

function idString(v: unknown): string | undefined {
  if (typeof v === "string" && v.trim() !== "") return v.trim();
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

/**
 * Authenticates and parses one push. Decryption under the app's key is the authentication:
 * a plain-JSON body is accepted only as a `{"test":true}` probe; a message naming another
 * app's `appKey` is refused.
 */
export async function openKuaishouPush(body: string, creds: Pick<KuaishouCredentials, "appKey" | "msgKey">): Promise<KuaishouOpenResult> {
  const text = body.trim();
  if (text === "") return { kind: "rejected", status: 400, reason: "empty body" };
  if (text.startsWith("{")) {
    const plain = tryJson(text);
    if (typeof plain === "object" && plain !== null && (plain as Record<string, unknown>).test === true) {
      const ak = (plain as Record<string, unknown>).appKey;
      if (ak !== undefined && ak !== null && !timingSafeEqualString(String(ak), creds.appKey)) {
        return { kind: "rejected", status: 403, reason: "appKey is not this shop's app" };
      }
      return { kind: "probe" };
    }
    return { kind: "rejected", status: 401, reason: 'unencrypted pushes are accepted only as {"test":true} probes' };
  }
  const plaintext = await decryptKuaishouPush(text, creds.msgKey);
  if (plaintext === undefined) return { kind: "rejected", status: 401, reason: "body cannot be decrypted with this app's message key" };
  const parsed = tryJson(plaintext);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return { kind: "rejected", status: 400, reason: "decrypted body is not a JSON object" };
  }
  const r = parsed as Record<string, unknown>;
  const test = r.test === true || r.test === "true";
  const appKey = idString(r.appKey);
  if (appKey !== undefined && !timingSafeEqualString(appKey, creds.appKey)) {
    return { kind: "rejected", status: 403, reason: "appKey is not this shop's app" };
  }
  if (test) return { kind: "probe" };
  if (appKey === undefined) return { kind: "rejected", status: 403, reason: "appKey is missing" };
  const eventId = idString(r.eventId);
  const event = idString(r.event);
  if (!eventId || !event) return { kind: "rejected", status: 400, reason: !eventId ? "eventId is missing" : "event is missing" };
  const message: KuaishouPushMessage = {
    eventId,
    event,
    appKey,
    info: r.info,
    infoParsed: typeof r.info === "string" ? (tryJson(r.info) ?? r.info) : r.info,
    test: false,
  };
  for (const f of ["bizId", "userId", "openId"] as const) {
    const v = idString(r[f]);
    if (v) message[f] = v;
  }
  const ct = parsePlatformInstant(r.createTime);
  if (ct !== undefined) message.createTime = ct;
  return { kind: "event", message };
}

export interface MapKuaishouOptions {
  shop: string;
  /** chat event names; default DEFAULT_KUAISHOU_CHAT_EVENTS */
  chatEvents?: readonly string[];
  receivedAt: number;
}

export function mapKuaishouMessage(m: KuaishouPushMessage, opts: MapKuaishouOptions): PushItem {
  const mapping = {
    platform: "kuaishou" as const,
    chatNames: chatNameSet(opts.chatEvents, DEFAULT_KUAISHOU_CHAT_EVENTS),
    chatFields: KUAISHOU_CHAT_FIELDS,
    recordFields: KUAISHOU_RECORD_FIELDS,
    category: kuaishouEventCategory,
    kindField: "kuaishouEvent",
  };
  return mapPush(mapping, { shop: opts.shop, id: m.eventId, kind: m.event, data: m.infoParsed, at: m.createTime, receivedAt: opts.receivedAt });
}

// ---------------------------------------------------------------------------------------
// The open API: signing and the send request

export type KuaishouSignMethod = "MD5" | "HMAC_SHA256";

/** The string that is signed: non-null params sorted by key, `k=v&…`, then `&signSecret=…`. */
export function kuaishouSignString(params: Record<string, string | number | null | undefined>, signSecret: string): string {
  const pairs = Object.entries(params)
    .filter(([k, v]) => k !== "sign" && v !== null && v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${String(v)}`);
  return `${pairs.join("&")}&signSecret=${signSecret}`;
}

export async function kuaishouSign(params: Record<string, string | number | null | undefined>, signSecret: string, method: KuaishouSignMethod): Promise<string> {
  const s = kuaishouSignString(params, signSecret);
  if (method === "MD5") return md5Hex(s);
  return toBase64(await hmacSha256(signSecret, s));
}

export const KUAISHOU_API_BASE = "https://openapi.kwaixiaodian.com";
export const KUAISHOU_SEND_METHOD = "open.cs.intelligent.message.send";

export interface KuaishouHttpRequest {
  url: string;
  method: "POST";
  headers: Record<string, string>;
  body: string;
  /** the signed params, for tests and logs without the token */
  params: Record<string, string>;
}

/** The API path of a method: dots become slashes (`open.cs.x` → `/open/cs/x`). */
export function kuaishouMethodUrl(apiBase: string | undefined, method: string): string {
  return `${(apiBase ?? KUAISHOU_API_BASE).replace(/\/+$/, "")}/${method.replace(/\./g, "/")}`;
}

/** Builds the signed, form-encoded call of any open API method. */
export async function buildKuaishouApiRequest(input: {
  appKey: string;
  signSecret: string;
  accessToken: string;
  method: string;
  param: Record<string, unknown>;
  timestamp: number;
  signMethod?: KuaishouSignMethod;
  apiUrl?: string;
}): Promise<KuaishouHttpRequest> {
  const signMethod = input.signMethod ?? "HMAC_SHA256";
  const params: Record<string, string> = {
    access_token: input.accessToken,
    appkey: input.appKey,
    method: input.method,
    param: JSON.stringify(input.param),
    signMethod,
    timestamp: String(input.timestamp),
    version: "1",
  };
  params.sign = await kuaishouSign(params, input.signSecret, signMethod);
  return {
    url: kuaishouMethodUrl(input.apiUrl, input.method),
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded;charset=UTF-8" },
    body: new URLSearchParams(params).toString(),
    params,
  };
}

/** The send call for one reply (param built by kuaishouReplyParam, the documented mapping place). */
export function buildKuaishouSendRequest(input: {
  creds: KuaishouCredentials;
  reply: Pick<OutboundReply, "conversation" | "text" | "id">;
  buyerNick?: string;
  timestamp: number;
  signMethod?: KuaishouSignMethod;
}): Promise<KuaishouHttpRequest> {
  if (!input.creds.accessToken) throw new Error("the Kuaishou app has no access token (credentials.kuaishou.accessToken)");
  return buildKuaishouApiRequest({
    appKey: input.creds.appKey,
    signSecret: input.creds.signSecret,
    accessToken: input.creds.accessToken,
    method: KUAISHOU_SEND_METHOD,
    param: kuaishouReplyParam(input.reply, input.buyerNick),
    timestamp: input.timestamp,
    ...(input.signMethod ? { signMethod: input.signMethod } : {}),
    ...(input.creds.apiUrl ? { apiUrl: input.creds.apiUrl } : {}),
  });
}

export type KuaishouApiOutcome = { ok: true; body: unknown } | { ok: false; retryable: boolean; message: string };

/** Reads an API answer: `result === 1` is success; HTTP 429/5xx are worth a retry, other failures are not. */
export function readKuaishouApiResponse(status: number, bodyText: string): KuaishouApiOutcome {
  const body = tryJson(bodyText);
  if (status === 429 || status >= 500) return { ok: false, retryable: true, message: `HTTP ${status}` };
  if (typeof body !== "object" || body === null) {
    return { ok: false, retryable: status < 200 || status >= 300, message: `HTTP ${status}, answer is not JSON` };
  }
  const r = body as Record<string, unknown>;
  if (status >= 200 && status < 300 && Number(r.result) === 1) return { ok: true, body };
  const msg = [r.result !== undefined ? `result ${String(r.result)}` : `HTTP ${status}`, r.error_msg ?? r.msg ?? r.error].filter(Boolean).join(": ");
  return { ok: false, retryable: false, message: msg };
}
