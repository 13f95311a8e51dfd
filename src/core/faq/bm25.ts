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
 * Term → id. A built index's is a Map; a derived matcher's (matcher.ts BuildOptions.base) is a
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

/** BM25 idf of every term from its document frequency (offsets' gaps), each value computed once. */
function bm25Idf(nDocs: number, offsets: Int32Array): Float64Array {
  const idf = new Float64Array(offsets.length - 1);
  // per df, its idf (0: not computed yet; an idf is always > 0). An array, not a Map: this runs
  // on a Worker's first request (InvertedIndex.compactRevive), where every lookup is cold code
  const byDf = new Float64Array(nDocs + 1);
  for (let t = 0; t < idf.length; t++) {
    const df = offsets[t + 1]! - offsets[t]!;
    let v = byDf[df]!;
    if (v === 0) byDf[df] = v = Math.log(1 + (nDocs - df + 0.5) / (df + 0.5));
    idf[t] = v;
  }
  return idf;
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

  /** Fields compactMatcher does not store: the idf is its document frequencies' (compactRevive), 88 KB of doubles per 11,000 terms. */
  static readonly compactSkip = ["idf"] as const;

  compactRevive(): void {
    // what fill and derive compute: the same function of the same counts, so the same doubles
    (this as Writable).idf = bm25Idf(this.numDocs, this.offsets);
  }

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
   * This index with some documents dropped or renumbered and others added, without reading
   * the kept documents' tokens again: one pass over the postings, the added documents'
   * merged in. The same arrays as an index built from the resulting documents whose terms
   * are numbered as `terms` numbers them (matcher.ts BuildOptions.base).
   * @param terms this index's vocabulary, extended by the added documents' terms (ids < nTerms)
   * @param docMap per document here, its id in the new index (increasing) or −1: dropped
   * @param added the added documents: their ids in the new index (increasing) and term ids
   */
  derive(terms: Vocabulary, nTerms: number, numDocs: number, docMap: Int32Array, added: { doc: readonly number[]; ids: readonly Int32Array[] }): InvertedIndex {
    // the added documents' postings, by term and then document (counting sort)
    const aStart = new Int32Array(nTerms + 1);
    const last = new Int32Array(nTerms).fill(-1);
    for (let k = 0; k < added.ids.length; k++) {
      for (const t of added.ids[k]!) {
        if (last[t] === k) continue;
        last[t] = k;
        aStart[t + 1]!++;
      }
    }
    for (let t = 0; t < nTerms; t++) aStart[t + 1]! += aStart[t]!;
    const nAdded = aStart[nTerms]!;
    const aDoc = new Int32Array(nAdded);
    const aTf = new Float32Array(nAdded);
    const at = aStart.slice(0, nTerms);
    const slot = new Int32Array(nTerms);
    last.fill(-1);
    for (let k = 0; k < added.ids.length; k++) {
      for (const t of added.ids[k]!) {
        if (last[t] === k) {
          aTf[slot[t]!]!++;
          continue;
        }
        last[t] = k;
        const s = at[t]!++;
        slot[t] = s;
        aDoc[s] = added.doc[k]!;
        aTf[s] = 1;
      }
    }
    // per term: its kept postings renumbered, the added ones merged in by document
    const { offsets: oldOff, postDoc: oldDoc, postTf: oldTf } = this;
    const oldTerms = oldOff.length - 1;
    const offsets = new Int32Array(nTerms + 1);
    const postDoc = new Int32Array(oldDoc.length + nAdded);
    const postTf = new Float32Array(oldDoc.length + nAdded);
    let w = 0;
    for (let t = 0; t < nTerms; t++) {
      offsets[t] = w;
      let a = aStart[t]!;
      const aEnd = aStart[t + 1]!;
      if (t < oldTerms) {
        for (let j = oldOff[t]!, end = oldOff[t + 1]!; j < end; j++) {
          const d = docMap[oldDoc[j]!]!;
          if (d < 0) continue;
          for (; a < aEnd && aDoc[a]! < d; a++, w++) {
            postDoc[w] = aDoc[a]!;
            postTf[w] = aTf[a]!;
          }
          postDoc[w] = d;
          postTf[w++] = oldTf[j]!;
        }
      }
      for (; a < aEnd; a++, w++) {
        postDoc[w] = aDoc[a]!;
        postTf[w] = aTf[a]!;
      }
    }
    offsets[nTerms] = w;
    const docLen = new Float32Array(numDocs);
    for (let d = 0; d < docMap.length; d++) if (docMap[d]! >= 0) docLen[docMap[d]!] = this.docLen[d]!;
    added.doc.forEach((d, k) => (docLen[d] = added.ids[k]!.length));
    let total = 0;
    for (let d = 0; d < numDocs; d++) total += docLen[d]!;
    const out = Object.create(InvertedIndex.prototype) as Writable;
    out.offsets = offsets;
    out.postDoc = postDoc.subarray(0, w);
    out.postTf = postTf.subarray(0, w);
    out.docLen = docLen;
    out.avgLen = numDocs > 0 ? total / numDocs : 1;
    out.idf = bm25Idf(numDocs, offsets);
    out.numDocs = numDocs;
    out.terms = terms;
    return out as InvertedIndex;
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
    self.offsets = offsets;
    self.postDoc = postDoc;
    self.postTf = postTf;
    self.docLen = docLen;
    self.avgLen = nDocs > 0 ? ids.length / nDocs : 1;
    self.idf = bm25Idf(nDocs, offsets);
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
    InvertedIndex.fill(out as unknown as Writable, this.offsets.length - 1, ids, starts);
    (out as unknown as Writable).numDocs = groups;
    (out as unknown as Writable).terms = this.terms;
    return out;
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
