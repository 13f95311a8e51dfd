// What the bot decided, in words: the reason labels and confidence levels come from the server
// (core/decision.ts, core/confidence.ts, served in labels.js as FR.L like every other Chinese
// table), so no script keeps its own copy of the list. Shared by the console, the dashboard and
// the bot panel. Adds its part (BotWords) to window.FR.
import type { SuggestionConfidence } from "../../../core/confidence.js";

export interface BotWords {
  /** the score under which a suggestion is a weak guess (core/confidence.ts, via labels.js) */
  weakFloor: number;
  reasonLabel(reason: string): string;
  /** "匹配度 0.57 · 建议" with the level as a class (confident / suggest / weak) */
  confidenceChip(c: SuggestionConfidence): HTMLSpanElement;
}

const FR = window.FR;
const h = FR.h;
const L = FR.L;
const reasons: Record<string, string | undefined> = L.decisionReasons || {};
const confidence: Record<string, string | undefined> = L.confidence || {};

const words: BotWords = {
  weakFloor: typeof L.weakFloor === "number" ? L.weakFloor : 0.3,
  reasonLabel: (reason) => reasons[reason] || reason,
  confidenceChip: (c) =>
    h("span", {
      class: "chip confidence " + c.level,
      dataset: { level: c.level },
      title: "自动回复阈值 " + c.threshold + "，低于 " + c.floor + " 仅供参考",
      text: "匹配度 " + c.score.toFixed(2) + " · " + (confidence[c.level] || c.label),
    }),
};
Object.assign(FR, words);
