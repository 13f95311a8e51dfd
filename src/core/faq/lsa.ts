/**
 * Latent semantic analysis over the FAQ set's own texts: a truncated SVD of the term ×
 * entry matrix (question, examples and answer of each entry), so that words which occur in
 * the same entries (刷卡机 and POS in the answers about terminals) get similar vectors and
 * a paraphrase sharing no character with the question can still land near it. Computed in
 * the training step (randomized SVD, Halko et al. 2011), not in the index build. Pure.
 */

export interface LsaParams {
  /** dimensions kept */
  dims: number;
  /** oversampling of the random range finder */
  oversample: number;
  /** power iterations */
  power: number;
  /** most frequent terms kept (by entry frequency); the rest have no vector */
  maxTerms: number;
  seed: number;
}

export const DEFAULT_LSA: LsaParams = { dims: 64, oversample: 16, power: 2, maxTerms: 20000, seed: 7 };

export interface LsaModel {
  dims: number;
  terms: Map<string, number>;
  /** idf per kept term */
  idf: Float32Array;
  /** terms × dims, row-major */
  vecs: Float32Array;
}

function gauss(seed: number): () => number {
  let s = seed >>> 0 || 1;
  const u = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** Modified Gram–Schmidt on the columns of an m × l row-major matrix, in place. */
function orthonormalize(a: Float64Array, m: number, l: number): void {
  for (let j = 0; j < l; j++) {
    for (let p = 0; p < j; p++) {
      let dot = 0;
      for (let i = 0; i < m; i++) dot += a[i * l + j]! * a[i * l + p]!;
      for (let i = 0; i < m; i++) a[i * l + j]! -= dot * a[i * l + p]!;
    }
    let n = 0;
    for (let i = 0; i < m; i++) n += a[i * l + j]! ** 2;
    n = Math.sqrt(n) || 1;
    for (let i = 0; i < m; i++) a[i * l + j]! /= n;
  }
}

/** Eigen-decomposition of a symmetric l × l matrix by cyclic Jacobi: values, vectors (columns). */
function jacobi(a: Float64Array, l: number): { values: Float64Array; vectors: Float64Array } {
  const v = new Float64Array(l * l);
  for (let i = 0; i < l; i++) v[i * l + i] = 1;
  for (let sweep = 0; sweep < 30; sweep++) {
    let off = 0;
    for (let p = 0; p < l; p++) for (let q = p + 1; q < l; q++) off += a[p * l + q]! ** 2;
    if (off < 1e-18) break;
    for (let p = 0; p < l; p++) {
      for (let q = p + 1; q < l; q++) {
        const apq = a[p * l + q]!;
        if (Math.abs(apq) < 1e-14) continue;
        const theta = (a[q * l + q]! - a[p * l + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < l; k++) {
          const akp = a[k * l + p]!;
          const akq = a[k * l + q]!;
          a[k * l + p] = c * akp - s * akq;
          a[k * l + q] = s * akp + c * akq;
        }
        for (let k = 0; k < l; k++) {
          const apk = a[p * l + k]!;
          const aqk = a[q * l + k]!;
          a[p * l + k] = c * apk - s * aqk;
          a[q * l + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < l; k++) {
          const vkp = v[k * l + p]!;
          const vkq = v[k * l + q]!;
          v[k * l + p] = c * vkp - s * vkq;
          v[k * l + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(l);
  for (let i = 0; i < l; i++) values[i] = a[i * l + i]!;
  return { values, vectors: v };
}

/** Trains on documents given as token lists (one per entry). */
export function trainLsa(docs: readonly (readonly string[])[], params: Partial<LsaParams> = {}): LsaModel {
  const p = { ...DEFAULT_LSA, ...params };
  // entry frequency of every term, keep the terms in ≥ 2 entries, most frequent first
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const kept = [...df]
    .filter(([, n]) => n >= 2)
    .sort((a, b) => b[1] - a[1])
    .slice(0, p.maxTerms);
  const terms = new Map(kept.map(([t], i) => [t, i]));
  const m = terms.size;
  const n = docs.length;
  const idf = Float32Array.from(kept, ([, f]) => Math.log(n / f));
  // sparse A (terms × docs) by document: log tf · idf, columns normalised
  const colStart = [0];
  const rowIdx: number[] = [];
  const val: number[] = [];
  for (const d of docs) {
    const tf = new Map<number, number>();
    for (const t of d) {
      const i = terms.get(t);
      if (i !== undefined) tf.set(i, (tf.get(i) ?? 0) + 1);
    }
    let norm = 0;
    const start = rowIdx.length;
    for (const [i, f] of tf) {
      const w = (1 + Math.log(f)) * idf[i]!;
      rowIdx.push(i);
      val.push(w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (let j = start; j < rowIdx.length; j++) val[j]! /= norm;
    colStart.push(rowIdx.length);
  }
  const l = Math.min(p.dims + p.oversample, n, m);
  const k = Math.min(p.dims, l);
  if (m === 0 || l === 0) return { dims: 0, terms: new Map(), idf: new Float32Array(0), vecs: new Float32Array(0) };
  // A·X (X: docs × l) → terms × l; Aᵀ·Y (Y: terms × l) → docs × l. One pass over A's
  // columns either way: `transposed` only swaps which side of each entry reads and writes.
  const mul = (x: Float64Array, transposed: boolean): Float64Array => {
    const y = new Float64Array((transposed ? n : m) * l);
    for (let d = 0; d < n; d++) {
      for (let j = colStart[d]!; j < colStart[d + 1]!; j++) {
        const i = rowIdx[j]!;
        const w = val[j]!;
        const out = (transposed ? d : i) * l;
        const src = (transposed ? i : d) * l;
        for (let c = 0; c < l; c++) y[out + c]! += w * x[src + c]!;
      }
    }
    return y;
  };
  const mulA = (x: Float64Array): Float64Array => mul(x, false);
  const mulAt = (y: Float64Array): Float64Array => mul(y, true);
  const g = gauss(p.seed);
  const omega = Float64Array.from({ length: n * l }, g);
  let q = mulA(omega);
  orthonormalize(q, m, l);
  for (let it = 0; it < p.power; it++) {
    const z = mulAt(q);
    orthonormalize(z, n, l);
    q = mulA(z);
    orthonormalize(q, m, l);
  }
  // B = Qᵀ A (l × n) = (Aᵀ Q)ᵀ ; B Bᵀ = (AᵀQ)ᵀ(AᵀQ)
  const bt = mulAt(q); // n × l
  const bbt = new Float64Array(l * l);
  for (let d = 0; d < n; d++) {
    for (let a = 0; a < l; a++) {
      const x = bt[d * l + a]!;
      if (x === 0) continue;
      for (let b = a; b < l; b++) bbt[a * l + b]! += x * bt[d * l + b]!;
    }
  }
  for (let a = 0; a < l; a++) for (let b = 0; b < a; b++) bbt[a * l + b] = bbt[b * l + a]!;
  const { values, vectors } = jacobi(bbt, l);
  const order = Array.from(values.keys())
    .sort((a, b) => values[b]! - values[a]!)
    .slice(0, k);
  // U = Q W (terms × k)
  const vecs = new Float32Array(m * k);
  for (let i = 0; i < m; i++) {
    for (let c = 0; c < k; c++) {
      const col = order[c]!;
      let s = 0;
      for (let a = 0; a < l; a++) s += q[i * l + a]! * vectors[a * l + col]!;
      vecs[i * k + c] = s;
    }
  }
  return { dims: k, terms, idf, vecs };
}

/** Unit vector of a text's tokens in the latent space (zero vector if no known term). */
export function lsaVector(model: LsaModel, tokens: readonly string[], out: Float32Array = new Float32Array(model.dims)): Float32Array {
  out.fill(0);
  for (const t of tokens) {
    const i = model.terms.get(t);
    if (i !== undefined) addTerm(model, i, out);
  }
  return toUnit(out);
}

/** The model's term ids of the tokens it knows, in order: lsaVectorOfIds over them is lsaVector over the tokens, to the bit. */
export function lsaTermIds(model: LsaModel, tokens: readonly string[]): Int32Array {
  const ids: number[] = [];
  for (const t of tokens) {
    const i = model.terms.get(t);
    if (i !== undefined) ids.push(i);
  }
  return Int32Array.from(ids);
}

/**
 * lsaVector of the terms ids[from .. to) (lsaTermIds): the same sums in the same order. A
 * compact FAQ matcher stores the ids and computes the vectors when restored (a 745-entry
 * set's vectors are ~1 MiB of floats that gzip cannot shrink; its ids are a fraction).
 */
export function lsaVectorOfIds(model: LsaModel, ids: ArrayLike<number>, from: number, to: number, out: Float32Array = new Float32Array(model.dims)): Float32Array {
  out.fill(0);
  for (let j = from; j < to; j++) addTerm(model, ids[j]!, out);
  return toUnit(out);
}

/**
 * The block of one entry's vectors (features.ts CandidateFeatures): the unit vectors of its texts
 * ids[bounds[k] .. bounds[k + 1]) into outs[k] for the question (k = 0) and each example,
 * and of all of them together (ids[bounds[0] .. bounds[last]]) into `all`: to the bit what
 * lsaVectorOfIds gives for each range, in one pass over the terms instead of two. The sums
 * of `all` are those of the question, then go on with each example's terms in order, so
 * each term's vector is read once and added to both its text's sums and the whole's.
 */
export function lsaVectorsOfTexts(model: LsaModel, ids: ArrayLike<number>, bounds: ArrayLike<number>, outs: readonly Float32Array[], all: Float32Array): void {
  const k = model.dims;
  const { idf, vecs } = model;
  all.fill(0);
  for (let x = 0; x < outs.length; x++) {
    const out = outs[x]!;
    out.fill(0);
    for (let j = bounds[x]!; j < bounds[x + 1]!; j++) {
      const i = ids[j]!;
      const w = idf[i]!;
      const row = i * k;
      for (let c = 0; c < k; c++) {
        // w · vecs is exact in a double (two floats' product), so this is addTerm's out[c] += w · vecs
        const v = w * vecs[row + c]!;
        out[c]! += v;
        all[c]! += v;
      }
    }
    toUnit(out);
  }
  toUnit(all);
}

function addTerm(model: LsaModel, i: number, out: Float32Array): void {
  const k = model.dims;
  const w = model.idf[i]!;
  for (let c = 0; c < k; c++) out[c]! += w * model.vecs[i * k + c]!;
}

function toUnit(out: Float32Array): Float32Array {
  const k = out.length;
  let norm = 0;
  for (let c = 0; c < k; c++) norm += out[c]! * out[c]!;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let c = 0; c < k; c++) out[c]! /= norm;
  return out;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
