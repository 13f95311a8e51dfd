/**
 * An inverted index in flat typed arrays (CSR layout: one offsets array, one postings
 * array): a query touches only the postings of its own terms, so matching cost follows
 * the query's terms, not the FAQ size, and building is two linear passes with no
 * per-term objects. natural's TfIdf, by contrast, scans every document per query.
 */

export interface Bm25Params {
  k1: number;
  b: number;
}

type Writable = { -readonly [K in keyof InvertedIndex]: InvertedIndex[K] };

/**
 * Term → id. A built index's is a Map; a derived engine's (matcher.ts BuildOptions.base) is a
 * base vocabulary extended with the terms its own texts add (ExtendedVocabulary), so the
 * base's term ids stay valid without copying its Map. A term of such a vocabulary may be in
 * no document of the index (only the base's texts had it): it has no postings, and
 * queryTerms treats it as unknown, as an index built from the texts would.
 */
export interface Vocabulary<K = string> {
  get(key: K): number | undefined;
  readonly size: number;
  entries(): Iterable<[K, number]>;
}

/** A vocabulary's terms, then added ones (ids from base.size on), without copying the base. */
export class ExtendedVocabulary<K = string> implements Vocabulary<K> {
  private readonly added = new Map<K, number>();
  constructor(private readonly base: Vocabulary<K>) {}
  get(key: K): number | undefined {
    return this.base.get(key) ?? this.added.get(key);
  }
  /** the id of `key`, added if new */
  id(key: K): number {
    let i = this.get(key);
    if (i === undefined) {
      i = this.size;
      this.added.set(key, i);
    }
    return i;
  }
  get size(): number {
    return this.base.size + this.added.size;
  }
  *entries(): Generator<[K, number]> {
    yield* this.base.entries();
    yield* this.added.entries();
  }
}

export class InvertedIndex {
  readonly numDocs!: number;
  readonly terms!: Vocabulary;
  /** postings of term t are [offsets[t], offsets[t+1]) */
  readonly offsets!: Int32Array;
  readonly postDoc!: Int32Array;
  readonly postTf!: Float32Array;
  readonly docLen!: Float32Array;
  readonly avgLen!: number;
  /** BM25 idf, always > 0 (the "+1" variant, so very common terms still count a little) */
  readonly idf!: Float64Array;

  /**
   * @param docs the documents' tokens
   * @param shared an existing index whose vocabulary (term ids) this one reuses and extends;
   *   two indexes over the same texts, grouped differently, then share term ids
   */
  constructor(docs: readonly (readonly string[])[], shared?: InvertedIndex) {
    const terms = shared ? new Map(shared.terms.entries()) : new Map<string, number>();
    // Pass 1: every token to its term id (the only string hashing), into one flat array.
    let total = 0;
    for (const d of docs) total += d.length;
    const ids = new Int32Array(total);
    const starts = new Int32Array(docs.length + 1);
    let k = 0;
    for (let d = 0; d < docs.length; d++) {
      starts[d] = k;
      for (const tok of docs[d]!) {
        let id = terms.get(tok);
        if (id === undefined) {
          id = terms.size;
          terms.set(tok, id);
        }
        ids[k++] = id;
      }
    }
    starts[docs.length] = k;
    InvertedIndex.fill(this as unknown as Writable, terms.size, ids, starts);
    this.numDocs = docs.length;
    this.terms = terms;
  }

  /**
   * An index from documents given as term ids (document d is ids[starts[d] .. starts[d+1]),
   * ids < nTerms, order within a document free): the same arrays as the constructor builds
   * from the same documents' tokens, when `terms` numbers them alike.
   */
  static fromIds(terms: Vocabulary, nTerms: number, ids: Int32Array, starts: Int32Array): InvertedIndex {
    const out = Object.create(InvertedIndex.prototype) as Writable;
    InvertedIndex.fill(out, nTerms, ids, starts);
    out.numDocs = starts.length - 1;
    out.terms = terms;
    return out as InvertedIndex;
  }

  /** Per document, its term ids (each as often as it occurs, ascending): the inverse of the postings. */
  docTermIds(): { ids: Int32Array; starts: Int32Array } {
    const { offsets, postDoc, postTf, numDocs } = this;
    const starts = new Int32Array(numDocs + 1);
    for (let d = 0; d < numDocs; d++) starts[d + 1] = starts[d]! + this.docLen[d]!;
    const ids = new Int32Array(starts[numDocs]!);
    const at = starts.slice(0, numDocs);
    for (let t = 0; t + 1 < offsets.length; t++) {
      for (let j = offsets[t]!, end = offsets[t + 1]!; j < end; j++) {
        const d = postDoc[j]!;
        for (let n = postTf[j]!; n > 0; n--) ids[at[d]!++] = t;
      }
    }
    return { ids, starts };
  }

  /**
   * Builds postings from a flat id stream: document d is ids[starts[d] .. starts[d+1]).
   * Typed arrays only, no per-document map: this is most of the build time.
   */
  private static fill(self: Writable, nTerms: number, ids: Int32Array, starts: Int32Array): void {
    const nDocs = starts.length - 1;
    const df = new Int32Array(nTerms);
    const last = new Int32Array(nTerms).fill(-1);
    for (let d = 0; d < nDocs; d++) {
      for (let j = starts[d]!; j < starts[d + 1]!; j++) {
        const t = ids[j]!;
        if (last[t] !== d) {
          last[t] = d;
          df[t]!++;
        }
      }
    }
    const offsets = new Int32Array(nTerms + 1);
    for (let t = 0; t < nTerms; t++) offsets[t + 1] = offsets[t]! + df[t]!;
    const postDoc = new Int32Array(offsets[nTerms]!);
    const postTf = new Float32Array(offsets[nTerms]!);
    const fillAt = offsets.slice(0, nTerms);
    const slot = new Int32Array(nTerms);
    last.fill(-1);
    const docLen = new Float32Array(nDocs);
    for (let d = 0; d < nDocs; d++) {
      docLen[d] = starts[d + 1]! - starts[d]!;
      for (let j = starts[d]!; j < starts[d + 1]!; j++) {
        const t = ids[j]!;
        if (last[t] !== d) {
          last[t] = d;
          const at = fillAt[t]!++;
          slot[t] = at;
          postDoc[at] = d;
          postTf[at] = 1;
        } else postTf[slot[t]!]!++;
      }
    }
    const idf = new Float64Array(nTerms);
    for (let t = 0; t < nTerms; t++) idf[t] = Math.log(1 + (nDocs - df[t]! + 0.5) / (df[t]! + 0.5));
    self.offsets = offsets;
    self.postDoc = postDoc;
    self.postTf = postTf;
    self.docLen = docLen;
    self.avgLen = nDocs > 0 ? ids.length / nDocs : 1;
    self.idf = idf;
  }

  /**
   * The same texts grouped into larger documents (group[d] = the document doc d joins):
   * e.g. an entry's question and examples as one. Shares this index's term ids.
   */
  regroup(docs: readonly (readonly string[])[], group: Int32Array, groups: number): InvertedIndex {
    const starts = new Int32Array(docs.length + 1);
    for (let d = 0; d < docs.length; d++) starts[d + 1] = starts[d]! + docs[d]!.length;
    const ids = new Int32Array(starts[docs.length]!);
    let k = 0;
    for (const doc of docs) for (const tok of doc) ids[k++] = this.terms.get(tok)!;
    return this.regroupIds(ids, starts, group, groups);
  }

  /** regroup over documents given as term ids (fromIds' layout). */
  regroupIds(ids: Int32Array, starts: Int32Array, group: Int32Array, groups: number): InvertedIndex {
    const sizes = new Int32Array(groups + 1);
    const nDocs = starts.length - 1;
    for (let d = 0; d < nDocs; d++) sizes[group[d]! + 1]! += starts[d + 1]! - starts[d]!;
    const gStarts = new Int32Array(groups + 1);
    for (let g = 0; g < groups; g++) gStarts[g + 1] = gStarts[g]! + sizes[g + 1]!;
    const gIds = new Int32Array(gStarts[groups]!);
    const at = gStarts.slice(0, groups);
    for (let d = 0; d < nDocs; d++) {
      const g = group[d]!;
      for (let j = starts[d]!; j < starts[d + 1]!; j++) gIds[at[g]!++] = ids[j]!;
    }
    return InvertedIndex.fromIds(this.terms, this.offsets.length - 1, gIds, gStarts);
  }

  /** Euclidean norms of the docs' (1 + ln tf)·idf vectors, computed on first use. */
  private norms: Float64Array | undefined;

  docNorms(): Float64Array {
    if (this.norms) return this.norms;
    const norms = new Float64Array(this.numDocs);
    for (let t = 0; t + 1 < this.offsets.length; t++) {
      const idf = this.idf[t]!;
      for (let j = this.offsets[t]!, end = this.offsets[t + 1]!; j < end; j++) {
        const w = (1 + Math.log(this.postTf[j]!)) * idf;
        norms[this.postDoc[j]!]! += w * w;
      }
    }
    for (let d = 0; d < norms.length; d++) norms[d] = Math.sqrt(norms[d]!);
    this.norms = norms;
    return norms;
  }

  /** Adds each doc's TF-IDF dot product with the query into acc (same contract as bm25). */
  dot(ids: readonly number[], qtf: readonly number[], acc: Float64Array, touched: number[]): number {
    const { offsets, postDoc, postTf, idf } = this;
    let qNorm = 0;
    for (let i = 0; i < ids.length; i++) {
      const t = ids[i]!;
      const wq = (1 + Math.log(qtf[i]!)) * idf[t]!;
      qNorm += wq * wq;
      for (let j = offsets[t]!, end = offsets[t + 1]!; j < end; j++) {
        const d = postDoc[j]!;
        if (acc[d] === 0) touched.push(d);
        acc[d]! += wq * (1 + Math.log(postTf[j]!)) * idf[t]!;
      }
    }
    return Math.sqrt(qNorm);
  }

  /** Query tokens → distinct known term ids with their query frequencies. */
  queryTerms(tokens: readonly string[]): { ids: number[]; qtf: number[] } {
    const ids: number[] = [];
    const qtf: number[] = [];
    for (const tok of tokens) {
      const id = this.terms.get(tok);
      // a term of a derived vocabulary that no document has (Vocabulary) is unknown here
      if (id === undefined || this.offsets[id + 1] === this.offsets[id]) continue;
      // A query has a few dozen tokens: a linear scan beats allocating a map per query.
      const at = ids.indexOf(id);
      if (at < 0) {
        ids.push(id);
        qtf.push(1);
      } else qtf[at]!++;
    }
    return { ids, qtf };
  }

  /**
   * Adds each doc's BM25 score into acc and lists the docs touched (acc must be zero for
   * untouched docs on entry; the caller resets the touched ones afterwards).
   */
  bm25(ids: readonly number[], qtf: readonly number[], p: Bm25Params, acc: Float64Array, touched: number[]): void {
    const { offsets, postDoc, postTf, docLen, idf } = this;
    const k1 = p.k1;
    const bAvg = p.b / this.avgLen;
    const oneMinusB = 1 - p.b;
    for (let i = 0; i < ids.length; i++) {
      const t = ids[i]!;
      // Query term frequency saturates too: a buyer repeating "快快快" is not three times as specific.
      const w = idf[t]! * Math.sqrt(qtf[i]!);
      for (let j = offsets[t]!, end = offsets[t + 1]!; j < end; j++) {
        const d = postDoc[j]!;
        const tf = postTf[j]!;
        const s = (w * tf * (k1 + 1)) / (tf + k1 * (oneMinusB + bAvg * docLen[d]!));
        if (acc[d] === 0) touched.push(d);
        acc[d]! += s;
      }
    }
  }

  /**
   * The BM25 score the query would get against a document made of itself: its ceiling.
   * Tokens the index never saw count too (at the idf of a term in no document): a query
   * that is half about something else must not look fully covered by the half that matched.
   */
  selfScore(ids: readonly number[], qtf: readonly number[], p: Bm25Params, queryLen: number, unknown = 0): number {
    let s = 0;
    const norm = p.k1 * (1 - p.b + (p.b * queryLen) / this.avgLen);
    for (let i = 0; i < ids.length; i++) {
      const tf = qtf[i]!;
      s += (this.idf[ids[i]!]! * Math.sqrt(tf) * tf * (p.k1 + 1)) / (tf + norm);
    }
    if (unknown > 0) s += (unknown * this.unknownIdf() * (p.k1 + 1)) / (1 + norm);
    return s;
  }

  /** idf of a term found in no document */
  unknownIdf(): number {
    return Math.log(1 + (this.numDocs + 0.5) / 0.5);
  }
}
