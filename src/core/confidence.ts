/**
 * How sure a suggestion is, in the words an agent reads. The FAQ engine's score is calibrated
 * (roughly the chance the top entry is right), and the FAQ set's threshold is where the bot
 * answers by itself. Below the threshold the answer is still a useful draft, down to a floor;
 * under the floor it is a guess that is wrong more often than right: on 100 real routed buyer
 * messages (issue 12) 69 suggestions scored under 0.3 and nearly all of them were wrong
 * (好的 → the greeting answer). Those are labelled "仅供参考" so an agent never mistakes them
 * for advice. The floor is fixed rather than a fraction of the threshold because the scores
 * are probabilities: 0.3 means the same thing whatever threshold a shop calibrated.
 */

export const WEAK_GUESS_FLOOR = 0.3;

export type ConfidenceLevel = "confident" | "suggest" | "weak";

export const CONFIDENCE_LABELS: Record<ConfidenceLevel, string> = {
  confident: "匹配可信",
  suggest: "建议",
  weak: "仅供参考",
};

export interface SuggestionConfidence {
  score: number;
  threshold: number;
  /** below this the suggestion is a weak guess */
  floor: number;
  level: ConfidenceLevel;
  label: string;
}

/** A threshold under the floor (a shop that answers at 0.2) pulls the floor down with it. */
export function suggestionConfidence(score: number, threshold: number): SuggestionConfidence {
  const floor = Math.min(WEAK_GUESS_FLOOR, threshold);
  const level: ConfidenceLevel = score >= threshold ? "confident" : score >= floor ? "suggest" : "weak";
  return { score, threshold, floor, level, label: CONFIDENCE_LABELS[level] };
}
