/**
 * `X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` of the
 * generic webhook (the Stripe scheme: the timestamp inside the MAC stops replays).
 */
import { hmacSha256, timingSafeEqual, toHex } from "./crypto.js";

export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export async function signGenericBody(secret: string, rawBody: string | Uint8Array, unixSeconds: number): Promise<string> {
  const body = typeof rawBody === "string" ? rawBody : new TextDecoder().decode(rawBody);
  return `t=${unixSeconds},v1=${toHex(await hmacSha256(secret, `${unixSeconds}.${body}`))}`;
}

export async function verifyGenericSignature(secret: string, header: string | undefined, rawBody: Uint8Array, nowMs: number): Promise<SignatureCheck> {
  if (!header) return { ok: false, reason: "missing X-Signature header" };
  let t: string | undefined;
  const v1: string[] = [];
  for (const part of header.split(",")) {
    const [k, v] = part.trim().split("=", 2);
    if (k === "t") t = v;
    else if (k === "v1" && v) v1.push(v.toLowerCase());
  }
  if (!t || !/^\d+$/.test(t) || v1.length === 0) return { ok: false, reason: "X-Signature must be t=<unix seconds>,v1=<hex>" };
  if (Math.abs(nowMs / 1000 - Number(t)) > SIGNATURE_TOLERANCE_SECONDS) {
    return { ok: false, reason: "X-Signature timestamp is more than 5 minutes from now" };
  }
  const mac = new Uint8Array(t.length + 1 + rawBody.length);
  mac.set(new TextEncoder().encode(`${t}.`));
  mac.set(rawBody, t.length + 1);
  const expected = toHex(await hmacSha256(secret, mac));
  // several v1 values are allowed so a shop can rotate its secret without downtime
  return v1.some((v) => timingSafeEqual(v, expected)) ? { ok: true } : { ok: false, reason: "signature does not match" };
}
