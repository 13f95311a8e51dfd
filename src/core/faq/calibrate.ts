/**
 * Choosing the auto-answer threshold on data. A wrong automatic answer costs more than a
 * human reply, so the threshold is the lowest confidence at which the answers the bot
 * would send alone are still right often enough, measured on paraphrases the matcher did
 * not see (cross-validation over the FAQ set's own examples).
 */
import { trainFaqModel, usesLearnedModel } from "./train.js";
import { buildFaqMatcher, OUT_OF_SCOPE_ID, type FaqSettings } from "./matcher.js";
import type { ModelParams } from "./model.js";
import type { FaqEntry } from "./types.js";

export interface HeldOutResult {
  entryId: string;
  /** which example of the entry (index into its examples) */
  example: number;
  text: string;
  /** the matcher's top entry, undefined when nothing matched */
  predicted: string | undefined;
  confidence: number;
  /**
   * Where the query came from (a labelled file): each source must keep the precision on its
   * own (chooseThreshold). Examples of the FAQ set have none.
   */
  source?: string;
}

/**
 * k-fold cross-validation over the examples: example i of every entry is held out in fold
 * i mod k, so each fold removes a share of every entry's paraphrases (an entry with one
 * example keeps only its question, the situation of a paraphrase nobody wrote down yet).
 * folds ≥ the largest example count gives leave-one-out per entry.
 */
export function crossValidate(entries: readonly FaqEntry[], settings: FaqSettings, folds = 5, modelParams?: Partial<ModelParams>): HeldOutResult[] {
  const out: HeldOutResult[] = [];
  for (let k = 0; k < folds; k++) {
    const held: { entryId: string; example: number; text: string }[] = [];
    const train = entries.map((e) => {
      if (!e.enabled) return e;
      const keep: string[] = [];
      e.examples.forEach((x, i) => {
        if (i % folds === k) held.push({ entryId: e.id, example: i, text: x });
        else keep.push(x);
      });
      return { ...e, examples: keep };
    });
    // Out-of-scope messages are held out in turn like examples: answering one alone is
    // always a mistake, which is what keeps the threshold honest on off-topic traffic.
    const oos = settings.outOfScope ?? [];
    const keepOos: string[] = [];
    oos.forEach((x, i) => {
      if (i % folds === k) held.push({ entryId: OUT_OF_SCOPE_ID, example: i, text: x });
      else keepOos.push(x);
    });
    if (held.length === 0) continue;
    const foldSettings = { ...settings, outOfScope: keepOos };
    // With a model, each fold trains its own on the fold's training part only.
    // Whether the scorer runs is decided on the whole set, as when it runs live.
    const model = modelParams ? (usesLearnedModel(entries) ? trainFaqModel(train, foldSettings, { ranker: 1, ...modelParams }) : undefined) : undefined;
    const m = buildFaqMatcher(train, foldSettings, model ? { model } : {});
    for (const h of held) {
      const r = m.match(h.text, { topK: 1 });
      // (When the out-of-scope entry outranks the top match, the top's margin against it is
      // negative, so its score is already low.)
      out.push({ ...h, predicted: r.matches[0]?.entryId, confidence: r.matches[0]?.score ?? 0 });
    }
  }
  return out;
}

export interface ThresholdChoice {
  threshold: number;
  /** precision of the auto-answers at that threshold on the held-out data */
  precision: number;
  /** share of held-out queries auto-answered */
  coverage: number;
  /** one-sided 95 % Wilson lower bound of the precision */
  precisionLowerBound: number;
  /** held-out queries it was chosen on */
  queries: number;
  /**
   * "wilson": the bound met the target; "small-set": too few held-out queries for the bound
   * to ever reach it, so raw precision ≥ target + 0.02 over at least 20 auto-answers was
   * used; "none": nothing qualified, the bot never answers alone.
   */
  method: "wilson" | "small-set" | "none";
  /** top-1 accuracy on the held-out queries */
  top1: number;
}

/** One-sided Wilson score lower bound for k successes in n trials. */
export function wilsonLower(k: number, n: number, z = 1.645): number {
  if (n === 0) return 0;
  const p = k / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return (centre - spread) / (1 + z2 / n);
}

/**
 * Walking down from the most confident held-out query, the lowest threshold down to which
 * the auto-answers keep the Wilson lower bound of their precision at or above the target
 * (the walk ends at a band of mistakes that takes the precision itself under the target). The bound, not the raw precision, is the margin: 20 right out of 20
 * is not yet evidence of 95 %, 400 out of 410 is. When no threshold qualifies the result
 * is 1 (never answer alone) with coverage 0.
 */
export function chooseThreshold(results: readonly HeldOutResult[], targetPrecision = 0.95): ThresholdChoice {
  const strict = walk(results, targetPrecision, (right, count) => wilsonLower(right, count) >= targetPrecision);
  if (strict.method !== "none") return strict;
  const relaxed = walk(results, targetPrecision, (right, count) => count >= 20 && right / count >= targetPrecision + 0.02);
  return relaxed.method === "none" ? relaxed : { ...relaxed, method: "small-set" };
}

/**
 * Answers from one source below which its own precision is not yet judged: one mistake in
 * the first few answers of a small file says little.
 */
export const MIN_SOURCE_ANSWERS = 10;

function walk(results: readonly HeldOutResult[], targetPrecision: number, ok: (right: number, count: number) => boolean): ThresholdChoice {
  const n = results.length;
  const sorted = [...results].sort((a, b) => b.confidence - a.confidence);
  const top1 = n === 0 ? 0 : results.filter((r) => r.predicted === r.entryId).length / n;
  let best: ThresholdChoice = { threshold: 1, precision: 0, coverage: 0, precisionLowerBound: 0, queries: n, top1, method: "none" };
  let right = 0;
  let qualified = false;
  // Per source, the answers so far and how many were right. A pool of easy paraphrases
  // must not buy mistakes on real traffic: with the pooled bound alone, 1,080 more FAQ
  // examples moved the demo threshold from 0.85 to 0.82, where the pool kept 0.974 but the
  // real JD messages fell to 32 right of 36 (a wrong answer in every 125 messages).
  const bySource = new Map<string, { right: number; count: number }>();
  let sourcesFailing = 0;
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i]!;
    const isRight = r.predicted === r.entryId;
    if (isRight) right++;
    if (r.source !== undefined && r.confidence > 0) {
      const s = bySource.get(r.source) ?? { right: 0, count: 0 };
      const failedBefore = s.count >= MIN_SOURCE_ANSWERS && s.right / s.count < targetPrecision;
      s.count++;
      if (isRight) s.right++;
      bySource.set(r.source, s);
      const failsNow = s.count >= MIN_SOURCE_ANSWERS && s.right / s.count < targetPrecision;
      sourcesFailing += (failsNow ? 1 : 0) - (failedBefore ? 1 : 0);
    }
    // Only cut between distinct confidences: a threshold includes every tie.
    const next = sorted[i + 1];
    if (next !== undefined && next.confidence === r.confidence) continue;
    const count = i + 1;
    const lb = wilsonLower(right, count);
    if (ok(right, count) && sourcesFailing === 0 && r.confidence > 0) {
      qualified = true;
      best = { threshold: r.confidence, precision: right / count, coverage: count / n, precisionLowerBound: lb, queries: n, top1, method: "wilson" };
    } else if (qualified && right / count < targetPrecision) {
      // Walking down, a band of mistakes that pulls the precision itself under the target
      // ends the search: a lower threshold that passes again would do so only because a run
      // of easy queries refilled the average. One mistake among the first few dozen answers
      // only widens the bound for a while (60 right then 1 wrong: bound 0.92, precision
      // 0.98); stopping there chose 0.95 on the demo FAQ's real labels, where 0.57 keeps
      // the bound with twice the answers.
      break;
    }
  }
  return best;
}

/** Cross-validates and chooses: the threshold for a FAQ set in one call. */
export function calibrateThreshold(entries: readonly FaqEntry[], settings: FaqSettings, opts: { folds?: number; targetPrecision?: number; model?: Partial<ModelParams> } = {}): ThresholdChoice {
  return chooseThreshold(crossValidate(entries, settings, opts.folds ?? 5, opts.model), opts.targetPrecision ?? 0.95);
}

/** A labelled real buyer message as the live reading saw it with no threshold applied. */
export interface LabelledPoint {
  /** the reading's top entry, undefined when a gate (intent, negation, evidence) stopped it */
  predicted: string | undefined;
  confidence: number;
  /** the entries whose answer is right for it (the label, and `alt=` for the lenient score) */
  accepted: readonly string[];
  /** the labelled file it came from: each file must keep the precision target on its own */
  source?: string;
}

function asHeldOut(p: LabelledPoint, i: number): HeldOutResult {
  const right = p.predicted !== undefined && p.accepted.includes(p.predicted);
  // a gated message can never be answered: confidence 0 keeps it out of every threshold
  return { entryId: right ? p.predicted! : "_wrong", example: i, text: "", predicted: p.predicted, confidence: p.predicted === undefined ? 0 : p.confidence, source: p.source };
}

export interface RealCalibration {
  /** chosen on every labelled message */
  choice: ThresholdChoice;
  /** k-fold: each fold's messages answered at the threshold chosen on the other folds */
  heldOut: { answered: number; right: number; precision: number | null; folds: number };
}

/**
 * Chooses the threshold on real buyer messages (labelled per docs/labelling-real-buyers.md)
 * and says how it does on messages it was not chosen on: k folds, each scored at the
 * threshold the other k−1 chose. The FAQ's own examples are clean paraphrases written by the
 * shop; real messages are where wrong answers come from, so they decide.
 */
export function calibrateOnLabelled(points: readonly LabelledPoint[], opts: { folds?: number; targetPrecision?: number } = {}): RealCalibration {
  const folds = opts.folds ?? 5;
  const target = opts.targetPrecision ?? 0.95;
  const all = points.map(asHeldOut);
  let answered = 0;
  let right = 0;
  for (let k = 0; k < folds; k++) {
    const train = all.filter((_, i) => i % folds !== k);
    const t = chooseThreshold(train, target);
    if (t.method === "none") continue;
    all.forEach((r, i) => {
      if (i % folds !== k || r.confidence <= 0 || r.confidence < t.threshold) return;
      answered++;
      if (r.predicted === r.entryId) right++;
    });
  }
  return { choice: chooseThreshold(all, target), heldOut: { answered, right, precision: answered ? right / answered : null, folds } };
}
