/**
 * The trainers' shared arithmetic (scorer.ts and residual.ts): the unnormalised softmax over
 * a sample's candidates and a seeded random source, so the same seed gives the same model.
 */

/**
 * exp(x − max) in place over the first n values, returning their sum: the softmax of logits
 * whose largest is max, unnormalised (both trainers' step over a sample's candidates).
 */
export function expShifted(x: Float64Array, n: number, max: number): number {
  let z = 0;
  for (let k = 0; k < n; k++) {
    x[k] = Math.exp(x[k]! - max);
    z += x[k]!;
  }
  return z;
}

/** xorshift32 in [0, 1): the trainers' seeded random source (same seed, same model). */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with the given random source (the trainers' epochs: same seed, same order). */
export function shuffleInPlace(order: Int32Array | number[], rand: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
}
