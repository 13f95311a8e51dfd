/**
 * The questions the FAQ did not answer, grouped so a shop owner sees what buyers keep asking:
 * routed buyer messages, normalised by the FAQ engine's own normaliser, compared as sets of
 * character bigrams (the engine's tokens, see questionTokens), and gathered by greedy leader
 * clustering (each message joins the most similar group whose first message is similar
 * enough, else starts its own). Pure and bounded: at most `maxDistinct` distinct texts.
 */
import { normalizeText, type Normalizer } from "./faq/normalize.js";
import { tokenize } from "./faq/tokenize.js";

/**
 * Which routed messages are questions the FAQ did not answer. Left out: messages without
 * text, acknowledgements and fragments (nothing to add to a FAQ), requests for a person, a
 * repeat of an answer just sent, and routes taken although a confident entry existed (the
 * platform does not count the bot, a human was in the chat): the FAQ knew those. A negated
 * or only partly covered question is a gap even when the entry scored high: the entry's
 * answer is the wrong one for it (我不要发票 is not the invoice question).
 */
const NOT_A_GAP = new Set(["no-text", "not-a-question", "human-requested", "repeat"]);
/** reasons that are gaps whatever the score */
export const GAP_EVEN_IF_CONFIDENT: readonly string[] = ["negated", "not-covered"];

export function isUnansweredQuestion(d: { action: string; reason: string; faqConfident: boolean }): boolean {
  if (d.action !== "route" || NOT_A_GAP.has(d.reason)) return false;
  return !d.faqConfident || GAP_EVEN_IF_CONFIDENT.includes(d.reason);
}

export interface QuestionMessage {
  text: string;
  at: number;
  platform: string;
  conversation: string;
  /** the entry suggested for it, if any, and its score */
  faqId: string | null;
  faqScore?: number | null;
}

export interface QuestionGroup {
  /** messages in the group */
  size: number;
  /** distinct conversations they came from */
  conversations: number;
  /** a few distinct texts, most frequent first */
  examples: QuestionMessage[];
  /** the entry suggested most often for its messages: the likely home of a new example */
  faqId: string | null;
  /** the mean score of that entry over the messages it was suggested for (null: no scores) */
  faqScore: number | null;
  lastAt: number;
}

export interface ClusterOptions {
  normalize?: Normalizer;
  /** Dice similarity of the token sets needed to join a group, in (0, 1] */
  minSimilarity?: number;
  maxExamples?: number;
  maxDistinct?: number;
}

/**
 * The engine's tokens of the normalised text without single Chinese characters: bigrams and
 * Latin words. Unigrams (的, 吗, 好 …) make unrelated questions look alike and give every
 * wording thousands of groups to count against; a text too short for a bigram keeps its
 * unigrams, so "在" still meets "在".
 */
export function questionTokens(normalized: string): Set<string> {
  const all = tokenize(normalized, { maxN: 2 });
  const longer = all.filter((t) => t.length > 1 || /^[a-z0-9]/.test(t));
  return new Set(longer.length ? longer : all);
}

/** Dice coefficient: 2|A∩B| / (|A|+|B|); 0 for two empty sets. */
export function diceSimilarity(a: Set<string>, b: Set<string>): number {
  if (a.size + b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const t of small) if (large.has(t)) shared++;
  return (2 * shared) / (a.size + b.size);
}

interface Distinct {
  key: string;
  tokens: Set<string>;
  messages: QuestionMessage[];
}

interface Building {
  seed: Set<string>;
  members: Distinct[];
}

export function clusterQuestions(messages: readonly QuestionMessage[], opts: ClusterOptions = {}): { groups: QuestionGroup[]; truncated: boolean } {
  const normalize = opts.normalize ?? normalizeText;
  const minSimilarity = opts.minSimilarity ?? 0.5;
  const maxExamples = opts.maxExamples ?? 5;
  const maxDistinct = opts.maxDistinct ?? 3000;
  if (!(minSimilarity > 0 && minSimilarity <= 1)) throw new RangeError(`minSimilarity must be in (0, 1], not ${minSimilarity}`);

  // identical questions (after normalising) are one item: the clustering cost grows with the
  // distinct texts, not with how often buyers repeat the same words
  const byKey = new Map<string, Distinct>();
  let truncated = false;
  for (const m of messages) {
    const key = normalize(m.text);
    if (!key) continue;
    let d = byKey.get(key);
    if (!d) {
      if (byKey.size >= maxDistinct) {
        truncated = true;
        continue;
      }
      d = { key, tokens: questionTokens(key), messages: [] };
      byKey.set(key, d);
    }
    d.messages.push(m);
  }

  // most asked first, so each group's seed is its most common wording; ties: the newest first
  const latest = (d: Distinct) => Math.max(...d.messages.map((m) => m.at));
  const distinct = [...byKey.values()]
    .map((d) => ({ d, last: latest(d) }))
    .sort((a, b) => b.d.messages.length - a.d.messages.length || b.last - a.last || a.d.key.localeCompare(b.d.key))
    .map((x) => x.d);
  // Seeds are indexed by token, so a wording is compared only with the groups it shares a
  // token with, counted in one pass over the postings: the exact Dice similarity without a
  // scan of every group (bench:unanswered).
  const building: Building[] = [];
  const postings = new Map<string, number[]>();
  const shared = new Int32Array(distinct.length);
  const touched: number[] = [];
  for (const d of distinct) {
    for (const t of d.tokens) {
      for (const g of postings.get(t) ?? []) {
        if (shared[g] === 0) touched.push(g);
        shared[g]!++;
      }
    }
    // the most similar group; ties go to the older (more asked) one
    let best = -1;
    let bestSim = minSimilarity;
    for (const g of touched) {
      const s = (2 * shared[g]!) / (d.tokens.size + building[g]!.seed.size);
      if (s > bestSim || (s === bestSim && (best < 0 || g < best))) {
        best = g;
        bestSim = s;
      }
      shared[g] = 0;
    }
    touched.length = 0;
    if (best >= 0) {
      building[best]!.members.push(d);
      continue;
    }
    for (const t of d.tokens) {
      const list = postings.get(t);
      if (list) list.push(building.length);
      else postings.set(t, [building.length]);
    }
    building.push({ seed: d.tokens, members: [d] });
  }

  const groups = building.map((g): QuestionGroup => {
    const all = g.members.flatMap((m) => m.messages);
    const faqCounts = new Map<string, number>();
    for (const m of all) if (m.faqId) faqCounts.set(m.faqId, (faqCounts.get(m.faqId) ?? 0) + 1);
    let faqId: string | null = null;
    for (const [id, n] of faqCounts) if (faqId === null || n > faqCounts.get(faqId)!) faqId = id;
    const scores = all.filter((m) => m.faqId === faqId && typeof m.faqScore === "number").map((m) => m.faqScore as number);
    return {
      size: all.length,
      conversations: new Set(all.map((m) => `${m.platform}\u0000${m.conversation}`)).size,
      // one example per distinct wording (its latest message), most frequent wording first
      examples: g.members.slice(0, maxExamples).map((m) => m.messages.reduce((a, b) => (b.at > a.at ? b : a))),
      faqId,
      faqScore: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null,
      lastAt: Math.max(...all.map((m) => m.at)),
    };
  });
  groups.sort((a, b) => b.size - a.size || b.lastAt - a.lastAt);
  return { groups, truncated };
}
