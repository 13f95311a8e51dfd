/**
 * The matcher: buildFaqMatcher(entries, settings, { model }) → FaqRankingMatcher (the
 * FaqMatcher contract of types.ts plus rank/confidence for the CLI and calibration). Pure and
 * synchronous: the Node runtime builds one per shop on every (re)load, Workers restore one
 * from the bundle (compact-model.ts). It answers a query in two steps (docs/faq.md, "Glossary"):
 *   1. retrieval: the candidates, by a linear combination of the scores below (rankBm25),
 *      plus the model's LSA cosine when there is a model (retrieve);
 *   2. re-scoring, with a trained model (model.ts, trained by train.ts): each of the top
 *      candidates gets the scorer's logit over its features (features.ts, scorer.ts) plus the
 *      residual n-gram × entry weights (residual.ts); then the confidence decides.
 *
 * Retrieval's scores, chosen by cross-validation on the dev splits of the two evaluation
 * sets (docs/faq.md has the figures):
 *   - doc BM25: every question, example and keyword is its own document; an entry scores
 *     its best document plus a decayed share of its 2nd and 3rd best (several paraphrases
 *     agreeing is evidence a single lucky one is not);
 *   - entry BM25: all of an entry's texts as one document, with weak length normalisation,
 *     so words spread over several paraphrases add up;
 *   - TF-IDF cosine to the closest document: bounded 0..1, it keeps the confidence honest
 *     when the query is long and only partly covered;
 *   - naive Bayes log-likelihood per query token, relative to the best candidate.
 * BM25 scores are divided by the query's score against itself, so every feature is on a
 * scale that does not depend on query length or FAQ size, and one linear combination and
 * one confidence curve serve every FAQ set.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import type { Platform } from "../events.js";
import { ExtendedVocabulary, InvertedIndex } from "./bm25.js";
import { FUNCTION_CHARS } from "./function-chars.js";
import { createNormalizer, type Normalizer } from "./normalize.js";
import { dot, lsaTermIds, lsaVector, lsaVectorOfIds } from "./lsa.js";
import { type BaseCandidate, CandidateFeatures, FEATURE_COUNT, type IntLists, type SharedQueryWork, spliceLists } from "./features.js";
import type { FaqModel } from "./model.js";
import { featureHashes, pairWords, scoreClass, scorePairs } from "./residual.js";
import { scoreCandidate } from "./scorer.js";
import { tokenize } from "./tokenize.js";
import type { FaqEntry, FaqMatch, FaqMatcher, FaqMatchResult } from "./types.js";

export interface ScoringParams {
  /** longest character n-gram */
  maxN: number;
  /** 1: add skip-bigrams (see tokenize.ts) */
  skip: number;
  /**
   * 1: documents are weighted by the entry-level idf (in how many entries a term occurs,
   * not how many texts): a word repeated in every paraphrase of one entry is that entry's
   * signature, not a common word.
   */
  icf: number;
  /** BM25 over single documents */
  k1: number;
  b: number;
  /** BM25 over whole entries */
  entryK1: number;
  entryB: number;
  /** weight of an entry's 2nd best document (3rd gets its square) */
  agg: number;
  /** linear combination of the features */
  wDoc: number;
  wEntry: number;
  wCos: number;
  wNb: number;
  /**
   * class prior: wPrior · ln(1 + number of examples) is added to every entry's score. An
   * entry buyers ask about often has many recorded paraphrases; one nobody has asked yet
   * has none (naive Bayes' prior, estimated from the examples).
   */
  wPrior: number;
  /** > 0: Dirichlet-smoothed query likelihood with this μ; otherwise additive smoothing nbAlpha */
  lmMu: number;
  nbAlpha: number;
  /**
   * Query terms in more than this share of the documents are dropped (stop characters such
   * as 的/吗/我 or a brand name in every question): they add almost nothing to any score
   * but their postings are most of the work.
   */
  maxDfRatio: number;
  /** the same for single characters, which make most of the postings */
  uniMaxDfRatio: number;
  /**
   * confidence = sigmoid(conf0 + confMargin·(top − second) + confRel·(top − second)/top
   *                      + confCover·docFeature): a logistic model fitted on held-out dev
   * queries of both evaluation sets plus each set's queries against the other set's FAQ as
   * unanswerable negatives (so that half-covered, off-topic text scores low).
   */
  conf0: number;
  confMargin: number;
  confRel: number;
  confCover: number;
}

export const DEFAULT_SCORING: ScoringParams = {
  maxN: 2,
  skip: 0,
  icf: 1,
  k1: 1.2,
  b: 0.75,
  entryK1: 1.2,
  entryB: 0.3,
  agg: 0.3,
  wDoc: 1,
  wEntry: 1,
  wCos: 0,
  wNb: 0.1,
  wPrior: 0,
  lmMu: 0,
  nbAlpha: 0.1,
  maxDfRatio: 0.1,
  uniMaxDfRatio: 0.05,
  conf0: -3.5,
  confMargin: 5.1,
  confRel: 0.69,
  confCover: 3.59,
};

/** Settings stored with a FAQ set (faq/_settings.yaml, or the eval's calibration). */
export interface FaqSettings {
  /** calibrated confidence above which the bot may answer alone */
  threshold?: number;
  /** groups of interchangeable words, first is canonical: [[包邮, 免运费, 免邮]] */
  synonyms?: string[][];
  /** replaces the default filler list */
  fillers?: string[];
  scoring?: Partial<ScoringParams>;
  /**
   * Buyer messages no entry answers ("是正品吗", "好的"): indexed as one hidden entry that
   * is never returned, but whose score is a rival, so text close to them is never answered
   * alone (Rasa's out_of_scope intent, in effect).
   */
  outOfScope?: string[];
}

/** The id of the hidden out-of-scope entry: "_" cannot start a real entry id. */
export const OUT_OF_SCOPE_ID = "_out_of_scope";

/**
 * Used when a FAQ set has never been calibrated: the level at which held-out precision was
 * ≥ 0.97 on both evaluation sets (docs/faq.md), so an uncalibrated set answers alone rarely.
 */
export const DEFAULT_THRESHOLD = 0.99;

export interface RankedCandidate {
  entry: FaqEntry;
  /** the linear combination, the ranking key */
  raw: number;
  /** doc BM25, entry BM25, cosine, naive Bayes (see the file comment) */
  features: [number, number, number, number];
  /**
   * The entry's best single document, scaled like the doc feature (BM25 of its closest text
   * over the query's self score; features[0] without the 2nd and 3rd documents' agg terms):
   * how close the message is to one text of the entry (match's nearest-text rule).
   */
  best1: number;
}

export interface RankResult {
  normalized: string;
  candidates: RankedCandidate[];
  /**
   * With the scorer: log Σ exp(raw) over every candidate it scored (before the cut
   * to topK), so exp(raw − logNorm) is a candidate's softmax probability, its confidence.
   */
  logNorm?: number;
  /**
   * The out-of-scope entry's best single document (as RankedCandidate.best1), whether or not
   * it was kept among the candidates; absent when the set has no out-of-scope texts or the
   * message shares no term with them.
   */
  oosBest1?: number;
}

/** What buildFaqMatcher returns: the FaqMatcher contract plus what the CLI and calibration need. */
export interface FaqRankingMatcher extends FaqMatcher {
  readonly entries: readonly FaqEntry[];
  readonly settings: Readonly<FaqSettings>;
  readonly scoring: Readonly<ScoringParams>;
  /** all candidates with their raw scores, best first */
  rank(text: string, topK?: number): RankResult;
  /** calibrated confidence of a candidate given its strongest rival's raw score */
  confidence(c: RankedCandidate, rival: number): number;
  /** the trained model re-scoring the retrieved candidates (model.ts), if any */
  readonly model: FaqModel | undefined;
  /**
   * For training the scorer: the base ranking (BM25 + LSA, best first) and each
   * candidate's feature vector. Only on a matcher built with a model whose params.ranker > 0.
   */
  candidateFeatures(text: string, topK: number): { normalized: string; candidates: RankedCandidate[]; features: Float64Array[] };
}

/** A query's tokens and LSA vector, computed once for the steps of one rank(). */
interface QueryWork {
  /** tokenize(normalized, { maxN: 2 }) */
  tokens2?: string[];
  /** tokenize(normalized, { maxN: 1 }) */
  tokens1?: string[];
  /** lsaVector(model.lsa, tokens1): a view of the matcher's buffer, valid until the next query */
  lsa?: Float32Array;
}

export interface BuildOptions {
  /** weights from `trainFaqModel` on this FAQ set (entries are matched by id) */
  model?: FaqModel;
  /**
   * A matcher of a set that shares most entries with this one (an overriding shop's set and
   * the shared set's matcher, restored from its compact form): where both normalise and
   * score alike and run the same model (`model`), the entries it has unchanged keep its
   * documents, term sets and vectors, and only the others are normalised and tokenised
   * (Matcher.reusableFor). The indexes and every statistic of the whole set are computed
   * again, so the matcher answers as one built from the texts (test/faq/derive.test.ts).
   */
  base?: FaqRankingMatcher;
  /** the set's version when the caller has it already (a bundle stores faqVersion of each shop's set) */
  version?: string;
}

/** k1·(1 − b + b·len/avg) per document: BM25's length part, each posting's tf part is tf·(k1+1) / (tf + this). */
function lengthNorms(ix: InvertedIndex, k1: number, b: number): Float64Array {
  const bAvg = b / ix.avgLen;
  return Float64Array.from(ix.docLen, (len) => k1 * (1 - b + bAvg * len));
}

/**
 * Slots of a matcher's table of query tokens' term ids (Matcher.termOf): 2^14 (128 KiB), so
 * up to 8,192 distinct tokens, a shop's buyers' common ones; later ones take the Map.
 */
const TERM_CACHE = 1 << 14;

/** A term is never dropped as too common while it is in fewer documents than this. */
const MIN_DROPPED_DF = 500;

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function hashVersion(entries: readonly FaqEntry[], settings: FaqSettings): string {
  const canonical = JSON.stringify([entries.map((e) => [e.id, e.question, e.examples, e.answer, e.answers ?? null, e.keywords ?? null, e.enabled]), settings]);
  return bytesToHex(sha256(utf8ToBytes(canonical))).slice(0, 16);
}

/**
 * What a matcher takes from its entries, settings and model as they are (references and the
 * normaliser), not from building: set the same way when a matcher is built and when it is
 * restored from its compact state (compact-model.ts).
 */
function matcherInputs(entries: readonly FaqEntry[], settings: FaqSettings, model: FaqModel | undefined, normalize?: Normalizer) {
  const live = entries.filter((e) => e.enabled);
  if (settings.outOfScope && settings.outOfScope.length > 0) {
    live.push({ id: OUT_OF_SCOPE_ID, question: settings.outOfScope[0]!, examples: settings.outOfScope.slice(1), answer: "", enabled: true });
  }
  return {
    entries,
    settings,
    scoring: { ...DEFAULT_SCORING, ...settings.scoring },
    threshold: settings.threshold ?? DEFAULT_THRESHOLD,
    normalize: normalize ?? createNormalizer({ synonyms: settings.synonyms, fillers: settings.fillers }),
    live,
    liveIndex: new Map(live.map((e, i) => [e, i])),
    /** the out-of-scope entry's place in `live` (always last), −1 without one */
    oosLive: live.at(-1)?.id === OUT_OF_SCOPE_ID ? live.length - 1 : -1,
    model,
    entryGrams: new Map<string, Set<string>>(),
  };
}

/** What createNormalizer is made from: two sets with the same key normalise every text alike. */
export function normalizerKey(settings: FaqSettings): string {
  return JSON.stringify([settings.synonyms ?? null, settings.fillers ?? null]);
}

/** The version of a FAQ set (FaqMatcher.version): a hash of its entries and settings. */
export function faqVersion(entries: readonly FaqEntry[], settings: FaqSettings): string {
  return hashVersion(entries, settings);
}

/**
 * The indexes of a matcher derived from a base matcher (BuildOptions.base): the base's
 * documents and entries kept for the entries found there (from[i] ≥ 0, in the base's order),
 * renumbered; the others' texts tokenised and added. Term ids are the base's, new terms after them.
 */
function derivedIndexes(base: { docIndex: InvertedIndex; entryIndex: InvertedIndex; docEntry: Int32Array }, from: Int32Array, live: readonly FaqEntry[], tokens: (text: string) => string[]) {
  const terms = new ExtendedVocabulary(base.docIndex.terms);
  const nBase = base.entryIndex.numDocs;
  // base documents of base entry j: [firstDoc[j], firstDoc[j + 1]) (documents are in entry order)
  const firstDoc = new Int32Array(nBase + 1);
  for (let d = 0; d < base.docEntry.length; d++) firstDoc[base.docEntry[d]! + 1]!++;
  for (let j = 0; j < nBase; j++) firstDoc[j + 1]! += firstDoc[j]!;
  const docMap = new Int32Array(base.docEntry.length).fill(-1);
  const entryMap = new Int32Array(nBase).fill(-1);
  const docEntry: number[] = [];
  const addedDocs = { doc: [] as number[], ids: [] as Int32Array[] };
  const addedEntries = { doc: [] as number[], ids: [] as Int32Array[] };
  live.forEach((e, i) => {
    const j = from[i]!;
    if (j >= 0) {
      entryMap[j] = i;
      for (let d = firstDoc[j]!; d < firstDoc[j + 1]!; d++) docMap[d] = docEntry.push(i) - 1;
      return;
    }
    const own: number[] = [];
    for (const text of [e.question, ...e.examples, ...(e.keywords ?? [])]) {
      const toks = tokens(text);
      if (toks.length === 0) continue;
      const ids = Int32Array.from(toks, (t) => terms.id(t));
      addedDocs.doc.push(docEntry.push(i) - 1);
      addedDocs.ids.push(ids);
      own.push(...ids);
    }
    addedEntries.doc.push(i);
    addedEntries.ids.push(Int32Array.from(own));
  });
  const docIndex = base.docIndex.derive(terms, terms.size, docEntry.length, docMap, addedDocs);
  const entryIndex = base.entryIndex.derive(terms, terms.size, live.length, entryMap, addedEntries);
  return { docIndex, entryIndex, docEntry: Int32Array.from(docEntry) };
}

class Matcher implements FaqRankingMatcher {
  readonly version: string;
  readonly threshold: number;
  readonly entries: readonly FaqEntry[];
  readonly settings: Readonly<FaqSettings>;
  readonly scoring: Readonly<ScoringParams>;

  private readonly normalize: Normalizer;
  private readonly live: FaqEntry[];
  private readonly docIndex: InvertedIndex;
  private readonly entryIndex: InvertedIndex;
  private readonly docEntry: Int32Array;
  private readonly docNorm: Float64Array;
  /** ln(N_e + α·V) per entry, the naive Bayes denominator */
  private readonly nbLogDenom: Float64Array;
  /** wPrior · ln(1 + examples) per live entry */
  private readonly prior: Float64Array;
  private readonly muPc: Float64Array;
  /** per posting, precomputed at build: BM25 tf parts, 1 + ln tf, naive Bayes log ratios */
  private docBm!: Float32Array;
  private docLogTf!: Float32Array;
  private entryBm!: Float32Array;
  private entryNb!: Float32Array;
  /** per term, 1 once the per-posting values of its postings are computed (prepareTerm) */
  private termReady!: Uint8Array;
  /** termOf's table: key (the token's units, 0: empty slot) and term id (−1: not a term) per slot; allocated on first use */
  private termCacheKeys!: Int32Array;
  private termCacheIds!: Int32Array;
  private termCached!: number;
  /** per live entry, a bound on its documents' BM25 for the current query (rankBm25) */
  private accBound!: Float64Array;
  /** live entry e's documents are [firstDoc[e], firstDoc[e + 1]) */
  private firstDoc!: Int32Array;
  /** naive Bayes log ratio of a posting by its count (prepareTerm), NaN until first needed */
  private nbOfTf!: Float64Array;
  /** per term, its place + 1 in the current query's term list, −1 if left out, else 0 (queryTerms) */
  private termSlot!: Int32Array;
  /** per token of the current query (queryTerms), its term id, −1 if the set has none */
  private tokTerm!: Int32Array;
  /** per term, its id in the scorer's vocabulary (CandidateFeatures.termId), −1 none, −2 not looked up yet */
  private rankTerm!: Int32Array;
  /** per token of the current query, its id in the scorer's vocabulary (SharedQueryWork.termIds) */
  private tokRankTerm!: Int32Array;
  /** BM25's length part per document and per entry (lengthNorms) */
  private docNormBm!: Float64Array;
  private entryNormBm!: Float64Array;
  private readonly idfUnknown: number;
  private readonly maxDf: number;
  private readonly uniMaxDf: number;
  private readonly isUni: Uint8Array;
  // Scratch buffers reused by every query (a matcher serves one query at a time: JS is single-threaded).
  private readonly accBm: Float64Array;
  private readonly accDot: Float64Array;
  private readonly accEntry: Float64Array;
  private readonly accNb: Float64Array;
  private readonly seen: Uint8Array;
  private readonly touchedEntryBuf: Int32Array;
  /** the best K of a query, best first: raw score, live entry, features (4 per entry) */
  private readonly topRaw: Float64Array;
  private readonly topIdx: Int32Array;
  private readonly topFeat: Float64Array;
  /** the best K's best single document (RankedCandidate.best1), beside topRaw; allocParts */
  private topBest!: Float64Array;
  /** the out-of-scope entry's place among the live entries, −1 without one (matcherInputs) */
  private readonly oosLive: number;
  readonly model: FaqModel | undefined;
  /** per live entry, its class in the model's residual weights (−1: unknown to it); a stored name (compact-model.ts) */
  private readonly rerankClass: Int32Array;
  private readonly liveIndex: Map<FaqEntry, number>;
  /** per live entry, the pair words of its question (the residual's pair features) */
  private readonly questionWords: Uint32Array[] = [];
  /** per live entry, its unit LSA vector (question and examples) */
  private entryLsa: (Float32Array | undefined)[] = [];
  /**
   * per live entry, the LSA term ids of its question and examples (entryLsa is computed from
   * them: deriveLsa); none when the scorer has the vectors (lsaOf)
   */
  private entryLsaIds: IntLists | undefined;
  private readonly queryLsa: Float32Array = new Float32Array(0);
  /** the candidates' features (CandidateFeatures: per-entry data), when the model uses the scorer; a stored name */
  private readonly pairFeatures: CandidateFeatures | undefined;
  /** the scorer's feature vectors of the current query's candidates, end to end */
  private featureBuf = new Float64Array(0);

  constructor(entries: readonly FaqEntry[], settings: FaqSettings, build: BuildOptions = {}) {
    // a base that normalises alike lends its normaliser (built once: its regular expressions are compiled on first use)
    const base = build.base instanceof Matcher && normalizerKey(build.base.settings) === normalizerKey(settings) ? build.base : undefined;
    const inputs = matcherInputs(entries, settings, build.model, base?.normalize);
    this.entries = entries;
    this.settings = settings;
    const p = (this.scoring = inputs.scoring);
    this.threshold = inputs.threshold;
    this.version = build.version ?? hashVersion(entries, settings);
    this.normalize = inputs.normalize;
    this.live = inputs.live;
    this.liveIndex = inputs.liveIndex;
    this.oosLive = inputs.oosLive;

    const norm = this.normalize;
    this.prior = Float64Array.from(this.live, (e) => p.wPrior * Math.log(1 + e.examples.length));
    const opts = { maxN: p.maxN, skip: p.skip > 0 };
    const reuse = base?.reusableFor(this.live, settings, p, build.model);
    if (reuse) {
      // derived: the base's documents for its entries, only the others tokenised (BuildOptions.base)
      const b = reuse.base;
      const d = derivedIndexes({ docIndex: b.docIndex, entryIndex: b.entryIndex, docEntry: b.docEntry }, reuse.from, this.live, (text) => tokenize(norm(text), opts));
      this.docIndex = d.docIndex;
      this.docEntry = d.docEntry;
      this.entryIndex = d.entryIndex;
    } else {
      const docs: string[][] = [];
      const docEntry: number[] = [];
      this.live.forEach((e, i) => {
        for (const text of [e.question, ...e.examples, ...(e.keywords ?? [])]) {
          const toks = tokenize(norm(text), opts);
          if (toks.length === 0) continue;
          docs.push(toks);
          docEntry.push(i);
        }
      });
      this.docIndex = new InvertedIndex(docs);
      this.docEntry = Int32Array.from(docEntry);
      // The entry index groups the same token streams by entry and shares the term ids.
      this.entryIndex = this.docIndex.regroup(docs, this.docEntry, this.live.length);
    }
    const nDocs = this.docIndex.numDocs;
    this.applyIcf();
    // Cosine needs document norms; skipped when its weight is 0 (the default).
    this.docNorm = p.wCos !== 0 ? this.docIndex.docNorms() : new Float64Array(0);
    // the vocabulary's size: its terms found in a document (a derived vocabulary may hold more)
    let V = 0;
    for (let t = 0; t + 1 < this.entryIndex.offsets.length; t++) if (this.entryIndex.offsets[t + 1]! > this.entryIndex.offsets[t]!) V++;
    const entryLen = this.entryIndex.docLen;
    this.nbLogDenom = Float64Array.from(entryLen, (n) => Math.log(n + (p.lmMu > 0 ? p.lmMu : p.nbAlpha * V)));
    // Collection model for Dirichlet smoothing: μ·p(t|C) per term.
    let totalToks = 0;
    for (const n of entryLen) totalToks += n;
    const nTerms = this.entryIndex.offsets.length - 1;
    this.muPc = new Float64Array(p.lmMu > 0 ? nTerms : 0);
    if (p.lmMu > 0) {
      const ei = this.entryIndex;
      for (let t = 0; t < nTerms; t++) {
        let cf = 0;
        for (let j = ei.offsets[t]!; j < ei.offsets[t + 1]!; j++) cf += ei.postTf[j]!;
        this.muPc[t] = (p.lmMu * cf) / totalToks;
      }
    }
    this.idfUnknown = Math.log(1 + (nDocs + 0.5) / 0.5);
    // Only large sets drop their most common terms: it is a speed measure, and in a small
    // set a term in a fifth of the texts can still be what tells two entries apart.
    this.maxDf = Math.max(MIN_DROPPED_DF, Math.floor(p.maxDfRatio * nDocs));
    this.uniMaxDf = Math.max(MIN_DROPPED_DF, Math.floor(p.uniMaxDfRatio * nDocs));
    this.isUni = new Uint8Array(this.docIndex.offsets.length - 1);
    for (const [term, id] of this.docIndex.terms.entries()) if (term.length === 1) this.isUni[id] = 1;

    this.allocParts();

    const nd = nDocs;
    const ne = this.live.length;
    this.accBm = new Float64Array(nd);
    this.accDot = new Float64Array(nd);
    this.accEntry = new Float64Array(ne);
    this.accNb = new Float64Array(ne);
    this.seen = new Uint8Array(ne);
    this.touchedEntryBuf = new Int32Array(ne);
    this.topRaw = new Float64Array(ne);
    this.topIdx = new Int32Array(ne);
    this.topFeat = new Float64Array(4 * ne);
    this.model = build.model;
    this.rerankClass = new Int32Array(ne).fill(-1);
    if (build.model) {
      const byId = new Map(build.model.classes.map((id, i) => [id, i]));
      this.live.forEach((e, i) => (this.rerankClass[i] = byId.get(e.id) ?? -1));
      const lsa = build.model.lsa;
      // an entry taken from a base matcher (BuildOptions.base) keeps its per-entry data: the same model's over the same texts
      const from = (i: number) => (reuse ? reuse.from[i]! : -1);
      const b = reuse?.base;
      const { wLsa, lsaMaxN, ranker } = build.model.params;
      if (lsa && wLsa !== 0) {
        this.queryLsa = new Float32Array(lsa.dims);
        // The scorer computes the same vectors over the same tokens when they are
        // characters (lsaMaxN 1): then the matcher takes them from it (lsaOf), once per entry.
        if (!(ranker > 0 && lsaMaxN === 1)) {
          this.entryLsaIds = spliceLists(
            b?.entryLsaIds,
            reuse ? reuse.from : new Int32Array(this.live.length).fill(-1),
            this.live.map((e, i) =>
              from(i) >= 0
                ? undefined
                : lsaTermIds(
                    lsa,
                    [e.question, ...e.examples].flatMap((t) => tokenize(norm(t), { maxN: lsaMaxN })),
                  ),
            ),
          );
          this.deriveLsa();
        }
      }
      if (build.model.params.pairs > 0) {
        this.live.forEach((e, i) => this.questionWords.push(from(i) >= 0 ? b!.questionWords[from(i)]! : pairWords(tokenize(norm(e.question), { maxN: 2 }))));
      }
      if (build.model.params.ranker > 0) {
        this.pairFeatures = new CandidateFeatures(
          this.live.map((e, i) => (from(i) >= 0 ? null : { question: norm(e.question), examples: e.examples.map(norm), answer: norm(e.answer) })),
          build.model.lsa,
          reuse && b!.pairFeatures ? { base: b!.pairFeatures, from: reuse.from } : undefined,
        );
      }
    }
  }

  /** With icf, the document index weighs terms by the entry index's idf (inverse class frequency). */
  applyIcf(): void {
    if (this.scoring.icf > 0) (this.docIndex.idf as Float64Array).set(this.entryIndex.idf);
  }

  /**
   * The per-posting values (BM25's tf parts, 1 + ln tf, naive Bayes log ratios), empty: each
   * term's are computed the first time a query has it (prepareTerm). At build, and when
   * restored from a compact state (which does not store them): a query meets a few dozen
   * terms, and computing every posting's was a good part of making a large set's matcher.
   */
  allocParts(): void {
    const p = this.scoring;
    this.docBm = new Float32Array(this.docIndex.postTf.length);
    this.docLogTf = new Float32Array(p.wCos !== 0 ? this.docIndex.postTf.length : 0);
    this.entryBm = new Float32Array(this.entryIndex.postTf.length);
    this.entryNb = new Float32Array(this.entryIndex.postTf.length);
    this.termReady = new Uint8Array(this.docIndex.offsets.length - 1);
    this.termSlot = new Int32Array(this.docIndex.offsets.length - 1);
    this.accBound = new Float64Array(this.live.length);
    this.topBest = new Float64Array(this.live.length);
    this.termCacheKeys = new Int32Array(0);
    this.termCacheIds = new Int32Array(0);
    this.termCached = 0;
    // documents are in entry order (built per live entry, and kept so when derived)
    const firstDoc = (this.firstDoc = new Int32Array(this.live.length + 1));
    for (let d = 0; d < this.docEntry.length; d++) firstDoc[this.docEntry[d]! + 1]!++;
    for (let e = 0; e < this.live.length; e++) firstDoc[e + 1]! += firstDoc[e]!;
    this.nbOfTf = new Float64Array(64).fill(Number.NaN);
    this.tokTerm = new Int32Array(64);
    this.rankTerm = new Int32Array(this.docIndex.terms.size).fill(-2);
    this.tokRankTerm = new Int32Array(64);
    this.docNormBm = lengthNorms(this.docIndex, p.k1, p.b);
    this.entryNormBm = lengthNorms(this.entryIndex, p.entryK1, p.entryB);
  }

  private prepareTerm(t: number): void {
    const p = this.scoring;
    const di = this.docIndex;
    for (let j = di.offsets[t]!, end = di.offsets[t + 1]!; j < end; j++) {
      const tf = di.postTf[j]!;
      this.docBm[j] = (tf * (p.k1 + 1)) / (tf + this.docNormBm[di.postDoc[j]!]!);
      if (p.wCos !== 0) this.docLogTf[j] = 1 + Math.log(tf);
    }
    const ei = this.entryIndex;
    const nbOfTf = this.nbOfTf;
    for (let j = ei.offsets[t]!, end = ei.offsets[t + 1]!; j < end; j++) {
      const tf = ei.postTf[j]!;
      this.entryBm[j] = (tf * (p.entryK1 + 1)) / (tf + this.entryNormBm[ei.postDoc[j]!]!);
      if (p.lmMu > 0) this.entryNb[j] = Math.log(1 + tf / this.muPc[t]!);
      else if (tf < nbOfTf.length) {
        // a function of the count alone: two logarithms per count, not per posting
        if (Number.isNaN(nbOfTf[tf]!)) nbOfTf[tf] = Math.log(tf + p.nbAlpha) - Math.log(p.nbAlpha);
        this.entryNb[j] = nbOfTf[tf]!;
      } else this.entryNb[j] = Math.log(tf + p.nbAlpha) - Math.log(p.nbAlpha);
    }
    this.termReady[t] = 1;
  }

  /**
   * entryLsa, empty: at build, and when restored from a compact state (which does not store
   * the vectors). An entry's vector is computed from entryLsaIds the first time it is a
   * candidate (lsaOf): a query meets a few dozen entries, and computing all of a large set's
   * at restore was a good part of a new isolate's first request.
   */
  deriveLsa(): void {
    const ids = this.entryLsaIds;
    this.entryLsa = this.model?.lsa && ids ? new Array(ids.off.length - 1).fill(undefined) : [];
  }

  /** Live entry e's unit LSA vector (question and examples). */
  private lsaOf(e: number): Float32Array {
    if (!this.entryLsaIds) return this.pairFeatures!.entryVector(e);
    let v = this.entryLsa[e];
    if (!v) {
      const ids = this.entryLsaIds!;
      v = this.entryLsa[e] = lsaVectorOfIds(this.model!.lsa!, ids.items, ids.off[e]!, ids.off[e + 1]!);
    }
    return v;
  }

  /**
   * Whether a matcher of `live` entries can be derived from this one (BuildOptions.base), and
   * per live entry the index of the same entry here (same question, examples, keywords and
   * answer) or −1. Only when every text is normalised and tokenised alike (same synonyms,
   * fillers and scoring) and the model is the same: else undefined, and the matcher is built.
   * Not with the cosine feature (wCos): its document norms are summed in term-id order,
   * which a derived vocabulary does not keep.
   */
  reusableFor(live: readonly FaqEntry[], settings: FaqSettings, scoring: ScoringParams, model: FaqModel | undefined): { base: Matcher; from: Int32Array } | undefined {
    if (model !== this.model || scoring.wCos !== 0) return undefined;
    if (normalizerKey(settings) !== normalizerKey(this.settings) || JSON.stringify(scoring) !== JSON.stringify(this.scoring)) return undefined;
    const here = new Map(this.live.map((e, i) => [e.id, i]));
    const same = (a: readonly string[] | undefined, b: readonly string[] | undefined) => (a ?? []).length === (b ?? []).length && (a ?? []).every((x, i) => x === b![i]);
    const from = Int32Array.from(live, (e) => {
      const i = here.get(e.id);
      const o = i === undefined ? undefined : this.live[i]!;
      if (o === e) return i!;
      return o && o.question === e.question && o.answer === e.answer && same(o.examples, e.examples) && same(o.keywords, e.keywords) ? i! : -1;
    });
    // kept entries in the base's order: their documents' postings keep their order (InvertedIndex.derive)
    let last = -1;
    for (const j of from) {
      if (j < 0) continue;
      if (j <= last) return undefined;
      last = j;
    }
    return { base: this, from };
  }

  /**
   * docIndex.terms.get(token). Tokens of one or two UTF-16 units (characters and bigrams,
   * nearly all of them) go through termCacheKeys/termCacheIds first: an open-addressing table of the
   * answers given so far, keyed by the units, filled on first use up to half its size. A
   * string Map's lookup hashes a fresh string and follows the bucket to the key string to
   * compare it, cache misses each in a vocabulary of tens of thousands of terms; here it is
   * one probe of two typed arrays (a long message has ~90 tokens).
   */
  private termOf(tok: string): number | undefined {
    const n = tok.length;
    const a = tok.charCodeAt(0);
    const b = n === 2 ? tok.charCodeAt(1) : 0;
    // a unit 0 would make two tokens one key: such a token (never in normalised text) takes the Map
    if (n === 0 || n > 2 || a === 0 || (n === 2 && b === 0)) return this.docIndex.terms.get(tok);
    // one unit: 1..0xffff; two: the first unit ≥ 1 in the high half, so never one unit's key
    const key = n === 1 ? a : (a << 16) | b;
    if (this.termCacheKeys.length === 0) {
      this.termCacheKeys = new Int32Array(TERM_CACHE);
      this.termCacheIds = new Int32Array(TERM_CACHE);
    }
    const keys = this.termCacheKeys;
    const mask = keys.length - 1;
    let h = Math.imul(key ^ (key >>> 15), 0x2c1b3c6d);
    h = (h ^ (h >>> 12)) & mask;
    for (;;) {
      const k = keys[h]!;
      if (k === key) {
        const id = this.termCacheIds[h]!;
        return id >= 0 ? id : undefined;
      }
      if (k === 0) break;
      h = (h + 1) & mask;
    }
    const id = this.docIndex.terms.get(tok);
    if (this.termCached < keys.length >>> 1) {
      keys[h] = key;
      this.termCacheIds[h] = id ?? -1;
      this.termCached++;
    }
    return id;
  }

  /**
   * Known, not-too-common query terms (first-seen order) with their counts, and the count of
   * tokens the FAQ set never saw: InvertedIndex.queryTerms with the too-common terms left
   * out. Each term's place is kept in termSlot, not found by a scan of the list (a long
   * message has a hundred tokens: the scans were quadratic), and cleared before returning.
   */
  private queryTerms(toks: readonly string[]): { ids: number[]; qtf: number[]; unknown: number } {
    const { offsets } = this.docIndex;
    const { termSlot, isUni, maxDf, uniMaxDf } = this;
    const ids: number[] = [];
    const qtf: number[] = [];
    // terms met but left out as too common: their termSlot is −1 until cleared
    const dropped: number[] = [];
    let unknown = 0;
    if (this.tokTerm.length < toks.length) this.tokTerm = new Int32Array(2 * toks.length);
    const tokTerm = this.tokTerm;
    for (let i = 0; i < toks.length; i++) {
      const t = this.termOf(toks[i]!);
      tokTerm[i] = t ?? -1;
      // a term of a derived vocabulary that no document has (bm25.ts Vocabulary) is unknown here
      if (t === undefined || offsets[t + 1] === offsets[t]) {
        unknown++;
        continue;
      }
      const at = termSlot[t]!;
      if (at > 0) qtf[at - 1]!++;
      else if (at === 0) {
        const df = offsets[t + 1]! - offsets[t]!;
        if (df > maxDf || (isUni[t] === 1 && df > uniMaxDf)) {
          termSlot[t] = -1;
          dropped.push(t);
        } else {
          termSlot[t] = ids.push(t);
          qtf.push(1);
        }
      }
    }
    for (const t of ids) termSlot[t] = 0;
    for (const t of dropped) termSlot[t] = 0;
    return { ids, qtf, unknown };
  }

  confidence(c: RankedCandidate, rival: number): number {
    const p = this.scoring;
    const margin = c.raw - rival;
    const rel = c.raw > 0 ? margin / c.raw : 0;
    return sigmoid(p.conf0 + p.confMargin * margin + p.confRel * rel + p.confCover * c.features[0]);
  }

  /**
   * BM25 ranking plus the model's LSA term, sorted: the candidates the model rescores;
   * with what the steps after it can reuse instead of tokenising the query again.
   */
  private retrieve(text: string, topK: number, model: FaqModel): { ranked: RankResult; work: QueryWork } {
    const { tokens, ...ranked } = this.rankBm25(text, topK);
    const p = this.scoring;
    const work: QueryWork = {};
    // the scorer's tokens are 1- and 2-grams: the same list as BM25's under the default scoring
    if (p.maxN === 2 && !(p.skip > 0)) work.tokens2 = tokens;
    if (this.queryLsa.length > 0) {
      const lsaMaxN = model.params.lsaMaxN;
      const lsaTokens = tokenize(ranked.normalized, { maxN: lsaMaxN });
      const qLsa = lsaVector(model.lsa!, lsaTokens, this.queryLsa);
      for (const c of ranked.candidates) c.raw += model.params.wLsa * dot(qLsa, this.lsaOf(this.liveIndex.get(c.entry)!));
      ranked.candidates.sort((a, b) => b.raw - a.raw);
      if (lsaMaxN === 1) {
        work.tokens1 = lsaTokens;
        // the scorer's query vector: the same model (build.model.lsa) over the same tokens
        work.lsa = qLsa;
      }
    }
    return { ranked, work };
  }

  candidateFeatures(text: string, topK: number): { normalized: string; candidates: RankedCandidate[]; features: Float64Array[] } {
    const model = this.model;
    if (!model || !this.pairFeatures) throw new Error("candidateFeatures needs a matcher built with a model whose params.ranker > 0");
    const { ranked, work } = this.retrieve(text, topK, model);
    return { ...ranked, features: this.pairFeatures.features(ranked.normalized, this.baseCandidates(ranked), this.shared(work)) };
  }

  private baseCandidates(ranked: RankResult): BaseCandidate[] {
    return ranked.candidates.map((c) => ({ entry: this.liveIndex.get(c.entry)!, raw: c.raw, doc: c.features[0], entryBm25: c.features[1], nb: c.features[3] }));
  }

  private shared(work: QueryWork): SharedQueryWork {
    const tokens = work.tokens2;
    // tokens2 are the tokens queryTerms saw (rankBm25, which skips it only without live entries): their term ids are in tokTerm
    if (!tokens || !this.pairFeatures || this.live.length === 0) return { tokens, lsa: work.lsa };
    if (this.tokRankTerm.length < tokens.length) this.tokRankTerm = new Int32Array(this.tokTerm.length);
    const { tokTerm, rankTerm, tokRankTerm, pairFeatures } = this;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokTerm[i]!;
      if (t < 0) tokRankTerm[i] = pairFeatures.termId(tokens[i]!);
      else {
        if (rankTerm[t] === -2) rankTerm[t] = pairFeatures.termId(tokens[i]!);
        tokRankTerm[i] = rankTerm[t]!;
      }
    }
    return { tokens, lsa: work.lsa, termIds: tokRankTerm };
  }

  /** The scorer's features of the candidates into featureBuf (candidate i at i·FEATURE_COUNT). */
  private featuresIntoBuf(ranked: RankResult, work: QueryWork): Float64Array {
    const need = ranked.candidates.length * FEATURE_COUNT;
    if (this.featureBuf.length < need) this.featureBuf = new Float64Array(need);
    this.pairFeatures!.featuresInto(ranked.normalized, this.baseCandidates(ranked), this.featureBuf, this.shared(work));
    return this.featureBuf;
  }

  rank(text: string, topK = 5, rescore = true): RankResult {
    const model = rescore ? this.model : undefined;
    if (model && topK >= 0) {
      const { ranked, work } = this.retrieve(text, Math.max(topK, model.params.candidates), model);
      const feats = featureHashes(model.params.maxN === 1 && work.tokens1 ? work.tokens1 : tokenize(ranked.normalized, { maxN: model.params.maxN }));
      const mask = model.weights.length - 1;
      const { mix, pairs } = model.params;
      const qWords = pairs > 0 ? pairWords(work.tokens2 ?? tokenize(ranked.normalized, { maxN: 2 })) : undefined;
      const learned = model.ranker && this.pairFeatures ? this.featuresIntoBuf(ranked, work) : undefined;
      ranked.candidates.forEach((c, i) => {
        const e = this.liveIndex.get(c.entry)!;
        const cls = this.rerankClass[e]!;
        let s = cls >= 0 ? scoreClass(model.weights, feats, cls, mask) : 0;
        if (qWords) s += pairs * scorePairs(model.weights, qWords, this.questionWords[e]!, mask);
        // With the scorer the score is a logit: the scorer's plus the n-gram weights'.
        c.raw = learned ? scoreCandidate(model.ranker!, learned, i * FEATURE_COUNT) + mix * s : c.raw + mix * s;
      });
      ranked.candidates.sort((a, b) => b.raw - a.raw);
      if (learned && ranked.candidates.length > 0) {
        const max = ranked.candidates[0]!.raw;
        let z = 0;
        for (const c of ranked.candidates) z += Math.exp(c.raw - max);
        ranked.logNorm = max + Math.log(z);
      }
      ranked.candidates.length = Math.min(ranked.candidates.length, Math.max(topK, 2));
      return ranked;
    }
    const { normalized, candidates, oosBest1 } = this.rankBm25(text, topK);
    return oosBest1 === undefined ? { normalized, candidates } : { normalized, candidates, oosBest1 };
  }

  /** The BM25 ranking (rank without a model), with the query's tokens. */
  private rankBm25(text: string, topK: number): RankResult & { tokens: string[] } {
    const normalized = this.normalize(text);
    const p = this.scoring;
    const toks = tokenize(normalized, { maxN: p.maxN, skip: p.skip > 0 });
    if (toks.length === 0 || this.live.length === 0) return { normalized, candidates: [], tokens: toks };

    // --- documents: BM25 and TF-IDF dot product in one pass over the postings ---
    const di = this.docIndex;
    const { ids, qtf, unknown } = this.queryTerms(toks);
    const selfDoc = di.selfScore(ids, qtf, p, toks.length, unknown) || 1;
    const withCos = p.wCos !== 0;
    let qNorm2 = unknown * this.idfUnknown * this.idfUnknown;
    const { offsets, postDoc } = di;
    const { docBm, accBm, accDot, docLogTf } = this;
    for (let i = 0; i < ids.length; i++) {
      const t = ids[i]!;
      if (this.termReady[t] === 0) this.prepareTerm(t);
      const idf = di.idf[t]!;
      const wBm = idf * Math.sqrt(qtf[i]!);
      const end = offsets[t + 1]!;
      // The hot loop: BM25's tf part is precomputed per posting, so this is one multiply-add.
      // Which documents it touched is not noted here: the entry pass below finds their entries.
      for (let j = offsets[t]!; j < end; j++) accBm[postDoc[j]!]! += wBm * docBm[j]!;
      if (withCos) {
        const wq = (1 + Math.log(qtf[i]!)) * idf;
        qNorm2 += wq * wq;
        for (let j = offsets[t]!; j < end; j++) accDot[postDoc[j]!]! += wq * docLogTf[j]! * idf;
      }
    }
    const qNorm = Math.sqrt(qNorm2) || 1;

    // --- entries: BM25 and naive Bayes counts in one pass, and the entries met ---
    // An entry has a term exactly when one of its documents has it, and postings are in
    // document order, documents in entry order: the entries are met here in the order their
    // first document was met above (the order ties keep in the selection).
    const ei = this.entryIndex;
    // Same first-seen order of tokens, so the entry index shares the doc index's term ids.
    const selfEntry = ei.selfScore(ids, qtf, { k1: p.entryK1, b: p.entryB }, toks.length, unknown) || 1;
    const logAlpha = p.lmMu > 0 ? Math.log(p.lmMu) : Math.log(p.nbAlpha);
    const { entryBm, entryNb, accEntry, accNb, seen } = this;
    const touchedEntries = this.touchedEntryBuf;
    let nTouchedEntries = 0;
    const { offsets: eOffsets, postDoc: ePostDoc, idf: eIdf } = ei;
    // A bound on each entry's document scores, summed like them (bestBound): an entry that
    // cannot reach the K kept is then left without looking at its documents. Only where the
    // bound holds for every weight: no cosine, non-negative weights, BM25's tf part ≤ k1 + 1.
    const bound = !withCos && p.wDoc >= 0 && p.agg >= 0 && p.k1 >= 0 && p.b >= 0 && p.b <= 1;
    // ≥ every stored tf part (k1 + 1 in reals; the float32 they are stored in rounds by < 2^-24)
    const tfMax = (p.k1 + 1) * (1 + 1e-6);
    const { accBound } = this;
    for (let i = 0; i < ids.length; i++) {
      const t = ids[i]!;
      const w = eIdf[t]! * Math.sqrt(qtf[i]!);
      const f = qtf[i]!;
      // the documents' pass weight of this term (the same expression, so the same value) times the largest tf part
      const wb = bound ? di.idf[t]! * Math.sqrt(qtf[i]!) * tfMax : 0;
      for (let j = eOffsets[t]!, end = eOffsets[t + 1]!; j < end; j++) {
        const e = ePostDoc[j]!;
        if (seen[e] === 0) {
          seen[e] = 1;
          touchedEntries[nTouchedEntries++] = e;
        }
        accEntry[e]! += w * entryBm[j]!;
        accNb[e]! += f * entryNb[j]!;
        accBound[e]! += wb;
      }
    }

    // --- selection: keep the best K in a small sorted list, no object per touched entry ---
    // (thousands of entries share a common character; sorting them all cost more than scoring)
    // In preallocated buffers (at most one slot per live entry), shifted in place: the
    // candidates that pass through the list are many more than the K kept.
    const K = topK < 0 ? nTouchedEntries : Math.max(topK, 2);
    const { topRaw, topFeat, topIdx, topBest, oosLive } = this;
    let oosBest1 = 0;
    let len = 0;
    let nbMax = -Infinity;
    const invLen = 1 / toks.length;
    const { nbLogDenom, prior, firstDoc, docNorm } = this;
    for (let x = 0; x < nTouchedEntries; x++) {
      const e = touchedEntries[x]!;
      const entry = accEntry[e]! / selfEntry;
      const nb = (accNb[e]! + toks.length * (logAlpha - nbLogDenom[e]!)) * invLen;
      const b = accBound[e]!;
      accEntry[e] = 0;
      accNb[e] = 0;
      accBound[e] = 0;
      seen[e] = 0;
      if (nb > nbMax) nbMax = nb;
      // the out-of-scope entry's documents are always read: match compares its best one with
      // the top entry's even when it is not among the K kept (the bound only skips the read)
      if (bound && len === K && e !== oosLive) {
        // Every document's score is a sum, in the same term order, of terms each ≤ the
        // bound's (rounding is monotone), so b ≥ best1 ≥ best2 ≥ best3, and rawBound below,
        // raw's expression with b for each, is ≥ raw: when it cannot enter the list, raw
        // could not either, and the entry's documents are only cleared.
        const docBound = (b + p.agg * b + p.agg * p.agg * b) / selfDoc;
        const cos0 = 0;
        const rawBound = p.wDoc * docBound + p.wEntry * entry + p.wCos * cos0 + p.wNb * nb + prior[e]!;
        if (rawBound <= topRaw[K - 1]!) {
          for (let d = firstDoc[e]!, end = firstDoc[e + 1]!; d < end; d++) accBm[d] = 0;
          continue;
        }
      }
      // the entry's best three documents (and closest by cosine): its documents are consecutive
      let best1 = 0;
      let best2 = 0;
      let best3 = 0;
      let cos = 0;
      for (let d = firstDoc[e]!, end = firstDoc[e + 1]!; d < end; d++) {
        const s = accBm[d]!;
        // 0: a document without any query term (the others score > 0)
        if (s === 0) continue;
        if (s > best1) {
          best3 = best2;
          best2 = best1;
          best1 = s;
        } else if (s > best2) {
          best3 = best2;
          best2 = s;
        } else if (s > best3) best3 = s;
        accBm[d] = 0;
        if (withCos) {
          const c = accDot[d]! / (qNorm * (docNorm[d]! || 1));
          if (c > cos) cos = c;
          accDot[d] = 0;
        }
      }
      const doc = (best1 + p.agg * best2 + p.agg * p.agg * best3) / selfDoc;
      if (e === oosLive) oosBest1 = best1 / selfDoc;
      // naive Bayes enters relative to the best candidate: the shift is the same for all, so
      // ranking uses the unshifted value and the shift is applied to the kept ones below.
      const raw = p.wDoc * doc + p.wEntry * entry + p.wCos * cos + p.wNb * nb + prior[e]!;
      if (len === K && raw <= topRaw[K - 1]!) continue;
      let at = len;
      while (at > 0 && topRaw[at - 1]! < raw) at--;
      // insert at `at` after equal scores; when full, the last one drops out
      const keep = len < K ? len : K - 1;
      topRaw.copyWithin(at + 1, at, keep);
      topIdx.copyWithin(at + 1, at, keep);
      topFeat.copyWithin(4 * (at + 1), 4 * at, 4 * keep);
      topBest.copyWithin(at + 1, at, keep);
      topRaw[at] = raw;
      topBest[at] = best1 / selfDoc;
      topIdx[at] = e;
      topFeat[4 * at] = doc;
      topFeat[4 * at + 1] = entry;
      topFeat[4 * at + 2] = cos;
      topFeat[4 * at + 3] = nb;
      if (len < K) len++;
    }
    const candidates: RankedCandidate[] = [];
    for (let i = 0; i < len; i++) {
      const f: [number, number, number, number] = [topFeat[4 * i]!, topFeat[4 * i + 1]!, topFeat[4 * i + 2]!, topFeat[4 * i + 3]! - nbMax];
      candidates.push({ entry: this.live[topIdx[i]!]!, raw: topRaw[i]! - p.wNb * nbMax, features: f, best1: topBest[i]! });
    }
    return oosBest1 > 0 ? { normalized, candidates, tokens: toks, oosBest1 } : { normalized, candidates, tokens: toks };
  }

  private bm25Raw(c: RankedCandidate): number {
    const p = this.scoring;
    const f = c.features;
    return p.wDoc * f[0] + p.wEntry * f[1] + p.wCos * f[2] + p.wNb * f[3];
  }

  private learnedConfidence(c: RankedCandidate, logNorm: number, rival: RankedCandidate | undefined): number {
    // The scorer's softmax probability is relative to the other candidates: alone it is sure
    // of the best of a bad lot (dev CV: Samsung, whose held-out queries mostly meet entries
    // without examples, auto-answered 4 % at the precision target). Times the BM25
    // confidence curve (margin and coverage, file comment of ScoringParams) it keeps the
    // absolute evidence too: dev CV coverage at precision ≥ 0.95, UnionPay 0.248 and
    // Samsung 0.183 (probability alone 0.320 and 0.041; coverage term alone 0.000 on Samsung).
    const prob = Math.exp(c.raw - logNorm);
    const p = this.scoring;
    const bm = this.bm25Raw(c);
    const rb = rival ? this.bm25Raw(rival) : 0;
    const margin = bm - rb;
    const rel = bm > 0 ? margin / bm : 0;
    return prob * sigmoid(p.conf0 + p.confMargin * margin + p.confRel * rel + p.confCover * c.features[0]);
  }

  /** Per entry, the content bigrams of its texts (built on first use: only top entries are asked). */
  private readonly entryGrams = new Map<string, Set<string>>();

  evidence(text: string, id: string): { content: number; shared: number; strong: number } {
    let grams = this.entryGrams.get(id);
    if (!grams) {
      grams = new Set(this.entryTexts(id)?.flatMap((t) => contentBigrams(this.normalize(t))) ?? []);
      this.entryGrams.set(id, grams);
    }
    const q = new Set(contentBigrams(this.normalize(text)));
    let shared = 0;
    let strong = 0;
    for (const g of q) {
      if (!grams.has(g)) continue;
      shared++;
      if (g.length === 2 && !FUNCTION_CHARS.has(g[0]!) && !FUNCTION_CHARS.has(g[1]!) && !GENERIC_NOUNS.has(g)) strong++;
      else if (/^[a-z0-9]{2,}$/.test(g)) strong++;
    }
    return { content: q.size, shared, strong };
  }

  /** An entry's own texts (question, examples, keywords): the reading of a message asks what the entry says. */
  entryTexts(id: string): readonly string[] | undefined {
    const e = this.entries.find((x) => x.id === id);
    return e ? [e.question, ...e.examples, ...(e.keywords ?? [])] : undefined;
  }

  match(text: string, opts: { platform?: Platform; topK?: number } = {}): FaqMatchResult {
    const topK = opts.topK ?? 5;
    const ranked = this.rank(text, Math.max(topK, 2) + 1);
    const { normalized } = ranked;
    // The out-of-scope entry is never shown, but it stays a rival: if it ranks first nothing
    // is confident, if second it shrinks the top entry's margin.
    const oosFirst = ranked.candidates[0]?.entry.id === OUT_OF_SCOPE_ID;
    const candidates = ranked.candidates.filter((c) => c.entry.id !== OUT_OF_SCOPE_ID);
    const oos = ranked.candidates.find((c) => c.entry.id === OUT_OF_SCOPE_ID)?.raw ?? 0;
    const matches: FaqMatch[] = [];
    const top = candidates[0]?.raw ?? 0;
    const second = Math.max(candidates[1]?.raw ?? 0, oos);
    for (let i = 0; i < Math.min(topK, candidates.length); i++) {
      const c = candidates[i]!;
      // Each match's confidence is measured against its strongest rival; with the
      // scorer it is the candidate's softmax probability among all it scored (the
      // out-of-scope entry included), what the scorer was trained to estimate.
      const rival = i === 0 ? second : Math.max(top, oos);
      const answer = (opts.platform && c.entry.answers?.[opts.platform]) || c.entry.answer;
      const score = ranked.logNorm !== undefined ? this.learnedConfidence(c, ranked.logNorm, i === 0 ? candidates[1] : candidates[0]) : this.confidence(c, rival);
      matches.push({ entryId: c.entry.id, question: c.entry.question, answer, score });
    }
    // The nearest-text rule: as a rival in the margin one out-of-scope text is outweighed by
    // an entry's many near texts (its doc score adds its 2nd and 3rd best, agg): "换货流程是啥",
    // listed as out of scope itself, still went to return-how at 0.966. So the top entry is not
    // confident when the message is at least as close to one text the shop marked "do not
    // answer" as to the entry's closest text (best single documents, same scale).
    const nearerOos = ranked.oosBest1 !== undefined && candidates[0] !== undefined && ranked.oosBest1 >= candidates[0].best1;
    const confident = !oosFirst && !nearerOos && matches.length > 0 && matches[0]!.score >= this.threshold;
    return { normalized, matches, confident };
  }
}

// A bigram made only of FUNCTION_CHARS ("什么", "我的", "可以") says nothing about which
// entry a message is about (function-chars.ts).

/**
 * Nouns every topic uses: sharing "问题" with "收到的商品有质量问题" says nothing about
 * quality ("之前的问题" is a pointer to an earlier turn). They still count as shared
 * content, never as the strong evidence a short message needs.
 */
const GENERIC_NOUNS = new Set(["问题", "情况", "东西", "事情", "原因", "之前", "以前", "商品", "产品", "宝贝"]);

/** The bigrams (and Latin words) of a normalised text that carry a topic. */
export function contentBigrams(normalized: string): string[] {
  const out: string[] = [];
  for (const run of normalized.match(/[a-z0-9]+|[^a-z0-9 ]+/g) ?? []) {
    if (/^[a-z0-9]/.test(run)) {
      if (run !== "0") out.push(run);
      continue;
    }
    const chars = Array.from(run);
    for (let i = 0; i + 1 < chars.length; i++) {
      if (FUNCTION_CHARS.has(chars[i]!) && FUNCTION_CHARS.has(chars[i + 1]!)) continue;
      out.push(chars[i]! + chars[i + 1]!);
    }
  }
  return out;
}

export function buildFaqMatcher(entries: readonly FaqEntry[], settings: FaqSettings = {}, opts: BuildOptions = {}): FaqRankingMatcher {
  return new Matcher(entries, settings, opts);
}

/** Classes found inside a matcher's state (compact.ts restores them with their prototype). */
// Keyed by the names the compact bundle stores ("RankFeatures" is CandidateFeatures' name there):
// renaming a key changes the bundle's bytes, and then COMPACT_FORMAT must be bumped.
export const MATCHER_CLASSES = { InvertedIndex, RankFeatures: CandidateFeatures } as const;

/**
 * A freshly built matcher's state without what matcherInputs gives (the entries, settings,
 * model and normaliser): the indexes, per-posting tables, the scorer's per-entry data and
 * the version, all typed arrays and Maps. Taken before the matcher answers anything, so its
 * scratch buffers are still zero.
 */
export function matcherState(matcher: FaqRankingMatcher): Record<string, unknown> {
  if (!(matcher instanceof Matcher)) throw new Error("matcherState: not a matcher of buildFaqMatcher");
  // computed again on restore, or on first use: entryLsa (deriveLsa), the per-posting values and scratch buffers (allocParts)
  const skip = new Set([
    ...Object.keys(matcherInputs([], {}, undefined)),
    "entryLsa",
    "docBm",
    "docLogTf",
    "entryBm",
    "entryNb",
    "termReady",
    "termCacheKeys",
    "termCacheIds",
    "termCached",
    "accBound",
    "topBest",
    "firstDoc",
    "nbOfTf",
    "termSlot",
    "tokTerm",
    "rankTerm",
    "tokRankTerm",
    "docNormBm",
    "entryNormBm",
  ]);
  return Object.fromEntries(Object.entries(matcher).filter(([k]) => !skip.has(k)));
}

/**
 * The matcher matcherState was taken from, back without building: for the same entries,
 * settings and model it answers exactly as the matcher built from them (same arrays, bit
 * for bit). Only the caller knows the state belongs to them (compact-model.ts keys it), and
 * that `normalize`, when given, is the settings' own.
 */
export function restoreFaqMatcher(entries: readonly FaqEntry[], settings: FaqSettings, model: FaqModel | undefined, state: Record<string, unknown>, normalize?: Normalizer): FaqRankingMatcher {
  const matcher = Object.create(Matcher.prototype) as Matcher;
  // `normalize`: the settings' normaliser made from precompiled tables (normalizerFromTables), else made here
  Object.assign(matcher, state, matcherInputs(entries, settings, model, normalize));
  // the indexes come back with their own idf (InvertedIndex.compactRevive): the document index's is then the entry index's, as at build
  matcher.applyIcf();
  matcher.deriveLsa();
  matcher.allocParts();
  return matcher;
}
