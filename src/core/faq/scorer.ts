/**
 * The scorer: a small ensemble of one-hidden-layer networks giving each candidate a logit
 * from its feature vector (features.ts), trained as a softmax over each training query's
 * candidates (train.ts builds the training queries by holding examples out, so the
 * features look as they will on paraphrases nobody wrote down yet). Pure: typed arrays.
 */
import { F, FEATURE_COUNT } from "./features.js";
import { expShifted, rng, shuffleInPlace } from "./train-math.js";

export interface ScorerParams {
  /** networks in the ensemble (their scores are averaged; different seeds) */
  nets: number;
  /** hidden units per network; 0: linear */
  hidden: number;
  epochs: number;
  /** AdaGrad step size */
  lr: number;
  l2: number;
  /** initial weight of the base score (the BM25 + LSA combination) on the logit scale */
  baseScale: number;
  seed: number;
}

export const DEFAULT_SCORER: ScorerParams = { nets: 2, hidden: 16, epochs: 20, lr: 0.05, l2: 1e-4, baseScale: 10, seed: 1 };

export interface ScorerNet {
  /** linear weights over standardised features */
  w: Float64Array;
  /** hidden layer: per unit, FEATURE_COUNT input weights, a bias, the output weight */
  h: Float64Array;
}

export interface Scorer {
  hidden: number;
  mean: Float64Array;
  sd: Float64Array;
  nets: ScorerNet[];
}

/**
 * Score of one standardised feature vector under one network. Four hidden units at a time:
 * each unit's sum is still added up in input order (the same value to the bit), but four
 * independent chains of additions run side by side instead of one.
 */
function netScore(net: ScorerNet, hidden: number, x: Float64Array): number {
  const n = FEATURE_COUNT;
  const stride = n + 2;
  const w = net.w;
  let s = 0;
  for (let i = 0; i < n; i++) s += w[i]! * x[i]!;
  const h = net.h;
  let u = 0;
  for (; u + 4 <= hidden; u += 4) {
    const b0 = u * stride;
    const b1 = b0 + stride;
    const b2 = b1 + stride;
    const b3 = b2 + stride;
    let a0 = h[b0 + n]!;
    let a1 = h[b1 + n]!;
    let a2 = h[b2 + n]!;
    let a3 = h[b3 + n]!;
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      a0 += h[b0 + i]! * xi;
      a1 += h[b1 + i]! * xi;
      a2 += h[b2 + i]! * xi;
      a3 += h[b3 + i]! * xi;
    }
    if (a0 > 0) s += h[b0 + n + 1]! * a0;
    if (a1 > 0) s += h[b1 + n + 1]! * a1;
    if (a2 > 0) s += h[b2 + n + 1]! * a2;
    if (a3 > 0) s += h[b3 + n + 1]! * a3;
  }
  for (; u < hidden; u++) {
    const b = u * stride;
    let a = h[b + n]!;
    for (let i = 0; i < n; i++) a += h[b + i]! * x[i]!;
    if (a > 0) s += h[b + n + 1]! * a;
  }
  return s;
}

function standardise(m: { mean: Float64Array; sd: Float64Array }, x: Float64Array, out: Float64Array, off = 0): Float64Array {
  for (let i = 0; i < FEATURE_COUNT; i++) out[i] = (x[off + i]! - m.mean[i]!) / m.sd[i]!;
  return out;
}

const scratch = new Float64Array(FEATURE_COUNT);

/**
 * The ensemble's score of a feature vector: the mean of its networks' scores (a logit). The
 * vector is x[off .. off + FEATURE_COUNT) (CandidateFeatures.featuresInto writes them end to end).
 */
export function scoreCandidate(m: Scorer, x: Float64Array, off = 0): number {
  const z = standardise(m, x, scratch, off);
  let s = 0;
  for (const net of m.nets) s += netScore(net, m.hidden, z);
  return s / m.nets.length;
}

export interface ScorerSample {
  /** feature vectors of the candidates */
  X: Float64Array[];
  /** index of the right entry among them */
  gold: number;
}

/** Trains the ensemble: softmax cross-entropy over each sample's candidates, AdaGrad. */
export function trainScorer(samples: readonly ScorerSample[], params: Partial<ScorerParams> = {}): Scorer {
  const p = { ...DEFAULT_SCORER, ...params };
  const n = FEATURE_COUNT;
  const mean = new Float64Array(n);
  const sd = new Float64Array(n);
  let count = 0;
  for (const s of samples)
    for (const x of s.X) {
      count++;
      for (let i = 0; i < n; i++) mean[i]! += x[i]!;
    }
  for (let i = 0; i < n; i++) mean[i]! /= count || 1;
  for (const s of samples) for (const x of s.X) for (let i = 0; i < n; i++) sd[i]! += (x[i]! - mean[i]!) ** 2;
  for (let i = 0; i < n; i++) sd[i] = Math.sqrt(sd[i]! / (count || 1)) || 1;
  const Z = samples.map((s) => s.X.map((x) => standardise({ mean, sd }, x, new Float64Array(n))));
  const nets: ScorerNet[] = [];
  for (let k = 0; k < p.nets; k++) nets.push(trainNet(samples, Z, p, p.seed + k, sd));
  return { hidden: p.hidden, mean, sd, nets };
}

function trainNet(samples: readonly ScorerSample[], Z: Float64Array[][], p: ScorerParams, seed: number, sd: Float64Array): ScorerNet {
  const n = FEATURE_COUNT;
  const H = p.hidden;
  const stride = n + 2;
  const rand = rng(seed);
  const w = new Float64Array(n);
  const gw = new Float64Array(n);
  // Start from the base score, the BM25 + LSA combination.
  w[F.raw] = p.baseScale * sd[F.raw]!;
  const h = Float64Array.from({ length: H * stride }, () => (rand() - 0.5) * 0.2);
  const gh = new Float64Array(H * stride);
  const order = Int32Array.from(samples.keys());
  let maxC = 0;
  for (const s of samples) maxC = Math.max(maxC, s.X.length);
  const prob = new Float64Array(maxC);
  const act = new Float64Array(maxC * H);
  // gradient of one sample (all its candidates), applied in one AdaGrad step
  const dw = new Float64Array(n);
  const dh = new Float64Array(H * stride);
  for (let epoch = 0; epoch < p.epochs; epoch++) {
    shuffleInPlace(order, rand);
    for (const si of order) {
      const X = Z[si]!;
      const gold = samples[si]!.gold;
      let max = -Infinity;
      for (let k = 0; k < X.length; k++) {
        const x = X[k]!;
        let s = 0;
        for (let i = 0; i < n; i++) s += w[i]! * x[i]!;
        for (let u = 0; u < H; u++) {
          const b = u * stride;
          let a = h[b + n]!;
          for (let i = 0; i < n; i++) a += h[b + i]! * x[i]!;
          act[k * H + u] = a;
          if (a > 0) s += h[b + n + 1]! * a;
        }
        prob[k] = s;
        if (s > max) max = s;
      }
      const z = expShifted(prob, X.length, max);
      dw.fill(0);
      dh.fill(0);
      let any = false;
      for (let k = 0; k < X.length; k++) {
        const g = prob[k]! / z - (k === gold ? 1 : 0);
        if (Math.abs(g) < 1e-6) continue;
        any = true;
        const x = X[k]!;
        for (let i = 0; i < n; i++) dw[i]! += g * x[i]!;
        for (let u = 0; u < H; u++) {
          const a = act[k * H + u]!;
          if (a <= 0) continue;
          const b = u * stride;
          dh[b + n + 1]! += g * a;
          const gHidden = g * h[b + n + 1]!;
          for (let i = 0; i < n; i++) dh[b + i]! += gHidden * x[i]!;
          dh[b + n]! += gHidden;
        }
      }
      if (!any) continue;
      for (let i = 0; i < n; i++) {
        const gi = dw[i]! + p.l2 * w[i]!;
        gw[i]! += gi * gi;
        w[i]! -= (p.lr * gi) / Math.sqrt(gw[i]! + 1e-8);
      }
      for (let j = 0; j < dh.length; j++) {
        const gj = dh[j]! + p.l2 * h[j]!;
        if (gj === 0) continue;
        gh[j]! += gj * gj;
        h[j]! -= (p.lr * gj) / Math.sqrt(gh[j]! + 1e-8);
      }
    }
  }
  return { w, h };
}
