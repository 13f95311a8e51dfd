/**
 * CandidateFeatures (features.ts) computes its features from flat per-set arrays, marks, a
 * bit-parallel longest common substring and interleaved dot products, for speed. Its output
 * must stay the same, to the bit, as the plain per-candidate computation it replaced: that
 * one is kept below as the reference, and both run on generated sets (Chinese characters,
 * Latin words, entries without examples, queries longer than 32 and 64 characters, words
 * no entry has) for enough queries to wrap the mark stamps.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMPACT_FORMAT } from "../../src/core/faq/compact-model.js";
import { dot, lsaVector, trainLsa, type LsaModel } from "../../src/core/faq/lsa.js";
import { type BaseCandidate, CandidateFeatures, type EntryTexts, F, FEATURE_COUNT, FEATURES } from "../../src/core/faq/features.js";
import { type Scorer, scoreCandidate } from "../../src/core/faq/scorer.js";
import { MODEL_VERSION } from "../../src/core/faq/model-io.js";
import { tokenize } from "../../src/core/faq/tokenize.js";
import { rng } from "../../src/core/faq/train-math.js";

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
class ReferenceFeatures {
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
    texts: readonly EntryTexts[],
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
        lsaAll: lsa
          ? lsaVector(
              lsa,
              [e.question, ...e.examples].flatMap((t) => tokenize(t, { maxN: 1 })),
            )
          : undefined,
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
      const f = new Float64Array(FEATURE_COUNT);
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
    this.contrast(cands, biIds, uniIds, out);
    return out;
  }

  /**
   * Contrast coverage (34–37): each query term weighs ln((K + 1) / k) when k of the K
   * candidates' entries (question or examples) have it; the share of the query's total the
   * entry, then the question, has: bigrams, characters.
   */
  private contrast(cands: readonly BaseCandidate[], biIds: readonly number[], uniIds: readonly number[], out: Float64Array[]): void {
    const K = cands.length;
    const weights = (ids: readonly number[], set: (d: EntryData) => TermSet) => {
      const w = new Map<number, number>();
      let total = 0;
      for (const t of ids) {
        if (t < 0) continue;
        const k = cands.filter((c) => set(this.data[c.entry]!).ids.includes(t)).length;
        const x = k > 0 ? Math.log((K + 1) / k) : 0;
        w.set(t, x);
        total += x;
      }
      return { w, total };
    };
    const bi = weights(biIds, (d) => d.allBi);
    const uni = weights(uniIds, (d) => d.allUni);
    const share = (s: TermSet, ws: { w: Map<number, number>; total: number }) => {
      let x = 0;
      for (const t of s.ids) {
        const w = ws.w.get(t);
        if (w !== undefined) x += w;
      }
      return ws.total > 0 ? x / ws.total : 0;
    };
    cands.forEach((c, pos) => {
      const d = this.data[c.entry]!;
      const f = out[pos]!;
      f[34] = share(d.allBi, bi);
      f[35] = share(d.allUni, uni);
      f[36] = share(d.q, bi);
      f[37] = share(d.qUni, uni);
    });
  }

  private maxChars(e: number): number {
    const d = this.data[e]!;
    let m = d.qChars.length;
    for (const x of d.docChars) m = Math.max(m, x.length);
    return m;
  }
}

/** The network score as first written (one hidden unit at a time). */
function referenceScore(m: Scorer, x: Float64Array): number {
  const n = FEATURE_COUNT;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = (x[i]! - m.mean[i]!) / m.sd[i]!;
  let total = 0;
  for (const net of m.nets) {
    let s = 0;
    for (let i = 0; i < n; i++) s += net.w[i]! * z[i]!;
    for (let u = 0; u < m.hidden; u++) {
      const b = u * (n + 2);
      let a = net.h[b + n]!;
      for (let i = 0; i < n; i++) a += net.h[b + i]! * z[i]!;
      if (a > 0) s += net.h[b + n + 1]! * a;
    }
    total += s;
  }
  return total / m.nets.length;
}

const CHARS = Array.from("刷卡机坏了怎么办手机付款不能用银行丢失挂号退货运费发票优惠券吗呢的我是");
const WORDS = ["pos", "s3", "7", "iphone", "a 1", "e05"];

function generate(seed: number) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const text = (maxLen: number): string => {
    const len = 1 + Math.floor(r() * maxLen);
    let s = "";
    while (Array.from(s).length < len) {
      const x = r();
      if (x < 0.08) s += ` ${pick(WORDS)} `;
      else if (x < 0.1)
        s += "ß"; // in no question or example
      else s += pick(CHARS);
    }
    return s.trim().replace(/ +/g, " ");
  };
  const texts: EntryTexts[] = Array.from({ length: 30 }, (_, i) => ({
    question: text(20),
    examples: Array.from({ length: i % 7 === 0 ? 0 : Math.floor(r() * 12) }, () => text(i % 5 === 0 ? 90 : 30)),
    answer: i % 3 === 0 ? "" : text(60),
  }));
  const queries = Array.from({ length: 600 }, (_, i) => text(i % 10 === 0 ? 140 : i % 4 === 0 ? 50 : 25));
  const candidates = (): BaseCandidate[] => {
    const n = 1 + Math.floor(r() * 20);
    const seen = new Set<number>();
    const out: BaseCandidate[] = [];
    while (out.length < n && seen.size < texts.length) {
      const entry = Math.floor(r() * texts.length);
      if (seen.has(entry)) continue;
      seen.add(entry);
      out.push({ entry, raw: r() * 3 - 1, doc: r(), entryBm25: r(), nb: -r() });
    }
    return out.sort((a, b) => b.raw - a.raw);
  };
  return { texts, queries, candidates, r };
}

const bits = (x: Float64Array) => Array.from(new Uint32Array(x.buffer, x.byteOffset, x.length * 2));

describe("CandidateFeatures", () => {
  for (const withLsa of [true, false]) {
    it(`gives the reference features to the bit ${withLsa ? "with" : "without"} LSA`, () => {
      const { texts, queries, candidates } = generate(withLsa ? 11 : 12);
      const lsa: LsaModel | undefined = withLsa
        ? trainLsa(
            texts.map((e) => [e.question, ...e.examples, e.answer].flatMap((t) => tokenize(t, { maxN: 1 }))),
            { dims: 8, oversample: 4 },
          )
        : undefined;
      const fast = new CandidateFeatures(texts, lsa);
      const ref = new ReferenceFeatures(texts, lsa);
      const buf = new Float64Array(20 * FEATURE_COUNT).fill(Number.NaN);
      let compared = 0;
      for (const q of queries) {
        const cands = candidates();
        const want = ref.features(q, cands);
        const got = fast.features(q, cands);
        expect(got.length).toBe(want.length);
        got.forEach((x, i) => expect(bits(x)).toEqual(bits(want[i]!)));
        // into a reused buffer holding the last query's values, with the tokens and LSA
        // vector the caller has already computed (as the matcher passes them)
        const shared = { tokens: tokenize(q, { maxN: 2 }), lsa: lsa ? lsaVector(lsa, tokenize(q, { maxN: 1 })) : undefined };
        fast.featuresInto(q, cands, buf, shared);
        want.forEach((x, i) => expect(bits(buf.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT))).toEqual(bits(x)));
        compared += cands.length;
      }
      expect(compared).toBeGreaterThan(3000);
    });
  }

  it("scores like the one-unit-at-a-time network", () => {
    const { r } = generate(13);
    for (const hidden of [0, 3, 16, 17]) {
      const m: Scorer = {
        hidden,
        mean: Float64Array.from({ length: FEATURE_COUNT }, () => r() - 0.5),
        sd: Float64Array.from({ length: FEATURE_COUNT }, () => 0.5 + r()),
        nets: [0, 1].map(() => ({
          w: Float64Array.from({ length: FEATURE_COUNT }, () => r() - 0.5),
          h: Float64Array.from({ length: hidden * (FEATURE_COUNT + 2) }, () => r() - 0.5),
        })),
      };
      const flat = Float64Array.from({ length: 5 * FEATURE_COUNT }, () => r() * 4 - 2);
      for (let k = 0; k < 5; k++) {
        const x = flat.slice(k * FEATURE_COUNT, (k + 1) * FEATURE_COUNT);
        expect(Object.is(scoreCandidate(m, flat, k * FEATURE_COUNT), referenceScore(m, x))).toBe(true);
        expect(Object.is(scoreCandidate(m, x), referenceScore(m, x))).toBe(true);
      }
    }
  });
});

describe("the FEATURES table", () => {
  // The slot order of every stored model of MODEL_VERSION and every bundle of COMPACT_FORMAT
  // (the scorer's weights, means and deviations are per slot, by position). Changing this
  // list means changing the format: bump both versions (stored models are then retrained,
  // bundles rebuilt) and write the new list here. The reference features above are written
  // by number, so they pin each name's slot to its value as well.
  const PINNED = {
    model: "ranker-2",
    compact: "faq-engine-3",
    names: [
      "raw",
      "docBm25",
      "entryBm25",
      "naiveBayes",
      "gapToTop",
      "rankInverse",
      "queryBigramsInEntry",
      "queryCharsInEntry",
      "queryBigramsInQuestion",
      "questionBigramsInQuery",
      "queryCharsInQuestion",
      "questionCharsInQuery",
      "bestExampleF1",
      "bestExampleRecall",
      "bestExamplePrecision",
      "questionF1",
      "queryBigramsInAnswer",
      "queryCharsInAnswer",
      "logExamples",
      "noExamples",
      "queryLatinInEntry",
      "queryHasLatin",
      "lsaEntry",
      "bestF1",
      "logQueryLength",
      "logQuestionLength",
      "commonWithQuestion",
      "commonWithBest",
      "lsaQuestion",
      "lsaBestExample",
      "lsaAnswer",
      "questionLatinInQuery",
      "questionHasLatin",
      "unknownBigrams",
      "contrastBigramsInEntry",
      "contrastCharsInEntry",
      "contrastBigramsInQuestion",
      "contrastCharsInQuestion",
    ],
  };

  it("keeps the stored models' slot order", () => {
    expect({ model: MODEL_VERSION, compact: COMPACT_FORMAT, names: FEATURES.map((f) => f.name) }).toEqual(PINNED);
    expect(FEATURE_COUNT).toBe(38);
  });

  it("gives each name its slot and says why each feature is there", () => {
    FEATURES.forEach((f, i) => {
      expect(F[f.name]).toBe(i);
      expect(f.why.length).toBeGreaterThan(10);
    });
    expect(Object.keys(F)).toHaveLength(FEATURE_COUNT);
  });

  it("is how features.ts writes the vector: by name, never by number", () => {
    const source = readFileSync(join(import.meta.dirname, "../../src/core/faq/features.ts"), "utf8");
    expect(source.match(/out\[o \+ F\.\w+\]/g)?.length).toBeGreaterThanOrEqual(FEATURE_COUNT);
    expect(source.match(/out\[o \+ \d+\]/g)).toBeNull();
  });
});
