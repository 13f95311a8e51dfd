/**
 * The candidates' features: for each of the top candidates the matcher retrieved (BM25 +
 * LSA), a vector of FEATURE_COUNT numbers describing how the query relates to the entry,
 * which the scorer (scorer.ts) turns into a logit. The vector's layout is the FEATURES
 * table below: one named slot per feature, in the order the trained models store their
 * weights (model-io.ts, the compact bundle), so a feature is written by name
 * (`out[o + F.docBm25]`) and never by number.
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
 *   - how many examples the entry has, query and question lengths, unknown words;
 *   - contrast coverage: the share of the query the entry (or its question) covers, over
 *     characters and bigrams, each query term weighted by ln((K + 1) / k) when k of the K
 *     candidates have it: what the query shares with every candidate (我在 … 怎么联系银联)
 *     weighs little, what only this one has (韩国) much. The only features that see the
 *     other candidates besides the rank and the gap to the top.
 * "Coverage" below is always idf-weighted: Σ idf of the shared terms / Σ idf of the side named.
 * Pure: typed arrays, no I/O; runs the same in Node and Workers.
 */
import { ExtendedVocabulary, type Vocabulary } from "./bm25.js";
import { lsaTermIds, lsaVector, lsaVectorOfIds, lsaVectorsOfTexts, type LsaModel } from "./lsa.js";
import { tokenize } from "./tokenize.js";

/**
 * The feature vector's slots, in order. The order is part of every trained model (the
 * scorer's weights, means and deviations are per slot, stored by position in model-io.ts
 * and in the Workers bundle): add a feature at the end and bump MODEL_VERSION (model-io.ts)
 * and COMPACT_FORMAT (compact-model.ts) so stored models are retrained, never misread;
 * test/faq/features.test.ts pins the list.
 */
export const FEATURES = [
  { name: "raw", why: "the matcher's base score (BM25 combination + LSA term), the key the candidates were retrieved by; the scorer starts from it" },
  { name: "docBm25", why: "BM25 of the entry's best documents (question, examples, keywords each one document)" },
  { name: "entryBm25", why: "BM25 of all the entry's texts as one document: words spread over several paraphrases add up" },
  { name: "naiveBayes", why: "naive Bayes log-likelihood of the query, relative to the best candidate" },
  { name: "gapToTop", why: "raw minus the top candidate's raw: how far behind the leader" },
  { name: "rankInverse", why: "1 / (1 + position) in the base ranking" },
  { name: "queryBigramsInEntry", why: "coverage of the query's bigrams by the entry's question and examples" },
  { name: "queryCharsInEntry", why: "coverage of the query's characters by the entry's question and examples" },
  { name: "queryBigramsInQuestion", why: "coverage of the query's bigrams by the question alone" },
  { name: "questionBigramsInQuery", why: "coverage of the question's bigrams by the query (the other way round)" },
  { name: "queryCharsInQuestion", why: "coverage of the query's characters by the question alone" },
  { name: "questionCharsInQuery", why: "coverage of the question's characters by the query" },
  { name: "bestExampleF1", why: "bigram F1 of the query and its closest example (by that F1)" },
  { name: "bestExampleRecall", why: "that example's bigrams covered by the query" },
  { name: "bestExamplePrecision", why: "the query's bigrams covered by that example" },
  { name: "questionF1", why: "F1 of queryBigramsInQuestion and questionBigramsInQuery" },
  { name: "queryBigramsInAnswer", why: "coverage of the query's bigrams by the answer" },
  { name: "queryCharsInAnswer", why: "coverage of the query's characters by the answer" },
  { name: "logExamples", why: "ln(1 + examples): how well the entry is exemplified" },
  { name: "noExamples", why: "1 when the entry has no example, only its question" },
  { name: "queryLatinInEntry", why: "share of the query's Latin/digit words (model numbers, error codes) the entry has; 0 when it has none" },
  { name: "queryHasLatin", why: "1 when the query has a Latin/digit word" },
  { name: "lsaEntry", why: "LSA cosine of the query to the whole entry; 0 without LSA" },
  { name: "bestF1", why: "the larger of questionF1 and bestExampleF1" },
  { name: "logQueryLength", why: "ln of the query's length in characters" },
  { name: "logQuestionLength", why: "ln(1 + the question's length in characters)" },
  { name: "commonWithQuestion", why: "longest common substring with the question / query length" },
  { name: "commonWithBest", why: "the larger of commonWithQuestion and the same with the closest example" },
  { name: "lsaQuestion", why: "LSA cosine of the query to the question; 0 without LSA" },
  { name: "lsaBestExample", why: "largest LSA cosine of the query to an example (−1 with none); 0 without LSA" },
  { name: "lsaAnswer", why: "LSA cosine of the query to the answer; 0 without LSA" },
  { name: "questionLatinInQuery", why: "share of the question's Latin/digit words the query has; 0 when it has none" },
  { name: "questionHasLatin", why: "1 when the question has a Latin/digit word" },
  { name: "unknownBigrams", why: "share of the query's bigrams no question or example has (answers do not count)" },
  { name: "contrastBigramsInEntry", why: "contrast coverage (file comment) of the query's bigrams by the entry" },
  { name: "contrastCharsInEntry", why: "contrast coverage of the query's characters by the entry" },
  { name: "contrastBigramsInQuestion", why: "contrast coverage of the query's bigrams by the question" },
  { name: "contrastCharsInQuestion", why: "contrast coverage of the query's characters by the question" },
] as const;

export type FeatureName = (typeof FEATURES)[number]["name"];

/** Number of features per (query, candidate) pair. */
export const FEATURE_COUNT = FEATURES.length;

/** Each feature's slot in the vector, by name: `out[o + F.docBm25]`. */
export const F = Object.freeze(Object.fromEntries(FEATURES.map((f, i) => [f.name, i]))) as { readonly [K in FeatureName]: number };

/** What the matcher knows about a candidate before the scorer sees it. */
export interface BaseCandidate {
  /** index of the entry in the texts given to CandidateFeatures */
  entry: number;
  /** BM25 (+ LSA) combination, the base ranking key */
  raw: number;
  /** doc BM25, entry BM25, naive Bayes (relative to the best) */
  doc: number;
  entryBm25: number;
  nb: number;
}

/**
 * What the caller has already computed for the query, so features need not compute it again;
 * each must be exactly what features would compute itself.
 */
export interface SharedQueryWork {
  /** tokenize(normalized, { maxN: 2 }) */
  tokens?: readonly string[];
  /** lsaVector(lsa, tokenize(normalized, { maxN: 1 })) with the LSA model CandidateFeatures was built with */
  lsa?: Float32Array;
  /** with `tokens`: per token, its id here (termId), −1 if none: a long message's ~100 lookups are then array reads */
  termIds?: Int32Array;
}

export interface EntryTexts {
  question: string;
  examples: readonly string[];
  answer: string;
}

const LATIN = /^[\x00-\x7f]+$/;

/**
 * Lists of ints concatenated: list i is items[off[i] .. off[i+1]). The per-entry data lives
 * in a few of these rather than in an object per entry: a candidate's data is found from its
 * index, without a chain of dependent loads (entry object → set object → array) that misses
 * the cache when the set is large (bench:faq, 1,000 entries: the features took a sixth less).
 */
export interface IntLists {
  items: Int32Array;
  off: Int32Array;
}

export function packLists(lists: readonly ArrayLike<number>[]): IntLists {
  const off = new Int32Array(lists.length + 1);
  for (let i = 0; i < lists.length; i++) off[i + 1] = off[i]! + lists[i]!.length;
  const items = new Int32Array(off[lists.length]!);
  lists.forEach((l, i) => items.set(l, off[i]!));
  return { items, off };
}

const NO_LISTS: IntLists = { items: new Int32Array(0), off: new Int32Array(1) };

/**
 * Lists taken from `base` (list i is base's list from[i] where from[i] ≥ 0) or given
 * (made[i] otherwise): a derived set's per-entry lists (matcher.ts BuildOptions.base). Runs
 * of consecutive base lists are copied in one piece, so a set that changed a few entries
 * costs a few copies, not one per list.
 */
export function spliceLists(base: IntLists | undefined, from: ArrayLike<number>, made: readonly (ArrayLike<number> | undefined)[]): IntLists {
  const b = base ?? NO_LISTS;
  const n = from.length;
  const off = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const j = from[i]!;
    off[i + 1] = off[i]! + (j >= 0 ? b.off[j + 1]! - b.off[j]! : made[i]!.length);
  }
  const items = new Int32Array(off[n]!);
  for (let i = 0; i < n; ) {
    const j = from[i]!;
    if (j < 0) {
      items.set(made[i]!, off[i]!);
      i++;
      continue;
    }
    let k = i + 1;
    while (k < n && from[k] === from[k - 1]! + 1) k++;
    items.set(b.items.subarray(b.off[j]!, b.off[from[k - 1]! + 1]!), off[i]!);
    i = k;
  }
  return { items, off };
}

/** LSA slots of an entry's block: question, whole entry, answer, then one per example. */
const LSA_Q = 0;
const LSA_ALL = 1;
const LSA_ANS = 2;
const LSA_DOCS = 3;

/**
 * out[k] = a · block[base + k·d .. base + (k+1)·d) for k < n (d = a.length), each summed in
 * index order as lsa.ts dot does, so the values are the same to the bit. Four vectors at a
 * time: every sum is a chain of dependent additions, four independent chains keep the
 * adder busy.
 */
function dotsInto(a: Float32Array, block: Float32Array, base: number, n: number, out: Float64Array): void {
  const d = a.length;
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const o0 = base + k * d;
    const o1 = o0 + d;
    const o2 = o1 + d;
    const o3 = o2 + d;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < d; i++) {
      const x = a[i]!;
      s0 += x * block[o0 + i]!;
      s1 += x * block[o1 + i]!;
      s2 += x * block[o2 + i]!;
      s3 += x * block[o3 + i]!;
    }
    out[k] = s0;
    out[k + 1] = s1;
    out[k + 2] = s2;
    out[k + 3] = s3;
  }
  for (; k < n; k++) {
    const o = base + k * d;
    let s = 0;
    for (let i = 0; i < d; i++) s += a[i]! * block[o + i]!;
    out[k] = s;
  }
}

function cover(num: number, den: number): number {
  return den > 0 ? num / den : 0;
}

function f1(p: number, r: number): number {
  return p + r > 0 ? (2 * p * r) / (p + r) : 0;
}

/**
 * Per FAQ set, the entries' term sets and vectors; `features` then costs a few passes over
 * each candidate's terms. Entries are given already normalised (the matcher's normaliser).
 *
 * Per entry (lists indexed by entry): the bigram set of the question and examples (`bi`,
 * first-seen order, so the question's own bigrams are its first qBi[e]) and likewise the
 * character set (`uni`); the question's Latin/digit words; the answer's bigram and character
 * sets; per example (global example index exOff[e] + k), its bigram set as positions in the
 * entry's `bi` and its Σ idf; per text (the question, then the examples: text index
 * e + exOff[e] + k) its characters as ids of the set's alphabet; the LSA block.
 */
export class CandidateFeatures {
  private readonly vocab: Vocabulary;
  /** the LSA model of the vectors (the model's) */
  private readonly lsa: LsaModel | undefined;
  private readonly idf: Float64Array;
  /** 1 for terms seen in a question or an example (answers alone do not count) */
  private readonly known: Uint8Array;
  private readonly isLatin: Uint8Array;
  /** 1 for single non-Latin characters (the character sets), 0 for bigrams and Latin words */
  private readonly isUni: Uint8Array;
  private readonly unknownIdf: number;
  private readonly bi: IntLists;
  private readonly qBi: Int32Array;
  private readonly qBiW: Float64Array;
  private readonly uni: IntLists;
  private readonly qUni: Int32Array;
  private readonly qUniW: Float64Array;
  private readonly qLatin: IntLists;
  private readonly ansBi: IntLists;
  private readonly ansUni: IntLists;
  private readonly exOff: Int32Array;
  private readonly docPos: IntLists;
  private readonly docW: Float64Array;
  private readonly chars: IntLists;
  /** the LSA vectors, computed from lsaIds per entry on first use (entryLsa): not stored in a compact matcher */
  private lsaBlock = new Float32Array(0);
  /** per entry, 1 once its block of lsaBlock is computed */
  private lsaReady = new Uint8Array(0);
  /** per entry, the LSA term ids (lsaTermIds) of its question, each example, its answer */
  private readonly lsaIds: IntLists;
  /** mark[t] === stamp: the current query has term t (bigrams and characters: their ids differ) */
  private readonly mark: Uint8Array;
  private stamp = 0;
  /** per position of the candidate's `bi`, the idf if the query has the term, else 0 */
  private readonly hitW: Float64Array;
  /** code point → id, over the characters of the questions and examples */
  private readonly charIds: Vocabulary<number>;
  // Longest common substring, bit-parallel over the query's positions: per query, each of its
  // characters' position mask (`words` int32 per mask), found by character id through symOf.
  private readonly symOf: Int32Array;
  private readonly symChars: number[] = [];
  private qMask = new Int32Array(64);
  private words = 1;
  private runM = new Int32Array(64);
  private runCur = new Int32Array(64);
  private live = new Int32Array(64);
  private readonly qv: Float32Array;
  /** the query's LSA cosines to one entry's vectors (dotsInto) */
  private dots = new Float64Array(16);
  // Contrast coverage: the query's known terms (first-seen order); per term, in how many
  // candidates it is and its weight; per candidate, the query terms it has (entry list
  // order, 2·term + 1 if in the question), collected by the main pass over its terms.
  private qTerms = new Int32Array(64);
  private nQTerms = 0;
  private readonly cnt: Int32Array;
  private readonly cw: Float64Array;
  private candHits = new Int32Array(256);
  private candHitOff = new Int32Array(32);

  /**
   * @param texts per entry, its texts already normalised; null for an entry taken from `reuse`
   * @param reuse a CandidateFeatures built over the same normaliser and LSA model, and per entry
   *   (`from[i]`) the index of the same entry there (same question, examples and answer), or
   *   −1: its per-entry lists and term sets are taken as they are and only the other
   *   entries are tokenised. Everything that depends on the whole set (idf, weights) is
   *   computed again, so the features are those of a CandidateFeatures built from all the texts.
   *   Term ids differ from such a build's, which the features never depend on; a term only
   *   the base's texts have stays in the vocabulary with no entry, scored like a term no
   *   text has.
   */
  constructor(texts: readonly (EntryTexts | null)[], lsa?: LsaModel, reuse?: { base: CandidateFeatures; from: Int32Array }) {
    this.lsa = lsa;
    const base = reuse?.base;
    const vocab = base ? new ExtendedVocabulary(base.vocab) : new Map<string, number>();
    const charIds = base ? new ExtendedVocabulary(base.charIds) : new Map<number, number>();
    this.vocab = vocab;
    this.charIds = charIds;
    const baseTerms = base ? base.vocab.size : 0;
    // per term added here (id − baseTerms): Latin, single character
    const latin: number[] = [];
    const uniTerm: number[] = [];
    const id = (t: string): number => {
      let i = vocab.get(t);
      if (i === undefined) {
        i = vocab.size;
        if (vocab instanceof Map) vocab.set(t, i);
        else vocab.id(t);
        const lat = LATIN.test(t) ? 1 : 0;
        latin.push(lat);
        uniTerm.push(lat === 0 && Array.from(t).length === 1 ? 1 : 0);
      }
      return i;
    };
    const isUniTerm = (i: number) => (i < baseTerms ? base!.isUni[i]! : uniTerm[i - baseTerms]!);
    const isLatinTerm = (i: number) => (i < baseTerms ? base!.isLatin[i]! : latin[i - baseTerms]!);
    const split = (s: string) => {
      const uni = new Set<number>();
      const bi = new Set<number>();
      for (const t of tokenize(s, { maxN: 2 })) {
        const i = id(t);
        if (isUniTerm(i) === 1) uni.add(i);
        else bi.add(i);
      }
      return { uni, bi };
    };
    const chars = (s: string): Int32Array =>
      Int32Array.from(Array.from(s), (c) => {
        const cp = c.codePointAt(0)!;
        let i = charIds.get(cp);
        if (i === undefined) {
          i = charIds.size;
          if (charIds instanceof Map) charIds.set(cp, i);
          else charIds.id(cp);
        }
        return i;
      });
    const lsaIds = (t: string) => (lsa ? lsaTermIds(lsa, tokenize(t, { maxN: 1 })) : new Int32Array(0));
    // Per entry: its bigram and character sets (the question's first, then the examples'),
    // the question's share of each, its Latin words, the answer's sets; per example its
    // bigrams as positions in the entry's set; per text (question, examples) its characters;
    // per text (question, examples, answer) its LSA term ids. An entry taken from the base
    // takes its lists (by index: `from` per entry, and per example and text below).
    const n = texts.length;
    const from = reuse ? reuse.from : new Int32Array(n).fill(-1);
    const made = { bi: [] as Int32Array[], uni: [] as Int32Array[], qLatin: [] as number[][], ansBi: [] as Int32Array[], ansUni: [] as Int32Array[] };
    const exFrom: number[] = [];
    const exMade: Int32Array[] = [];
    const textFrom: number[] = [];
    const textMade: Int32Array[] = [];
    const lsaFrom: number[] = [];
    const lsaMade: Int32Array[] = [];
    this.qBi = new Int32Array(n);
    this.qUni = new Int32Array(n);
    this.exOff = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      const j = from[i]!;
      if (j >= 0) {
        const b = base!;
        const x0 = b.exOff[j]!;
        const nEx = b.exOff[j + 1]! - x0;
        this.qBi[i] = b.qBi[j]!;
        this.qUni[i] = b.qUni[j]!;
        this.exOff[i + 1] = this.exOff[i]! + nEx;
        for (let k = 0; k < nEx; k++) exFrom.push(x0 + k);
        for (let k = 0; k <= nEx; k++) textFrom.push(j + x0 + k);
        if (lsa) for (let k = 0; k < nEx + 2; k++) lsaFrom.push(x0 + 2 * j + k);
        continue;
      }
      const e = texts[i];
      if (!e) throw new Error("CandidateFeatures: an entry without texts must be taken from the base");
      const q = split(e.question);
      const docs = e.examples.map(split);
      // the question's terms first: they are a prefix of the entry's sets
      const allUni = new Set(q.uni);
      const allBi = new Set(q.bi);
      for (const d of docs) {
        for (const t of d.uni) allUni.add(t);
        for (const t of d.bi) allBi.add(t);
      }
      const ans = split(e.answer);
      made.bi[i] = Int32Array.from(allBi);
      made.uni[i] = Int32Array.from(allUni);
      made.qLatin[i] = [...q.bi].filter((t) => isLatinTerm(t) === 1);
      made.ansBi[i] = Int32Array.from(ans.bi);
      made.ansUni[i] = Int32Array.from(ans.uni);
      this.qBi[i] = q.bi.size;
      this.qUni[i] = q.uni.size;
      this.exOff[i + 1] = this.exOff[i]! + e.examples.length;
      const posOf = new Map<number, number>();
      let k = 0;
      for (const t of allBi) posOf.set(t, k++);
      for (const d of docs) exMade[exFrom.push(-1) - 1] = Int32Array.from(d.bi, (t) => posOf.get(t)!);
      for (const t of [e.question, ...e.examples]) textMade[textFrom.push(-1) - 1] = chars(t);
      if (lsa) for (const t of [e.question, ...e.examples, e.answer]) lsaMade[lsaFrom.push(-1) - 1] = lsaIds(t);
    }
    this.bi = spliceLists(base?.bi, from, made.bi);
    this.uni = spliceLists(base?.uni, from, made.uni);
    this.qLatin = spliceLists(base?.qLatin, from, made.qLatin);
    this.ansBi = spliceLists(base?.ansBi, from, made.ansBi);
    this.ansUni = spliceLists(base?.ansUni, from, made.ansUni);
    this.docPos = spliceLists(base?.docPos, exFrom, exMade);
    this.chars = spliceLists(base?.chars, textFrom, textMade);
    this.lsaIds = spliceLists(base?.lsaIds, lsaFrom, lsaMade);
    // document frequency: in how many entries' question and examples a term is
    const V = vocab.size;
    const df = new Int32Array(V);
    for (const l of [this.bi, this.uni]) for (let x = 0; x < l.items.length; x++) df[l.items[x]!]!++;
    this.unknownIdf = Math.log(1 + n);
    const idf = (this.idf = new Float64Array(V));
    this.known = new Uint8Array(V);
    // idf by document frequency, each value computed once (most terms share a few small ones)
    const idfOf = new Float64Array(n + 1);
    for (let t = 0; t < V; t++) {
      const f = df[t]!;
      if (f === 0) {
        idf[t] = this.unknownIdf;
        continue;
      }
      if (idfOf[f] === 0) idfOf[f] = Math.log(1 + n / f);
      idf[t] = idfOf[f]!;
      this.known[t] = 1;
    }
    this.isLatin = new Uint8Array(V);
    this.isUni = new Uint8Array(V);
    if (base) {
      this.isLatin.set(base.isLatin);
      this.isUni.set(base.isUni);
    }
    this.isLatin.set(latin, baseTerms);
    this.isUni.set(uniTerm, baseTerms);
    this.mark = new Uint8Array(V);
    this.cnt = new Int32Array(V);
    this.cw = new Float64Array(V);
    /** Σ idf of items [from, to) in list order (the order features() adds them in) */
    const weight = (items: Int32Array, from: number, to: number): number => {
      let w = 0;
      for (let x = from; x < to; x++) w += idf[items[x]!]!;
      return w;
    };
    this.qBiW = new Float64Array(n);
    this.qUniW = new Float64Array(n);
    for (let e = 0; e < n; e++) {
      this.qBiW[e] = weight(this.bi.items, this.bi.off[e]!, this.bi.off[e]! + this.qBi[e]!);
      this.qUniW[e] = weight(this.uni.items, this.uni.off[e]!, this.uni.off[e]! + this.qUni[e]!);
    }
    // an example's bigram weight: its positions in the entry's set, in the example's order
    this.docW = new Float64Array(this.exOff[n]!);
    let maxBi = 0;
    for (let e = 0; e < n; e++) {
      const b0 = this.bi.off[e]!;
      maxBi = Math.max(maxBi, this.bi.off[e + 1]! - b0);
      for (let x = this.exOff[e]!; x < this.exOff[e + 1]!; x++) {
        let w = 0;
        for (let y = this.docPos.off[x]!; y < this.docPos.off[x + 1]!; y++) w += idf[this.bi.items[b0 + this.docPos.items[y]!]!]!;
        this.docW[x] = w;
      }
    }
    this.hitW = new Float64Array(maxBi);
    this.symOf = new Int32Array(charIds.size);
    this.qv = new Float32Array(lsa ? lsa.dims : 0);
    this.deriveLsa();
  }

  /** Fields compactMatcher does not store: deriveLsa makes them again when the matcher is restored. */
  static readonly compactSkip = ["lsaBlock", "lsaReady"] as const;

  compactRevive(): void {
    this.deriveLsa();
  }

  /**
   * The LSA block, empty: an entry's vectors are computed from lsaIds the first time it is a
   * candidate (entryLsa). A query's candidates are a few dozen entries, and computing every
   * entry's vectors was most of a large set's restore (a new isolate's first request).
   */
  private deriveLsa(): void {
    const n = this.exOff.length - 1;
    const dims = this.lsa ? this.lsa.dims : 0;
    this.lsaBlock = new Float32Array(this.lsa ? (this.exOff[n]! + LSA_DOCS * n) * dims : 0);
    this.lsaReady = new Uint8Array(n);
  }

  /**
   * Entry i's block of the LSA vectors: its question, whole entry (question and examples),
   * answer and each example, the same vectors lsaVector gives over their tokens.
   */
  private entryLsa(i: number): void {
    const lsa = this.lsa!;
    const dims = lsa.dims;
    const { items, off } = this.lsaIds;
    const base = this.exOff[i]! + LSA_DOCS * i;
    const slot = (k: number) => this.lsaBlock.subarray((base + k) * dims, (base + k + 1) * dims);
    // entry i's lists: its question at l, examples at l + 1 …, answer after them
    const l = this.exOff[i]! + 2 * i;
    const examples = this.exOff[i + 1]! - this.exOff[i]!;
    // question and examples, and the whole entry in the same pass (lsaVectorsOfTexts)
    const texts = [slot(LSA_Q)];
    for (let k = 0; k < examples; k++) texts.push(slot(LSA_DOCS + k));
    lsaVectorsOfTexts(lsa, items, off.subarray(l, l + 2 + examples), texts, slot(LSA_ALL));
    lsaVectorOfIds(lsa, items, off[l + 1 + examples]!, off[l + 2 + examples]!, slot(LSA_ANS));
    this.lsaReady[i] = 1;
  }

  /** A term's id in the features' vocabulary, −1 if no entry text has it (SharedQueryWork.termIds). */
  termId(term: string): number {
    return this.vocab.get(term) ?? -1;
  }

  /**
   * Entry e's unit LSA vector of its question and examples together (its block's whole-entry
   * slot, computed with the block if not yet): the vector the matcher's LSA score takes, when
   * the matcher's LSA tokens are these (lsaMaxN 1), so that it is computed once, not twice.
   */
  entryVector(e: number): Float32Array {
    if (this.lsaReady[e] === 0) this.entryLsa(e);
    const dims = this.lsa!.dims;
    const at = (this.exOff[e]! + LSA_DOCS * e + LSA_ALL) * dims;
    return this.lsaBlock.subarray(at, at + dims);
  }

  /** Σ idf of list e's terms that the current query has (marked with this.stamp), in list order. */
  private overlap(l: IntLists, e: number): number {
    let w = 0;
    const { mark, stamp, idf } = this;
    const ids = l.items;
    for (let k = l.off[e]!, end = l.off[e + 1]!; k < end; k++) {
      const t = ids[k]!;
      if (mark[t] === stamp) w += idf[t]!;
    }
    return w;
  }

  /** How many of list e's terms the current query has. */
  private hits(l: IntLists, e: number): number {
    let n = 0;
    const { mark, stamp } = this;
    const ids = l.items;
    for (let k = l.off[e]!, end = l.off[e + 1]!; k < end; k++) if (mark[ids[k]!] === stamp) n++;
    return n;
  }

  /** A new stamp: no term is marked. */
  private newQuery(): void {
    this.nQTerms = 0;
    this.stamp++;
    if (this.stamp > 255) {
      this.mark.fill(0);
      this.stamp = 1;
    }
  }

  /** Per character of the query (ids, −1: in no entry text), the mask of its positions. */
  private setQueryChars(q: Int32Array): void {
    this.clearQueryChars();
    const words = Math.max(1, (q.length + 31) >>> 5);
    this.words = words;
    if (this.qMask.length < q.length * words) this.qMask = new Int32Array(q.length * words);
    const { symOf, qMask, symChars } = this;
    for (let i = 0; i < q.length; i++) {
      const c = q[i]!;
      if (c < 0) continue;
      let s = symOf[c]!;
      if (s === 0) {
        symChars.push(c);
        s = symChars.length;
        symOf[c] = s;
        qMask.fill(0, (s - 1) * words, s * words);
      }
      qMask[(s - 1) * words + (i >>> 5)]! |= 1 << (i & 31);
    }
  }

  private clearQueryChars(): void {
    for (const c of this.symChars) this.symOf[c] = 0;
    this.symChars.length = 0;
  }

  /**
   * Longest common substring of the query (setQueryChars) and text `text` (this.chars),
   * bit-parallel: cur[j] holds the query positions i where a common run of length ≥ L ends
   * at (i, j); level L+1 is M[j] & (cur[j−1] << 1), and the answer is the last level with
   * a run. Only the text positions with a run at level L are carried to the next (`live`,
   * in descending order, so cur[j] is read before it is overwritten). The same integer as
   * the dynamic programme over the two strings, in |text| plus the runs' lengths word
   * operations instead of |query| · |text| cells.
   */
  private longestCommon(text: number): number {
    const t = this.chars.items;
    const from = this.chars.off[text]!;
    const n = this.chars.off[text + 1]! - from;
    const { symOf, qMask, words } = this;
    if (this.runM.length < n * words) {
      this.runM = new Int32Array(n * words);
      this.runCur = new Int32Array(n * words);
      this.live = new Int32Array(n);
    }
    const m = this.runM;
    const cur = this.runCur;
    const live = this.live;
    // level 1: the positions whose character the query has, last first
    let nLive = 0;
    for (let j = n - 1; j >= 0; j--) {
      const s = symOf[t[from + j]!]!;
      if (s === 0) {
        for (let w = 0; w < words; w++) m[j * words + w] = 0;
        continue;
      }
      for (let w = 0; w < words; w++) {
        const v = qMask[(s - 1) * words + w]!;
        m[j * words + w] = v;
        cur[j * words + w] = v;
      }
      live[nLive++] = j;
    }
    if (nLive === 0) return 0;
    for (let L = 1; ; L++) {
      let next = 0;
      for (let k = 0; k < nLive; k++) {
        const j = live[k]!;
        if (j + 1 >= n) continue;
        const src = j * words;
        const dst = src + words;
        let any = 0;
        let carry = 0;
        for (let w = 0; w < words; w++) {
          const prev = cur[src + w]!;
          const v = m[dst + w]! & ((prev << 1) | carry);
          carry = prev >>> 31;
          cur[dst + w] = v;
          any |= v;
        }
        if (any !== 0) live[next++] = j + 1;
      }
      if (next === 0) return L;
      nLive = next;
    }
  }

  /**
   * Feature vectors of the candidates (in the order given: the base ranking, best first) for
   * a normalised query.
   */
  features(normalized: string, cands: readonly BaseCandidate[], shared?: SharedQueryWork): Float64Array[] {
    const flat = new Float64Array(cands.length * FEATURE_COUNT);
    this.featuresInto(normalized, cands, flat, shared);
    return cands.map((_, k) => flat.slice(k * FEATURE_COUNT, (k + 1) * FEATURE_COUNT));
  }

  /**
   * The same, written into `out`: candidate k's features at [k·FEATURE_COUNT, (k+1)·FEATURE_COUNT)
   * (every slot written; `out` may be a reused buffer).
   */
  featuresInto(normalized: string, cands: readonly BaseCandidate[], out: Float64Array, shared?: SharedQueryWork): void {
    // The query's terms, once: marked (one stamp for bigrams and characters, whose ids are
    // disjoint), idf-weighted totals, Latin words and words the examples never had.
    this.newQuery();
    const { mark, stamp, vocab, idf, isLatin } = this;
    let nBi = 0;
    let biW = 0;
    let uniW = 0;
    let latinQ = 0;
    let unknownBi = 0;
    let unseen: Set<string> | undefined;
    const toks = shared?.tokens ?? tokenize(normalized, { maxN: 2 });
    const termIds = shared?.tokens ? shared.termIds : undefined;
    for (let x = 0; x < toks.length; x++) {
      const t = toks[x]!;
      const known = termIds ? termIds[x]! : (vocab.get(t) ?? -1);
      const i = known >= 0 ? known : undefined;
      let isLat: boolean;
      let uni: boolean;
      let w: number;
      if (i !== undefined) {
        if (mark[i] === stamp) continue;
        mark[i] = stamp;
        if (this.nQTerms === this.qTerms.length) {
          const grown = new Int32Array(2 * this.qTerms.length);
          grown.set(this.qTerms);
          this.qTerms = grown;
        }
        this.qTerms[this.nQTerms++] = i;
        isLat = isLatin[i] === 1;
        uni = this.isUni[i] === 1;
        w = idf[i]!;
      } else {
        if (unseen === undefined) unseen = new Set();
        else if (unseen.has(t)) continue;
        unseen.add(t);
        isLat = LATIN.test(t);
        uni = !isLat && Array.from(t).length === 1;
        w = this.unknownIdf;
      }
      if (uni) {
        uniW += w;
      } else {
        nBi++;
        biW += w;
        if (isLat) latinQ++;
        if (i === undefined || this.known[i] === 0) unknownBi++;
      }
    }
    const qChars = Int32Array.from(Array.from(normalized), (c) => this.charIds.get(c.codePointAt(0)!) ?? -1);
    const ql = qChars.length || 1;
    this.setQueryChars(qChars);
    const qv = this.lsa ? (shared?.lsa ?? lsaVector(this.lsa, tokenize(normalized, { maxN: 1 }), this.qv)) : undefined;
    const dims = this.qv.length;
    const top = cands[0]?.raw ?? 0;
    const logQl = Math.log(ql);
    const unknownShare = nBi > 0 ? unknownBi / nBi : 0;
    const { hitW, exOff, docW } = this;
    const biIds = this.bi.items;
    const biOff = this.bi.off;
    const uniIds = this.uni.items;
    const uniOff = this.uni.off;
    const docPos = this.docPos.items;
    const docOff = this.docPos.off;
    if (this.candHitOff.length < cands.length + 1) this.candHitOff = new Int32Array(cands.length + 1);
    const hitOff = this.candHitOff;
    // a candidate has at most each query term once
    if (this.candHits.length < cands.length * this.nQTerms) this.candHits = new Int32Array(cands.length * this.nQTerms);
    const hits = this.candHits;
    let nHits = 0;
    for (let pos = 0; pos < cands.length; pos++) {
      hitOff[pos] = nHits;
      const c = cands[pos]!;
      const e = c.entry;
      const o = pos * FEATURE_COUNT;
      // bigrams: the question's are the first qBi[e] of the entry's
      const b0 = biOff[e]!;
      const nb = biOff[e + 1]! - b0;
      const nQ = this.qBi[e]!;
      let ovAll = 0;
      let ovQ = 0;
      let latinHit = 0;
      for (let k = 0; k < nb; k++) {
        if (k === nQ) ovQ = ovAll;
        const t = biIds[b0 + k]!;
        if (mark[t] === stamp) {
          hits[nHits++] = 2 * t + (k < nQ ? 1 : 0);
          const x = idf[t]!;
          ovAll += x;
          hitW[k] = x;
          latinHit += isLatin[t]!;
        } else hitW[k] = 0;
      }
      if (nQ === nb) ovQ = ovAll;
      // characters: the question's are the first qUni[e]
      const u0 = uniOff[e]!;
      const nu = uniOff[e + 1]! - u0;
      const nQUni = this.qUni[e]!;
      let ovUni = 0;
      let uq = 0;
      for (let k = 0; k < nu; k++) {
        if (k === nQUni) uq = ovUni;
        const t = uniIds[u0 + k]!;
        if (mark[t] === stamp) {
          hits[nHits++] = 2 * t + (k < nQUni ? 1 : 0);
          ovUni += idf[t]!;
        }
      }
      if (nQUni === nu) uq = ovUni;
      out[o + F.raw] = c.raw;
      out[o + F.docBm25] = c.doc;
      out[o + F.entryBm25] = c.entryBm25;
      out[o + F.naiveBayes] = c.nb;
      out[o + F.gapToTop] = c.raw - top;
      out[o + F.rankInverse] = 1 / (1 + pos);
      out[o + F.queryBigramsInEntry] = cover(ovAll, biW);
      out[o + F.queryCharsInEntry] = cover(ovUni, uniW);
      const queryBigramsInQuestion = cover(ovQ, biW);
      const questionBigramsInQuery = cover(ovQ, this.qBiW[e]!);
      out[o + F.queryBigramsInQuestion] = queryBigramsInQuestion;
      out[o + F.questionBigramsInQuery] = questionBigramsInQuery;
      out[o + F.queryCharsInQuestion] = cover(uq, uniW);
      out[o + F.questionCharsInQuery] = cover(uq, this.qUniW[e]!);
      let bestF = 0;
      let bestR = 0;
      let bestP = 0;
      let bestDoc = -1;
      const x0 = exOff[e]!;
      const nEx = exOff[e + 1]! - x0;
      for (let k = 0; k < nEx; k++) {
        // the example's overlap, in its own order (a term the query lacks has hitW 0)
        let ov = 0;
        for (let x = docOff[x0 + k]!, end = docOff[x0 + k + 1]!; x < end; x++) {
          const v = hitW[docPos[x]!]!;
          if (v !== 0) ov += v;
        }
        const p = cover(ov, biW);
        const r = cover(ov, docW[x0 + k]!);
        const F = f1(p, r);
        if (F > bestF) {
          bestF = F;
          bestR = r;
          bestP = p;
          bestDoc = k;
        }
      }
      out[o + F.bestExampleF1] = bestF;
      out[o + F.bestExampleRecall] = bestR;
      out[o + F.bestExamplePrecision] = bestP;
      const questionF1 = f1(queryBigramsInQuestion, questionBigramsInQuery);
      out[o + F.questionF1] = questionF1;
      out[o + F.queryBigramsInAnswer] = cover(this.overlap(this.ansBi, e), biW);
      out[o + F.queryCharsInAnswer] = cover(this.overlap(this.ansUni, e), uniW);
      out[o + F.logExamples] = Math.log1p(nEx);
      out[o + F.noExamples] = nEx === 0 ? 1 : 0;
      out[o + F.queryLatinInEntry] = latinQ > 0 ? latinHit / latinQ : 0;
      out[o + F.queryHasLatin] = latinQ > 0 ? 1 : 0;
      let dots = this.dots;
      if (qv) {
        const slots = LSA_DOCS + nEx;
        if (dots.length < slots) dots = this.dots = new Float64Array(slots);
        if (this.lsaReady[e] === 0) this.entryLsa(e);
        dotsInto(qv, this.lsaBlock, (x0 + LSA_DOCS * e) * dims, slots, dots);
      }
      out[o + F.lsaEntry] = qv ? dots[LSA_ALL]! : 0;
      out[o + F.bestF1] = Math.max(questionF1, bestF);
      out[o + F.logQueryLength] = logQl;
      // texts of entry e: the question at e + x0, its examples after it
      const qText = e + x0;
      out[o + F.logQuestionLength] = Math.log(1 + (this.chars.off[qText + 1]! - this.chars.off[qText]!));
      const commonWithQuestion = this.longestCommon(qText) / ql;
      out[o + F.commonWithQuestion] = commonWithQuestion;
      // the closest example by bigram F1 only: an entry may have dozens, and this is per query
      const lc = bestDoc >= 0 ? this.longestCommon(qText + 1 + bestDoc) : 0;
      out[o + F.commonWithBest] = Math.max(lc / ql, commonWithQuestion);
      if (qv) {
        out[o + F.lsaQuestion] = dots[LSA_Q]!;
        let bx = -1;
        for (let k = 0; k < nEx; k++) bx = Math.max(bx, dots[LSA_DOCS + k]!);
        out[o + F.lsaBestExample] = bx;
        out[o + F.lsaAnswer] = dots[LSA_ANS]!;
      } else {
        out[o + F.lsaQuestion] = 0;
        out[o + F.lsaBestExample] = 0;
        out[o + F.lsaAnswer] = 0;
      }
      const qLatin = this.qLatin.off[e + 1]! - this.qLatin.off[e]!;
      out[o + F.questionLatinInQuery] = qLatin > 0 ? this.hits(this.qLatin, e) / qLatin : 0;
      out[o + F.questionHasLatin] = qLatin > 0 ? 1 : 0;
      out[o + F.unknownBigrams] = unknownShare;
    }
    hitOff[cands.length] = nHits;
    this.contrast(cands.length, out);
    this.clearQueryChars();
  }

  /**
   * The contrast features (F.contrast…, file comment), from the query terms each candidate
   * has (candHits): bigrams by the entry, characters by the entry, bigrams by the question,
   * characters by the question.
   */
  private contrast(nCands: number, out: Float64Array): void {
    const { cnt, cw, qTerms, nQTerms, candHits: hits, candHitOff: hitOff, isUni } = this;
    for (let x = 0; x < hitOff[nCands]!; x++) cnt[hits[x]! >>> 1]!++;
    let totBi = 0;
    let totUni = 0;
    for (let j = 0; j < nQTerms; j++) {
      const t = qTerms[j]!;
      const k = cnt[t]!;
      const w = k > 0 ? Math.log((nCands + 1) / k) : 0;
      cw[t] = w;
      cnt[t] = 0;
      if (isUni[t] === 1) totUni += w;
      else totBi += w;
    }
    for (let pos = 0; pos < nCands; pos++) {
      let bi = 0;
      let biQ = 0;
      let uni = 0;
      let uniQ = 0;
      for (let x = hitOff[pos]!, end = hitOff[pos + 1]!; x < end; x++) {
        const h = hits[x]!;
        const t = h >>> 1;
        const w = cw[t]!;
        if (isUni[t] === 1) {
          uni += w;
          if ((h & 1) === 1) uniQ += w;
        } else {
          bi += w;
          if ((h & 1) === 1) biQ += w;
        }
      }
      const o = pos * FEATURE_COUNT;
      out[o + F.contrastBigramsInEntry] = cover(bi, totBi);
      out[o + F.contrastCharsInEntry] = cover(uni, totUni);
      out[o + F.contrastBigramsInQuestion] = cover(biQ, totBi);
      out[o + F.contrastCharsInQuestion] = cover(uniQ, totUni);
    }
  }
}
