// What the bot decided, in words: the reason labels and confidence levels come from the server
// (core/decision.ts, core/confidence.ts, embedded in the page as #fr-bot-vocabulary), so no
// script keeps its own copy of the list. Shared by the console, the dashboard and the bot panel.
(function () {
  "use strict";
  var FR = window.FR, h = FR.h;
  var vocab = { reasons: {}, confidence: {}, weakFloor: 0.3 };
  try { vocab = JSON.parse(document.getElementById("fr-bot-vocabulary").textContent); } catch (e) { /* page without the block: ids are shown */ }

  FR.weakFloor = vocab.weakFloor;
  FR.reasonLabel = function (reason) { return vocab.reasons[reason] || reason; };

  /** "匹配度 0.57 · 建议" with the level as a class (confident / suggest / weak) */
  FR.confidenceChip = function (c) {
    return h("span", { class: "chip confidence " + c.level, dataset: { level: c.level }, title: "自动回复阈值 " + c.threshold + "，低于 " + c.floor + " 仅供参考",
      text: "匹配度 " + c.score.toFixed(2) + " · " + (vocab.confidence[c.level] || c.label) });
  };
})();
