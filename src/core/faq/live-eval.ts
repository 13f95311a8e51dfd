/**
 * Scoring the whole live decision on labelled buyer messages (docs/labelling-real-buyers.md):
 * what share the bot answered alone, how many of those answers were right (strictly, and
 * leniently where the label's `alt=` names another acceptable entry), how many answerable
 * messages it answered, and every wrong automatic answer. Pure: the CLI and tests feed it.
 */

/** The label for an explicit request for a person or a complaint: it must reach a human. */
export const HUMAN_LABEL = "human-agent";
export const NONE_LABEL = "NONE";

export interface LabelledMessage {
  /** where it was read from, "file:line" */
  at: string;
  text: string;
  label: string;
  /** entries whose answer would also not be wrong (note `alt=a|b`) */
  alt: string[];
  ambiguous: boolean;
}

export interface LiveOutcome {
  action: "auto-answer" | "route";
  reason: string;
  faqId: string | null;
  faqScore: number | null;
}

export interface WrongAnswer {
  at: string;
  text: string;
  label: string;
  answered: string;
  score: number | null;
  /** wrong even leniently */
  lenientWrong: boolean;
}

export interface LiveEvalReport {
  messages: number;
  autoAnswered: number;
  coverage: number;
  /** right / answered; null when nothing was answered */
  strictPrecision: number | null;
  lenientPrecision: number | null;
  /** messages labelled with an entry (not NONE, not a request for a person) */
  answerable: number;
  answerableAnswered: number;
  /** answered with the labelled entry / answerable */
  recall: number | null;
  humanRequests: number;
  /** requests for a person the decision routed as such */
  humanRequestsRouted: number;
  routedByReason: Record<string, number>;
  wrong: WrongAnswer[];
}

/** `alt=a|b` and `AMBIG` from a label's note. */
export function parseNote(note: string): { alt: string[]; ambiguous: boolean } {
  const m = /(?:^|\s|;)alt=([^\s;]+)/.exec(note);
  return { alt: m ? m[1]!.split("|").filter(Boolean) : [], ambiguous: /\bAMBIG\b/.test(note) };
}

export function scoreLiveDecisions(rows: readonly { message: LabelledMessage; outcome: LiveOutcome }[]): LiveEvalReport {
  let answered = 0;
  let strictRight = 0;
  let lenientRight = 0;
  let answerable = 0;
  let answerableAnswered = 0;
  let human = 0;
  let humanRouted = 0;
  const routedByReason: Record<string, number> = {};
  const wrong: WrongAnswer[] = [];
  for (const { message: m, outcome: o } of rows) {
    const isEntry = m.label !== NONE_LABEL && m.label !== HUMAN_LABEL;
    if (isEntry) answerable++;
    if (m.label === HUMAN_LABEL) {
      human++;
      if (o.action === "route" && o.reason === "human-requested") humanRouted++;
    }
    if (o.action !== "auto-answer") {
      routedByReason[o.reason] = (routedByReason[o.reason] ?? 0) + 1;
      continue;
    }
    answered++;
    const strict = isEntry && o.faqId === m.label;
    const lenient = strict || (o.faqId !== null && m.alt.includes(o.faqId));
    if (strict) strictRight++;
    if (lenient) lenientRight++;
    if (strict) answerableAnswered++;
    if (!strict) wrong.push({ at: m.at, text: m.text, label: m.label, answered: o.faqId ?? "", score: o.faqScore, lenientWrong: !lenient });
  }
  return {
    messages: rows.length,
    autoAnswered: answered,
    coverage: rows.length ? answered / rows.length : 0,
    strictPrecision: answered ? strictRight / answered : null,
    lenientPrecision: answered ? lenientRight / answered : null,
    answerable,
    answerableAnswered,
    recall: answerable ? answerableAnswered / answerable : null,
    humanRequests: human,
    humanRequestsRouted: humanRouted,
    routedByReason,
    wrong,
  };
}
