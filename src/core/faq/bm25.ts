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

export class InvertedIndex {
  readonly numDocs!: number;
  readonly terms!: Map<string, number>;
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
    const terms = shared ? new Map(shared.terms) : new Map<string, number>();
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
    InvertedIndex.fill(this as unknown as Writable, terms, ids, starts);
    this.numDocs = docs.length;
    this.terms = terms;
  }

  /**
   * Builds postings from a flat id stream: document d is ids[starts[d] .. starts[d+1]).
   * Typed arrays only, no per-document map: this is most of the build time.
   */
  private static fill(self: Writable, terms: Map<string, number>, ids: Int32Array, starts: Int32Array): void {
    const nTerms = terms.size;
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
    const out = Object.create(InvertedIndex.prototype) as InvertedIndex;
    const sizes = new Int32Array(groups + 1);
    for (let d = 0; d < docs.length; d++) sizes[group[d]! + 1]! += docs[d]!.length;
    const starts = new Int32Array(groups + 1);
    for (let g = 0; g < groups; g++) starts[g + 1] = starts[g]! + sizes[g + 1]!;
    const ids = new Int32Array(starts[groups]!);
    const at = starts.slice(0, groups);
    for (let d = 0; d < docs.length; d++) {
      const g = group[d]!;
      for (const tok of docs[d]!) ids[at[g]!++] = this.terms.get(tok)!;
    }
    InvertedIndex.fill(out as unknown as Writable, this.terms, ids, starts);
    (out as unknown as Writable).numDocs = groups;
    (out as unknown as Writable).terms = this.terms;
    return out;
  }

  /** Euclidean norms of the docs' (1 + ln tf)·idf vectors, computed on first use. */
  private norms: Float64Array | undefined;

  docNorms(): Float64Array {
    if (this.norms) return this.norms;
    const norms = new Float64Array(this.numDocs);
    for (let t = 0; t < this.terms.size; t++) {
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
      if (id === undefined) continue;
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
