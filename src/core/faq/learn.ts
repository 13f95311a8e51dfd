/**
 * Training the reranker (rerank.ts) for a FAQ set: a separate step from the index build.
 * The training queries are the set's examples, each ranked by a matcher that has not seen
 * it (inner k-fold over the examples), so the reranker learns from the mistakes BM25 makes
 * on unseen paraphrases, the situation it corrects at query time.
 */
import { buildFaqMatcher, OUT_OF_SCOPE_ID, type FaqEngine, type FaqSettings } from "./matcher.js";
import { trainLsa } from "./lsa.js";
import { DEFAULT_RERANK, featureHashes, pairWords, trainResidual, type RerankerModel, type RerankParams, type RerankSample } from "./rerank.js";
import { tokenize } from "./tokenize.js";
import type { FaqEntry } from "./types.js";
import { createNormalizer } from "./normalize.js";

export function trainFaqReranker(entries: readonly FaqEntry[], settings: FaqSettings, params: Partial<RerankParams> = {}, folds = 5): RerankerModel {
  const p = { ...DEFAULT_RERANK, ...params };
  const maxN = p.maxN;
  const K = p.candidates;
  const normalize = createNormalizer({ synonyms: settings.synonyms, fillers: settings.fillers });
  const live = entries.filter((e) => e.enabled);
  const classes = live.map((e) => e.id);
  if (settings.outOfScope && settings.outOfScope.length > 0) classes.push(OUT_OF_SCOPE_ID);
  const classOf = new Map(classes.map((id, i) => [id, i]));
  // LSA over each entry's question, examples and answer: answers are where a set's
  // vocabulary co-occurs (POS 终端 刷卡机 in one answer).
  const lsa =
    p.wLsa !== 0
      ? trainLsa(
          live.map((e) => [e.question, ...e.examples, e.answer].flatMap((t) => tokenize(normalize(t), { maxN: p.lsaMaxN }))),
          { dims: p.lsaDims },
        )
      : undefined;
  // The candidates' base score includes the LSA term: the weights learn what is left.
  const baseModel: RerankerModel | undefined = lsa ? { params: { ...p, mix: 0 }, classes, weights: new Float32Array(1), lsa } : undefined;
  const samples: RerankSample[] = [];
  for (let k = 0; k < folds; k++) {
    const held: { gold: number; text: string }[] = [];
    const train = entries.map((e) => {
      if (!e.enabled) return e;
      const keep: string[] = [];
      e.examples.forEach((x, i) => {
        if (i % folds === k) held.push({ gold: classOf.get(e.id)!, text: x });
        else keep.push(x);
      });
      return { ...e, examples: keep };
    });
    if (held.length === 0) continue;
    const m: FaqEngine = buildFaqMatcher(train, settings, baseModel ? { reranker: baseModel } : {});
    for (const h of held) {
      const ranked = m.rank(h.text, K).candidates;
      const gi = ranked.findIndex((c) => c.entry.id === classes[h.gold]);
      if (gi < 0 || ranked.length < 2) continue;
      const feats = featureHashes(tokenize(normalize(h.text), { maxN }));
      if (feats.length === 0) continue;
      samples.push({
        feats,
        cands: Int32Array.from(ranked, (c) => classOf.get(c.entry.id)!),
        base: Float64Array.from(ranked, (c) => c.raw),
        gold: gi,
        qWords: pairWords(tokenize(normalize(h.text), { maxN: 2 })),
      });
    }
  }
  const classWords = live.map((e) => pairWords(tokenize(normalize(e.question), { maxN: 2 })));
  if (p.epochs === 0 || p.mix === 0) return { params: p, classes, weights: new Float32Array(1), ...(lsa ? { lsa } : {}) };
  return trainResidual(samples, classes, p, classWords, lsa);
}
