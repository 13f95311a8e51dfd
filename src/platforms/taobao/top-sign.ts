/**
 * TOP (Taobao Open Platform) request signing, used by the TMC CONNECT frame and by the HTTP
 * fallback `taobao.tmc.messages.consume` / `taobao.tmc.messages.confirm`.
 *
 *   q    = every parameter except `sign` (and empty ones), sorted by name, concatenated name+value
 *   md5  = uppercase hex MD5(secret + q + secret)
 *   hmac = uppercase hex HMAC-MD5(key = secret, q)
 */
import { hmacMd5Hex, md5Hex } from "../../core/platforms/crypto.js";
import { parseJsonExact } from "../../core/platforms/mapping.js";
import { SHANGHAI_OFFSET_MS } from "../../core/time.js";

export type TopSignMethod = "md5" | "hmac";

export function topSignString(params: Record<string, string | number | null | undefined>): string {
  return Object.entries(params)
    .filter(([k, v]) => k !== "sign" && v !== null && v !== undefined && v !== "")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}${String(v)}`)
    .join("");
}

export function topSign(params: Record<string, string | number | null | undefined>, secret: string, method: TopSignMethod = "md5"): string {
  const q = topSignString(params);
  return (method === "md5" ? md5Hex(secret + q + secret) : hmacMd5Hex(secret, q)).toUpperCase();
}

/** The CONNECT sign: MD5(secret + "app_key" + ak + "group_name" + g + "timestamp" + ts + secret), uppercase hex. */
export function tmcConnectSign(appKey: string, groupName: string, timestamp: string | number, secret: string): string {
  return topSign({ app_key: appKey, group_name: groupName, timestamp: String(timestamp) }, secret, "md5");
}

/** TOP's `timestamp` parameter: `YYYY-MM-DD HH:MM:SS` in GMT+8. */
export function topTimestamp(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}

export const TOP_API_URL = "https://eco.taobao.com/router/rest";

export interface TopHttpRequest {
  url: string;
  method: "POST";
  headers: Record<string, string>;
  body: string;
  params: Record<string, string>;
}

export function buildTopRequest(input: {
  appKey: string;
  appSecret: string;
  method: string;
  params: Record<string, string | number | undefined>;
  timestamp: number;
  signMethod?: TopSignMethod;
  apiUrl?: string;
  session?: string;
}): TopHttpRequest {
  const params: Record<string, string> = {
    method: input.method,
    app_key: input.appKey,
    timestamp: topTimestamp(input.timestamp),
    format: "json",
    v: "2.0",
    sign_method: input.signMethod ?? "md5",
  };
  if (input.session) params.session = input.session;
  for (const [k, v] of Object.entries(input.params)) if (v !== undefined && v !== "") params[k] = String(v);
  params.sign = topSign(params, input.appSecret, input.signMethod ?? "md5");
  return {
    url: input.apiUrl ?? TOP_API_URL,
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded;charset=utf-8" },
    body: new URLSearchParams(params).toString(),
    params,
  };
}

export type TopOutcome = { ok: true; body: Record<string, unknown> } | { ok: false; retryable: boolean; message: string };

/** Reads a TOP answer: `{"<method>_response": …}` or `{"error_response": {code, msg, sub_code, sub_msg}}`. */
export function readTopResponse(status: number, bodyText: string, method: string): TopOutcome {
  if (status === 429 || status >= 500) return { ok: false, retryable: true, message: `HTTP ${status}` };
  let body: unknown;
  try {
    body = parseJsonExact(bodyText);
  } catch {
    return { ok: false, retryable: true, message: `HTTP ${status}, answer is not JSON` };
  }
  if (typeof body !== "object" || body === null) return { ok: false, retryable: true, message: "answer is not an object" };
  const r = body as Record<string, unknown>;
  const err = r.error_response as Record<string, unknown> | undefined;
  if (err) {
    const sub = String(err.sub_code ?? "");
    // isp.* are platform-side failures; isv.* / invalid signature / app errors will not heal by retrying
    const retryable = sub.startsWith("isp.") || err.code === 7 || err.code === 520;
    return { ok: false, retryable, message: `${String(err.code ?? "")} ${String(err.msg ?? "")} ${sub} ${String(err.sub_msg ?? "")}`.trim() };
  }
  const key = `${method.replace(/^taobao\./, "").replace(/\./g, "_")}_response`;
  const inner = r[key];
  if (typeof inner !== "object" || inner === null) return { ok: false, retryable: false, message: `answer has no ${key}` };
  return { ok: true, body: inner as Record<string, unknown> };
}
