/**
 * The learned ranker: a small ensemble of one-hidden-layer networks scoring each of BM25's
 * top candidates from features of the (query, entry) pair, trained as a softmax over each
 * training query's candidates (learn.ts builds the training queries by holding examples
 * out, so the features look as they will on paraphrases nobody wrote down yet).
 *
 * The features are generic — they describe how a query relates to an entry, not which entry
 * it is — so about a thousand training queries are enough, and what they learn applies to
 * entries that have no examples at all:
 *   - the BM25 scores (doc, entry, naive Bayes), the combination with LSA, its gap to the
 *     top, the rank;
 *   - idf-weighted coverage both ways (how much of the query the entry covers, and how much
 *     of the entry's question or closest example the query covers) over characters and
 *     bigrams; coverage of the query by the answer;
 *   - longest common substring with the question and the closest example;
 *   - LSA cosines to the question, the closest example, the whole entry and the answer;
 *   - Latin/digit words (model numbers, error codes) found or missing on either side;
 *   - how many examples the entry has, query and question lengths, unknown words.
 * Pure: typed arrays, no I/O; runs the same in Node and Workers.
 */
import { dot, lsaVector, type LsaModel } from "./lsa.js";
import { tokenize } from "./tokenize.js";

/** Number of features per (query, candidate) pair. */
export const RANK_FEATURES = 34;

export interface RankerParams {
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

export const DEFAULT_RANKER: RankerParams = { nets: 2, hidden: 16, epochs: 20, lr: 0.05, l2: 1e-4, baseScale: 10, seed: 1 };

export interface RankerNet {
  /** linear weights over standardised features */
  w: Float64Array;
  /** hidden layer: per unit, RANK_FEATURES input weights, a bias, the output weight */
  h: Float64Array;
}

export interface RankerModel {
  hidden: number;
  mean: Float64Array;
  sd: Float64Array;
  nets: RankerNet[];
}

/** What the engine knows about a candidate before the ranker sees it. */
export interface BaseCandidate {
  /** index of the entry in the texts given to RankFeatures */
  entry: number;
  /** BM25 (+ LSA) combination, the base ranking key */
  raw: number;
  /** doc BM25, entry BM25, naive Bayes (relative to the best) */
  doc: number;
  entryBm25: number;
  nb: number;
}

export interface RankText {
  question: string;
  examples: readonly string[];
  answer: string;
}

const LATIN = /^[\x00-\x7f]+$/;

interface TermSet {
  ids: Int32Array;
  /** Σ idf of the set */
  weight: number;
}

interface EntryData {
  q: TermSet;
  qUni: TermSet;
  qLatin: number;
  allBi: TermSet;
  allUni: TermSet;
  ansBi: TermSet;
  ansUni: TermSet;
  docs: TermSet[];
  qChars: Int32Array;
  docChars: Int32Array[];
  nEx: number;
  lsaQ?: Float32Array;
  lsaAll?: Float32Array;
  lsaAns?: Float32Array;
  lsaDocs: Float32Array[];
}

function codePoints(s: string): Int32Array {
  return Int32Array.from(Array.from(s), (c) => c.codePointAt(0)!);
}

/** Longest common substring of two code point arrays (dynamic programming over one row). */
function longestCommon(a: Int32Array, b: Int32Array, row: Int32Array): number {
  let best = 0;
  row.fill(0, 0, b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    let diag = 0;
    const ai = a[i - 1]!;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      const v = ai === b[j - 1] ? diag + 1 : 0;
      row[j] = v;
      if (v > best) best = v;
      diag = up;
    }
  }
  return best;
}

/**
 * Per FAQ set, the entries' term sets and vectors; `features` then costs a few passes over
 * each candidate's terms. Entries are given already normalised (the engine's normaliser).
 */
export class RankFeatures {
  private readonly vocab = new Map<string, number>();
  private idf: Float64Array = new Float64Array(0);
  /** 1 for terms seen in a question or an example (answers alone do not count) */
  private known: Uint8Array = new Uint8Array(0);
  private isLatin: Uint8Array = new Uint8Array(0);
  private readonly unknownIdf: number;
  private readonly data: EntryData[] = [];
  private mark: Uint32Array = new Uint32Array(0);
  private stamp = 0;
  private row = new Int32Array(64);

  constructor(
    texts: readonly RankText[],
    private readonly lsa?: LsaModel,
  ) {
    const df: number[] = [];
    const latin: number[] = [];
    const id = (t: string): number => {
      let i = this.vocab.get(t);
      if (i === undefined) {
        i = this.vocab.size;
        this.vocab.set(t, i);
        df.push(0);
        latin.push(LATIN.test(t) ? 1 : 0);
      }
      return i;
    };
    const split = (s: string) => {
      const uni = new Set<number>();
      const bi = new Set<number>();
      for (const t of tokenize(s, { maxN: 2 })) {
        const i = id(t);
        if (latin[i] === 0 && Array.from(t).length === 1) uni.add(i);
        else bi.add(i);
      }
      return { uni, bi };
    };
    const raw = texts.map((e) => {
      const q = split(e.question);
      const docs = e.examples.map(split);
      const allUni = new Set(q.uni);
      const allBi = new Set(q.bi);
      for (const d of docs) {
        for (const t of d.uni) allUni.add(t);
        for (const t of d.bi) allBi.add(t);
      }
      for (const t of allUni) df[t]!++;
      for (const t of allBi) df[t]!++;
      return { q, docs, allUni, allBi, ans: split(e.answer) };
    });
    const n = texts.length;
    this.unknownIdf = Math.log(1 + n);
    const V = this.vocab.size;
    this.idf = Float64Array.from(df, (f) => (f > 0 ? Math.log(1 + n / f) : this.unknownIdf));
    this.known = Uint8Array.from(df, (f) => (f > 0 ? 1 : 0));
    this.isLatin = Uint8Array.from(latin);
    this.mark = new Uint32Array(V);
    const set = (s: Set<number>): TermSet => {
      const ids = Int32Array.from(s);
      let w = 0;
      for (const t of ids) w += this.idf[t]!;
      return { ids, weight: w };
    };
    const lsaOf = (s: string) => (lsa ? lsaVector(lsa, tokenize(s, { maxN: 1 })) : undefined);
    texts.forEach((e, i) => {
      const r = raw[i]!;
      let qLatin = 0;
      for (const t of r.q.bi) qLatin += this.isLatin[t]!;
      this.data.push({
        q: set(r.q.bi),
        qUni: set(r.q.uni),
        qLatin,
        allBi: set(r.allBi),
        allUni: set(r.allUni),
        ansBi: set(r.ans.bi),
        ansUni: set(r.ans.uni),
        docs: r.docs.map((d) => set(d.bi)),
        qChars: codePoints(e.question),
        docChars: e.examples.map(codePoints),
        nEx: e.examples.length,
        lsaQ: lsaOf(e.question),
        lsaAll: lsa ? lsaVector(lsa, [e.question, ...e.examples].flatMap((t) => tokenize(t, { maxN: 1 }))) : undefined,
        lsaAns: lsaOf(e.answer),
        lsaDocs: lsa ? e.examples.map((x) => lsaOf(x)!) : [],
      });
    });
  }

  /** Σ idf of the set's terms that the current query has (marked with this.stamp). */
  private overlap(s: TermSet): number {
    let w = 0;
    const { mark, stamp, idf } = this;
    for (let k = 0; k < s.ids.length; k++) {
      const t = s.ids[k]!;
      if (mark[t] === stamp) w += idf[t]!;
    }
    return w;
  }

  private markQuery(ids: readonly number[]): void {
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      this.mark.fill(0);
      this.stamp = 1;
    }
    for (const t of ids) if (t >= 0) this.mark[t] = this.stamp;
  }

  /**
   * Feature vectors of the candidates (in the order given: the base ranking, best first) for
   * a normalised query.
   */
  features(normalized: string, cands: readonly BaseCandidate[]): Float64Array[] {
    const biIds: number[] = [];
    const uniIds: number[] = [];
    let biW = 0;
    let uniW = 0;
    let latinQ = 0;
    let unknownBi = 0;
    const seen = new Set<string>();
    for (const t of tokenize(normalized, { maxN: 2 })) {
      if (seen.has(t)) continue;
      seen.add(t);
      const i = this.vocab.get(t);
      const isLat = LATIN.test(t);
      const uni = !isLat && Array.from(t).length === 1;
      const w = i === undefined ? this.unknownIdf : this.idf[i]!;
      if (uni) {
        uniIds.push(i ?? -1);
        uniW += w;
      } else {
        biIds.push(i ?? -1);
        biW += w;
        if (isLat) latinQ++;
        if (i === undefined || this.known[i] === 0) unknownBi++;
      }
    }
    const qChars = codePoints(normalized);
    const ql = qChars.length || 1;
    const maxLen = Math.max(ql, ...cands.map((c) => this.maxChars(c.entry)));
    if (this.row.length <= maxLen) this.row = new Int32Array(maxLen + 1);
    const qv = this.lsa ? lsaVector(this.lsa, tokenize(normalized, { maxN: 1 })) : undefined;
    const top = cands[0]?.raw ?? 0;
    const out: Float64Array[] = [];
    const cover = (num: number, den: number) => (den > 0 ? num / den : 0);
    const f1 = (p: number, r: number) => (p + r > 0 ? (2 * p * r) / (p + r) : 0);
    // bigram-side overlaps first (one marking), then character-side
    const bi: number[][] = [];
    this.markQuery(biIds);
    for (const c of cands) {
      const d = this.data[c.entry]!;
      let latinHit = 0;
      for (const t of d.allBi.ids) if (this.mark[t] === this.stamp && this.isLatin[t] === 1) latinHit++;
      let qLatinHit = 0;
      for (const t of d.q.ids) if (this.mark[t] === this.stamp && this.isLatin[t] === 1) qLatinHit++;
      const docs: number[] = [];
      for (const s of d.docs) docs.push(this.overlap(s), s.weight);
      bi.push([this.overlap(d.allBi), this.overlap(d.q), this.overlap(d.ansBi), latinHit, qLatinHit, ...docs]);
    }
    this.markQuery(uniIds);
    cands.forEach((c, pos) => {
      const d = this.data[c.entry]!;
      const b = bi[pos]!;
      const f = new Float64Array(RANK_FEATURES);
      f[0] = c.raw;
      f[1] = c.doc;
      f[2] = c.entryBm25;
      f[3] = c.nb;
      f[4] = c.raw - top;
      f[5] = 1 / (1 + pos);
      f[6] = cover(b[0]!, biW);
      f[7] = cover(this.overlap(d.allUni), uniW);
      f[8] = cover(b[1]!, biW);
      f[9] = cover(b[1]!, d.q.weight);
      const uq = this.overlap(d.qUni);
      f[10] = cover(uq, uniW);
      f[11] = cover(uq, d.qUni.weight);
      let bestF = 0;
      let bestR = 0;
      let bestP = 0;
      let bestDoc = -1;
      for (let k = 0; k < d.docs.length; k++) {
        const p = cover(b[5 + 2 * k]!, biW);
        const r = cover(b[5 + 2 * k]!, b[6 + 2 * k]!);
        const F = f1(p, r);
        if (F > bestF) {
          bestF = F;
          bestR = r;
          bestP = p;
          bestDoc = k;
        }
      }
      f[12] = bestF;
      f[13] = bestR;
      f[14] = bestP;
      f[15] = f1(f[8]!, f[9]!);
      f[16] = cover(b[2]!, biW);
      f[17] = cover(this.overlap(d.ansUni), uniW);
      f[18] = Math.log1p(d.nEx);
      f[19] = d.nEx === 0 ? 1 : 0;
      if (latinQ > 0) {
        f[20] = b[3]! / latinQ;
        f[21] = 1;
      }
      if (qv && d.lsaAll) f[22] = dot(qv, d.lsaAll);
      f[23] = Math.max(f[15]!, f[12]!);
      f[24] = Math.log(ql);
      f[25] = Math.log(1 + d.qChars.length);
      f[26] = longestCommon(qChars, d.qChars, this.row) / ql;
      // the closest example by bigram F1 only: an entry may have dozens, and this is per query
      const lc = bestDoc >= 0 ? longestCommon(qChars, d.docChars[bestDoc]!, this.row) : 0;
      f[27] = Math.max(lc / ql, f[26]!);
      if (qv) {
        if (d.lsaQ) f[28] = dot(qv, d.lsaQ);
        let bx = -1;
        for (const x of d.lsaDocs) bx = Math.max(bx, dot(qv, x));
        f[29] = bx;
        if (d.lsaAns) f[30] = dot(qv, d.lsaAns);
      }
      if (d.qLatin > 0) {
        f[31] = b[4]! / d.qLatin;
        f[32] = 1;
      }
      f[33] = biIds.length > 0 ? unknownBi / biIds.length : 0;
      out.push(f);
    });
    return out;
  }

  private maxChars(e: number): number {
    const d = this.data[e]!;
    let m = d.qChars.length;
    for (const x of d.docChars) m = Math.max(m, x.length);
    return m;
  }
}

/** Score of one standardised feature vector under one network. */
function netScore(net: RankerNet, hidden: number, x: Float64Array): number {
  const n = RANK_FEATURES;
  let s = 0;
  for (let i = 0; i < n; i++) s += net.w[i]! * x[i]!;
  const h = net.h;
  for (let u = 0; u < hidden; u++) {
    const b = u * (n + 2);
    let a = h[b + n]!;
    for (let i = 0; i < n; i++) a += h[b + i]! * x[i]!;
    if (a > 0) s += h[b + n + 1]! * a;
  }
  return s;
}

function standardise(m: { mean: Float64Array; sd: Float64Array }, x: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < RANK_FEATURES; i++) out[i] = (x[i]! - m.mean[i]!) / m.sd[i]!;
  return out;
}

const scratch = new Float64Array(RANK_FEATURES);

/** The ensemble's score of a feature vector: the mean of its networks' scores (a logit). */
export function rankerScore(m: RankerModel, x: Float64Array): number {
  const z = standardise(m, x, scratch);
  let s = 0;
  for (const net of m.nets) s += netScore(net, m.hidden, z);
  return s / m.nets.length;
}

export interface RankerSample {
  /** feature vectors of the candidates */
  X: Float64Array[];
  /** index of the right entry among them */
  gold: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** Trains the ensemble: softmax cross-entropy over each sample's candidates, AdaGrad. */
export function trainRanker(samples: readonly RankerSample[], params: Partial<RankerParams> = {}): RankerModel {
  const p = { ...DEFAULT_RANKER, ...params };
  const n = RANK_FEATURES;
  const mean = new Float64Array(n);
  const sd = new Float64Array(n);
  let count = 0;
  for (const s of samples) for (const x of s.X) {
    count++;
    for (let i = 0; i < n; i++) mean[i]! += x[i]!;
  }
  for (let i = 0; i < n; i++) mean[i]! /= count || 1;
  for (const s of samples) for (const x of s.X) for (let i = 0; i < n; i++) sd[i]! += (x[i]! - mean[i]!) ** 2;
  for (let i = 0; i < n; i++) sd[i] = Math.sqrt(sd[i]! / (count || 1)) || 1;
  const Z = samples.map((s) => s.X.map((x) => standardise({ mean, sd }, x, new Float64Array(n))));
  const nets: RankerNet[] = [];
  for (let k = 0; k < p.nets; k++) nets.push(trainNet(samples, Z, p, p.seed + k, sd));
  return { hidden: p.hidden, mean, sd, nets };
}

function trainNet(samples: readonly RankerSample[], Z: Float64Array[][], p: RankerParams, seed: number, sd: Float64Array): RankerNet {
  const n = RANK_FEATURES;
  const H = p.hidden;
  const stride = n + 2;
  const rand = rng(seed);
  const w = new Float64Array(n);
  const gw = new Float64Array(n);
  // Start from the base score: feature 0 is the BM25 + LSA combination.
  w[0] = p.baseScale * sd[0]!;
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
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
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
      let z = 0;
      for (let k = 0; k < X.length; k++) {
        prob[k] = Math.exp(prob[k]! - max);
        z += prob[k]!;
      }
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
