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

export class InvertedIndex {
  readonly numDocs: number;
  readonly terms: Map<string, number>;
  /** postings of term t are [offsets[t], offsets[t+1]) */
  readonly offsets: Int32Array;
  readonly postDoc: Int32Array;
  readonly postTf: Float32Array;
  readonly docLen: Float32Array;
  readonly avgLen: number;
  /** BM25 idf, always > 0 (the "+1" variant, so very common terms still count a little) */
  readonly idf: Float64Array;

  constructor(docs: readonly (readonly string[])[]) {
    this.numDocs = docs.length;
    const terms = new Map<string, number>();
    const counts: number[] = [];
    // Pass 1: vocabulary and posting counts (one posting per distinct term per doc).
    const docTerms: Map<number, number>[] = new Array(docs.length);
    const docLen = new Float32Array(docs.length);
    let total = 0;
    for (let d = 0; d < docs.length; d++) {
      const tf = new Map<number, number>();
      for (const tok of docs[d]!) {
        let id = terms.get(tok);
        if (id === undefined) {
          id = terms.size;
          terms.set(tok, id);
          counts.push(0);
        }
        const prev = tf.get(id);
        if (prev === undefined) {
          tf.set(id, 1);
          counts[id]!++;
        } else tf.set(id, prev + 1);
      }
      docTerms[d] = tf;
      docLen[d] = docs[d]!.length;
      total += docs[d]!.length;
    }
    const offsets = new Int32Array(terms.size + 1);
    for (let t = 0; t < terms.size; t++) offsets[t + 1] = offsets[t]! + counts[t]!;
    const postDoc = new Int32Array(offsets[terms.size]!);
    const postTf = new Float32Array(offsets[terms.size]!);
    const fill = offsets.slice(0, terms.size);
    // Pass 2: postings, in doc order within each term.
    for (let d = 0; d < docs.length; d++) {
      for (const [id, tf] of docTerms[d]!) {
        const at = fill[id]!++;
        postDoc[at] = d;
        postTf[at] = tf;
      }
    }
    const idf = new Float64Array(terms.size);
    const n = docs.length;
    for (let t = 0; t < terms.size; t++) {
      const df = counts[t]!;
      idf[t] = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    }
    this.terms = terms;
    this.offsets = offsets;
    this.postDoc = postDoc;
    this.postTf = postTf;
    this.docLen = docLen;
    this.avgLen = n > 0 ? total / n : 1;
    this.idf = idf;
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
    const pos = new Map<number, number>();
    const ids: number[] = [];
    const qtf: number[] = [];
    for (const tok of tokens) {
      const id = this.terms.get(tok);
      if (id === undefined) continue;
      const at = pos.get(id);
      if (at === undefined) {
        pos.set(id, ids.length);
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
