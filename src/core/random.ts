/** A seeded PRNG for simulations that must give the same figures every run. Pure. */

/** mulberry32: small, seedable, good enough for traffic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n random bytes from the platform's CSPRNG (Web Crypto: Node and Workers alike), for development credentials. */
export function randomBytesOf(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

/** n random bytes as hex (2n characters). */
export function randomHex(n: number): string {
  return Array.from(randomBytesOf(n), (b) => b.toString(16).padStart(2, "0")).join("");
}
