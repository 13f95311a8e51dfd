// What the bot decided, in words: the reason labels and confidence levels come from the server
// (core/decision.ts, core/confidence.ts, served in labels.js as FR.L like every other Chinese
// table), so no script keeps its own copy of the list. Shared by the console, the dashboard and
// the bot panel.
(function () {
  "use strict";
  var FR = window.FR, h = FR.h, L = FR.L;
  var reasons = L.decisionReasons || {}, confidence = L.confidence || {};

  FR.weakFloor = typeof L.weakFloor === "number" ? L.weakFloor : 0.3;
  FR.reasonLabel = function (reason) { return reasons[reason] || reason; };

  /** "匹配度 0.57 · 建议" with the level as a class (confident / suggest / weak) */
  FR.confidenceChip = function (c) {
    return h("span", { class: "chip confidence " + c.level, dataset: { level: c.level }, title: "自动回复阈值 " + c.threshold + "，低于 " + c.floor + " 仅供参考",
      text: "匹配度 " + c.score.toFixed(2) + " · " + (confidence[c.level] || c.label) });
  };
})();
