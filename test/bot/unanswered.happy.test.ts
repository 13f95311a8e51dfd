/** The pure parts: suggestion confidence levels, similarity and greedy grouping of questions. */
import { describe, expect, it } from "vitest";
import { CONFIDENCE_LABELS, suggestionConfidence, WEAK_GUESS_FLOOR } from "../../src/core/confidence.js";
import { DECISION_REASON_LABELS } from "../../src/core/decision.js";
import { clusterQuestions, diceSimilarity, isUnansweredQuestion, questionTokens, type QuestionMessage } from "../../src/core/unanswered.js";
import { LABELS_ASSET, UI_LABELS } from "../../src/http/pages/labels.js";

describe("suggestionConfidence", () => {
  it("is confident at the threshold, a suggestion down to the floor, a weak guess under it", () => {
    expect(suggestionConfidence(0.81, 0.81).level).toBe("confident");
    expect(suggestionConfidence(0.8099, 0.81).level).toBe("suggest");
    expect(suggestionConfidence(WEAK_GUESS_FLOOR, 0.81).level).toBe("suggest");
    expect(suggestionConfidence(0.2999, 0.81)).toMatchObject({ level: "weak", label: "仅供参考", floor: 0.3 });
  });

  it("a threshold under the floor pulls the floor down: nothing the bot would send is called a weak guess", () => {
    expect(suggestionConfidence(0.2, 0.2)).toMatchObject({ level: "confident", floor: 0.2 });
    expect(suggestionConfidence(0.19, 0.2)).toMatchObject({ level: "weak", floor: 0.2 });
  });
});

describe("the served vocabulary", () => {
  it("carries every reason label of core/decision.ts, the confidence levels and the weak floor, in labels.js", () => {
    expect(UI_LABELS.decisionReasons).toEqual(DECISION_REASON_LABELS);
    expect(UI_LABELS.confidence).toEqual(CONFIDENCE_LABELS);
    expect(UI_LABELS.weakFloor).toBe(WEAK_GUESS_FLOOR);
    // what the browser runs is that table, whole
    const served = JSON.parse(
      LABELS_ASSET.body
        .slice(LABELS_ASSET.body.indexOf("=") + 1)
        .trim()
        .replace(/;$/, ""),
    );
    expect(served.decisionReasons).toEqual(DECISION_REASON_LABELS);
    expect(served.weakFloor).toBe(WEAK_GUESS_FLOOR);
  });
});

describe("isUnansweredQuestion", () => {
  it("takes routed messages the FAQ had no sure answer for, not acks, requests for a person or sure matches", () => {
    expect(isUnansweredQuestion({ action: "route", reason: "no-faq-match", faqConfident: false })).toBe(true);
    expect(isUnansweredQuestion({ action: "route", reason: "negated", faqConfident: false })).toBe(true);
    // the entry scored high, but its answer is the wrong one for a negated / partly covered question
    expect(isUnansweredQuestion({ action: "route", reason: "negated", faqConfident: true })).toBe(true);
    expect(isUnansweredQuestion({ action: "route", reason: "not-covered", faqConfident: true })).toBe(true);
    expect(isUnansweredQuestion({ action: "route", reason: "human-active", faqConfident: true })).toBe(false);
    expect(isUnansweredQuestion({ action: "route", reason: "human-active", faqConfident: false })).toBe(true);
    expect(isUnansweredQuestion({ action: "route", reason: "not-a-question", faqConfident: false })).toBe(false);
    expect(isUnansweredQuestion({ action: "route", reason: "human-requested", faqConfident: false })).toBe(false);
    expect(isUnansweredQuestion({ action: "route", reason: "no-text", faqConfident: false })).toBe(false);
    expect(isUnansweredQuestion({ action: "route", reason: "bot-not-counted", faqConfident: true })).toBe(false);
    expect(isUnansweredQuestion({ action: "auto-answer", reason: "faq-confident", faqConfident: true })).toBe(false);
  });
});

describe("clusterQuestions", () => {
  const msg = (text: string, at = 0, conversation = text, faqId: string | null = null, faqScore: number | null = null): QuestionMessage => ({
    text,
    at,
    platform: "douyin",
    conversation,
    faqId,
    faqScore,
  });

  it("measures similarity on the FAQ engine's normalised text: traditional script and synonyms meet", () => {
    const sim = (a: string, b: string) => diceSimilarity(questionTokens(a), questionTokens(b));
    expect(sim("发什么快递", "发什么快递")).toBe(1);
    expect(sim("", "")).toBe(0);
    const { groups } = clusterQuestions([msg("什麼時候發貨"), msg("啥时候发货"), msg("什么时候发货")]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.size).toBe(3);
  });

  it("puts the biggest group first, keeps one example per wording, and names the entry suggested most", () => {
    const { groups, truncated } = clusterQuestions([
      msg("可以开发票吗", 1, "a", "invoice", 0.5),
      msg("能开发票吗", 2, "b", "invoice", 0.7),
      msg("能开发票吗", 3, "c", "shipping", 0.1),
      msg("能开发票吗", 4, "c", "invoice"),
      msg("有赠品吗", 5, "d"),
    ]);
    expect(truncated).toBe(false);
    expect(groups.map((g) => [g.size, g.conversations, g.examples.map((e) => e.text), g.faqId, g.lastAt])).toEqual([
      [4, 3, ["能开发票吗", "可以开发票吗"], "invoice", 4],
      [1, 1, ["有赠品吗"], null, 5],
    ]);
    // the mean score of the named entry where it was suggested with a score
    expect(groups[0]!.faqScore).toBeCloseTo(0.6, 10);
    expect(groups[1]!.faqScore).toBeNull();
  });

  it("skips messages that normalise to nothing and bounds the work at maxDistinct texts", () => {
    const { groups, truncated } = clusterQuestions([msg("😭😭"), msg("？？"), msg("有赠品吗"), msg("发什么快递"), msg("能便宜点吗")], { maxDistinct: 2 });
    expect(truncated).toBe(true);
    expect(groups.reduce((a, g) => a + g.size, 0)).toBe(2);
  });
});
