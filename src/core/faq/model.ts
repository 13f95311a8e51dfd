/**
 * The model of a FAQ set: everything trained for it (train.ts) that the matcher uses to
 * re-score the candidates it retrieved: the LSA term vectors (lsa.ts), the scorer (scorer.ts)
 * over the candidates' features (features.ts), and the residual n-gram × entry weights
 * (residual.ts). Types only: stored as JSON by model-io.ts and inside the compact bundle by
 * compact-model.ts, whose stored field names (params, classes, weights, lsa, ranker) these keep.
 */
import type { LsaModel } from "./lsa.js";
import type { Scorer } from "./scorer.js";

export interface ModelParams {
  /** log2 of the hashed weight table size */
  bits: number;
  /** longest character n-gram used as a feature */
  maxN: number;
  /** BM25 candidates per training text (negatives) and per query (rescored) */
  candidates: number;
  epochs: number;
  /** AdaGrad step size */
  lr: number;
  /** L2 penalty per update (weight decay on touched weights) */
  l2: number;
  /** weight of the model's score when added to the BM25 combination */
  mix: number;
  seed: number;
  /** weight of the LSA cosine (lsa.ts) added to the score; 0: no LSA */
  wLsa: number;
  /** LSA: longest n-gram, dimensions */
  lsaMaxN: number;
  lsaDims: number;
  /** weight scale of the shared (query word, entry question word) pair features; 0: off */
  pairs: number;
  /**
   * 1: the scorer (scorer.ts) rescores the candidates from their features (features.ts) and the
   * n-gram × entry weights are trained on top of its logits (then `mix` is 1); 0: the
   * earlier model (no scorer), raw + mix · Σ w + wLsa · LSA cosine. (`ranker` is the
   * scorer's stored name: models and bundles carry it.)
   */
  ranker: number;
}

/** Chosen by 5-fold cross-validation on the dev splits (docs/faq.md). */
export const DEFAULT_MODEL_PARAMS: ModelParams = {
  bits: 20,
  maxN: 1,
  candidates: 20,
  epochs: 10,
  lr: 0.1,
  l2: 0,
  mix: 0.1,
  seed: 1,
  pairs: 0,
  wLsa: 1.2,
  lsaMaxN: 1,
  lsaDims: 64,
  ranker: 1,
};

export interface FaqModel {
  params: ModelParams;
  /** entry ids in class order: weights are keyed by class index */
  classes: string[];
  weights: Float32Array;
  /** term vectors learned from the FAQ texts, when params.wLsa > 0 */
  lsa?: LsaModel;
  /** the scorer, when params.ranker > 0 and there were examples to learn from (stored name: ranker) */
  ranker?: Scorer;
}
