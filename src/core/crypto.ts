/** Web Crypto helpers shared by signatures and token hashing (identical on Node and Workers). */
const encoder = new TextEncoder();

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let out = "";
  for (const x of b) out += x.toString(16).padStart(2, "0");
  return out;
}

export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === "string" ? utf8(data) : data;
  return toHex(await crypto.subtle.digest("SHA-256", bytes as BufferSource));
}

const hmacKeys = new Map<string, Promise<CryptoKey>>();

/** HMAC-SHA256 keys are cached: importing one per request costs more than the MAC itself. */
function hmacSha256Key(secret: string): Promise<CryptoKey> {
  let key = hmacKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", utf8(secret) as BufferSource, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    if (hmacKeys.size > 1000) hmacKeys.clear();
    hmacKeys.set(secret, key);
  }
  return key;
}

interface NodeCryptoLike {
  createHmac(alg: string, key: string): { update(d: Uint8Array | string): { digest(): Uint8Array } };
}

/**
 * Node's own HMAC when the runtime offers it: Web Crypto's sign() in Node is a thread-pool job,
 * a few times the cost of the MAC on the webhook's hot path. Found by capability
 * (process.getBuiltinModule, Node ≥ 20.16), not by an import, so this module still loads
 * unchanged on Workers, where Web Crypto is used.
 */
const nodeCrypto = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.("node:crypto") as NodeCryptoLike | undefined;

export async function hmacSha256(secret: string, data: string | Uint8Array): Promise<Uint8Array> {
  const bytes = typeof data === "string" ? utf8(data) : data;
  if (nodeCrypto) return new Uint8Array(nodeCrypto.createHmac("sha256", secret).update(bytes).digest());
  return new Uint8Array(await crypto.subtle.sign("HMAC", await hmacSha256Key(secret), bytes as BufferSource));
}

/** Compares without an early exit, so timing does not reveal how much of a signature matched. */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = utf8(a);
  const y = utf8(b);
  let diff = x.length ^ y.length;
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
