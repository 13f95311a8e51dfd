/**
 * Byte, hash and cipher helpers for the platform envelopes. Pure and portable: Web Crypto
 * (global `crypto.subtle`, present in Node >= 20 and in Workers) for AES-CBC and
 * HMAC-SHA256; `@noble/hashes` for MD5 and HMAC-MD5, which Web Crypto does not offer.
 * No `node:` import here: this file also runs on Cloudflare Workers.
 */
import { hmac } from "@noble/hashes/hmac.js";
import { md5 } from "@noble/hashes/legacy.js";

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder("utf-8", { fatal: true });

export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/** Decodes UTF-8; throws on invalid sequences (a wrong key yields garbage, not text). */
export function fromUtf8(b: Uint8Array): string {
  return strictDecoder.decode(b);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const HEX = "0123456789abcdef";

export function toHex(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += HEX[x >> 4]! + HEX[x & 15]!;
  return s;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_INDEX = new Map<string, number>([...B64].map((c, i) => [c, i]));

export function toBase64(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    s += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    s += i + 1 < b.length ? B64[(n >> 6) & 63]! : "=";
    s += i + 2 < b.length ? B64[n & 63]! : "=";
  }
  return s;
}

/**
 * Strict standard Base64 (whitespace ignored, `-`/`_` URL-safe letters accepted, padding
 * optional). Returns undefined for anything else instead of silently decoding garbage.
 */
export function fromBase64(s: string): Uint8Array | undefined {
  const clean = s.replace(/\s+/g, "").replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  if (clean.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let at = 0;
  for (const c of clean) {
    const v = B64_INDEX.get(c);
    if (v === undefined) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, at);
}

export function md5Bytes(data: Uint8Array): Uint8Array {
  return md5(data);
}

/** Lowercase hex MD5. */
export function md5Hex(data: Uint8Array | string): string {
  return toHex(md5(typeof data === "string" ? utf8(data) : data));
}

/** Lowercase hex HMAC-MD5. */
export function hmacMd5Hex(key: Uint8Array | string, data: Uint8Array | string): string {
  const k = typeof key === "string" ? utf8(key) : key;
  const d = typeof data === "string" ? utf8(data) : data;
  return toHex(hmac(md5, k, d));
}

/** HMAC-SHA256 with Web Crypto. */
export async function hmacSha256(key: Uint8Array | string, data: Uint8Array | string): Promise<Uint8Array> {
  const k = typeof key === "string" ? utf8(key) : key;
  const d = typeof data === "string" ? utf8(data) : data;
  const cryptoKey = await crypto.subtle.importKey("raw", k as BufferSource, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, d as BufferSource));
}

/** Compares two byte strings in time that depends only on their lengths. */
export function timingSafeEqualBytes(a: Uint8Array, b: Uint8Array): boolean {
  const n = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < n; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export function timingSafeEqualString(a: string, b: string): boolean {
  return timingSafeEqualBytes(utf8(a), utf8(b));
}

/** AES key sizes Web Crypto's AES-CBC accepts everywhere (192-bit is missing in some runtimes). */
function assertAesKey(key: Uint8Array): void {
  if (key.length !== 16 && key.length !== 32 && key.length !== 24) throw new Error(`AES key must be 16, 24 or 32 bytes, got ${key.length}`);
}

/** AES-CBC with PKCS#5/#7 padding (Web Crypto's only padding for AES-CBC). Throws on a bad key or padding. */
export async function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array> {
  assertAesKey(key);
  if (ciphertext.length === 0 || ciphertext.length % 16 !== 0) throw new Error("ciphertext is not a whole number of AES blocks");
  const k = await crypto.subtle.importKey("raw", key as BufferSource, { name: "AES-CBC" }, false, ["decrypt"]);
  return new Uint8Array(await crypto.subtle.decrypt({ name: "AES-CBC", iv: iv as BufferSource }, k, ciphertext as BufferSource));
}

export async function aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array> {
  assertAesKey(key);
  const k = await crypto.subtle.importKey("raw", key as BufferSource, { name: "AES-CBC" }, false, ["encrypt"]);
  return new Uint8Array(await crypto.subtle.encrypt({ name: "AES-CBC", iv: iv as BufferSource }, k, plaintext as BufferSource));
}
