/**
 * The residual weights of the model (model.ts): a linear model over hashed (character n-gram, entry)
 * pairs, trained as a softmax over each training query's BM25 candidates with the BM25 (+
 * LSA) score as a fixed offset, so the weights learn only what BM25 gets wrong on unseen
 * paraphrases (train.ts builds the training queries by holding examples out). At query
 * time an entry's score is raw + mix · Σ w[(n-gram, entry)] + wLsa · LSA cosine, over the
 * top `candidates` of BM25.
 *
 * Training is a separate step from the index build (train.ts: a few epochs of AdaGrad with
 * sparse updates, seconds for thousands of examples), so the index build stays fast; the
 * trained model is handed to `buildFaqMatcher(…, { model })`. Pure: typed arrays only.
 */
import type { LsaModel } from "./lsa.js";
import { DEFAULT_MODEL_PARAMS, type FaqModel, type ModelParams } from "./model.js";
import { expShifted, rng, shuffleInPlace } from "./train-math.js";

/** One training query: its features, its entry and BM25's candidates with their scores. */
export interface ResidualSample {
  feats: Uint32Array;
  /** candidate classes, the gold one included */
  cands: Int32Array;
  /** the matcher's raw score of each candidate */
  base: Float64Array;
  /** position of the gold class in cands */
  gold: number;
  /** pair words of the query (pair features) */
  qWords?: Uint32Array;
}

/**
 * Trains the residual: softmax over each sample's candidates with logits
 * base/mix + Σ w[(n-gram, entry)], so the weights learn what BM25 gets wrong on held-out
 * paraphrases; at query time the score is raw + mix · Σ w.
 */
export function trainResidual(samples: readonly ResidualSample[], classes: string[], params: Partial<ModelParams> = {}, classWords: readonly Uint32Array[] = [], lsa?: LsaModel): FaqModel {
  const p = { ...DEFAULT_MODEL_PARAMS, ...params };
  const size = 1 << p.bits;
  const mask = size - 1;
  const w = new Float32Array(size);
  const g2 = new Float32Array(size);
  const rand = rng(p.seed);
  const order = Int32Array.from(samples.keys());
  let maxC = 0;
  for (const s of samples) maxC = Math.max(maxC, s.cands.length);
  const logits = new Float64Array(maxC);
  const tau = 1 / p.mix;
  for (let epoch = 0; epoch < p.epochs; epoch++) {
    shuffleInPlace(order, rand);
    for (const si of order) {
      const { feats, cands, base, gold } = samples[si]!;
      const qw = samples[si]!.qWords;
      const usePairs = p.pairs > 0 && qw !== undefined && qw.length > 0;
      const inv = 1 / Math.sqrt(feats.length);
      let max = -Infinity;
      for (let k = 0; k < cands.length; k++) {
        let s = tau * base[k]! + scoreClass(w, feats, cands[k]!, mask);
        if (usePairs) s += p.pairs * scorePairs(w, qw, classWords[cands[k]!] ?? EMPTY, mask);
        logits[k] = s;
        if (s > max) max = s;
      }
      const z = expShifted(logits, cands.length, max);
      for (let k = 0; k < cands.length; k++) {
        const g = (logits[k]! / z - (k === gold ? 1 : 0)) * inv;
        if (Math.abs(g) < 1e-4) continue;
        const c = cands[k]!;
        for (let f = 0; f < feats.length; f++) {
          const j = slot(feats[f]!, c, mask);
          const gj = g + p.l2 * w[j]!;
          g2[j]! += gj * gj;
          w[j]! -= (p.lr * gj) / Math.sqrt(g2[j]! + 1e-8);
        }
        const tw = classWords[c];
        if (usePairs && tw !== undefined && tw.length > 0) {
          const gp = ((logits[k]! / z - (k === gold ? 1 : 0)) * p.pairs) / Math.sqrt(qw.length * tw.length);
          for (let a = 0; a < qw.length; a++) {
            const qa = Math.imul(qw[a]!, 0x27d4eb2f);
            for (let b = 0; b < tw.length; b++) {
              const j = slot((qa ^ tw[b]!) >>> 0, PAIR_CLASS, mask);
              g2[j]! += gp * gp;
              w[j]! -= (p.lr * gp) / Math.sqrt(g2[j]! + 1e-8);
            }
          }
        }
      }
    }
  }
  return { params: p, classes, weights: w, ...(lsa ? { lsa } : {}) };
}

/** FNV-1a over UTF-16 code units. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Slot of feature hash h for class c in a table of 2^bits. */
export function slot(h: number, c: number, mask: number): number {
  let x = (h ^ Math.imul(c + 1, 0x9e3779b1)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return ((x ^ (x >>> 16)) >>> 0) & mask;
}

/** Deduplicated feature hashes of a token list. */
export function featureHashes(tokens: readonly string[]): Uint32Array {
  const set = new Set<number>();
  for (const t of tokens) set.add(hashString(t));
  return Uint32Array.from(set);
}

/** Score of class c for the features: Σ w[slot(f, c)] / √n. */
export function scoreClass(weights: Float32Array, feats: Uint32Array, c: number, mask: number): number {
  let s = 0;
  for (let i = 0; i < feats.length; i++) s += weights[slot(feats[i]!, c, mask)]!;
  return feats.length > 0 ? s / Math.sqrt(feats.length) : 0;
}

/** Class id used for the shared pair weights (no real class has it). */
const PAIR_CLASS = 0x7fffffff;

/** Words of a text for pair features: Latin words and Chinese bigrams. */
export function pairWords(tokens: readonly string[]): Uint32Array {
  const set = new Set<number>();
  for (const t of tokens) if (t.length >= 2) set.add(hashString(t));
  return Uint32Array.from(set);
}

/** Σ over (query word, question word) of the shared pair weight, / √(|q|·|t|). */
export function scorePairs(weights: Float32Array, q: Uint32Array, t: Uint32Array, mask: number): number {
  if (q.length === 0 || t.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < q.length; i++) {
    const qi = Math.imul(q[i]!, 0x27d4eb2f);
    for (let j = 0; j < t.length; j++) s += weights[slot((qi ^ t[j]!) >>> 0, PAIR_CLASS, mask)]!;
  }
  return s / Math.sqrt(q.length * t.length);
}

const EMPTY = new Uint32Array(0);
