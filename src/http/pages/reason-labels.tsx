/**
 * The decision reasons and their Chinese labels, from core/decision.ts, embedded in every page
 * as a JSON data block (not executed, so the CSP's script-src 'self' is untouched). The pages'
 * scripts read it through FR.reasonLabel (assets/bot-common.js) and keep no copy of the list.
 */
import { raw } from "hono/html";
import { DECISION_REASON_LABELS } from "../../core/decision.js";
import { CONFIDENCE_LABELS, WEAK_GUESS_FLOOR } from "../../core/confidence.js";

export function botVocabularyJson(): string {
  const json = JSON.stringify({ reasons: DECISION_REASON_LABELS, confidence: CONFIDENCE_LABELS, weakFloor: WEAK_GUESS_FLOOR });
  // "</script>" or "<!--" inside a label must not end the block
  return json.replace(/</g, "\\u003c");
}

export function ReasonLabels() {
  return (
    <script type="application/json" id="fr-bot-vocabulary">
      {raw(botVocabularyJson())}
    </script>
  );
}
