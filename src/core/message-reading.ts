/**
 * Everything the decision needs to know about one buyer message's text, read once: its
 * intent (a request for a person, not a question, a question), the FAQ match, whether a
 * negation reverses the matched entry's meaning, and whether a long message asks more than
 * that entry answers. Pure: a FaqMatcher is a function of its inputs, so this is too, and
 * the live service, the "try a question" box, `faq eval-live` and the what-if replay all
 * read a message the same way.
 */
import { A_NOT_A_SOURCE, raisesConcern, greetingWords, intentOfPrepared, prepareBuyerText, type BuyerIntent } from "./buyer-intent.js";
import type { Platform } from "./events.js";
import type { FaqMatcher, FaqMatchResult } from "./faq/types.js";

export interface MessageReading {
  intent: BuyerIntent;
  /** the FAQ match of the whole message (null: no text, no FAQ, or a request for a person) */
  match: FaqMatchResult | null;
  /** a negation or contrast removes the words that matched the top entry */
  negated: boolean;
  /** a part of the message asks something the top entry does not answer */
  notCovered: boolean;
}

/**
 * Words that take back what follows: "我不要发票", "不用开发票", "不是质量问题". Question
 * forms that contain them ("要不要", "是不是", "有没有") are not negations and are skipped.
 */
const NEGATION = /不要|不用|不需要|无需|不必|别|不想要|不打算|不是|并不是|并非|没有|没/gu;
/** Refusals take back their whole clause ("电子发票也不用开了"); other cues only what follows. */
const REFUSAL = new Set(["不要", "不用", "不需要", "无需", "不必", "别", "不想要", "不打算"]);
const QUESTION_FORMS = new RegExp(`没事|没问题|没关系|没几天|没多久|需不需要|${A_NOT_A_SOURCE}|别的|特别|区别|差别|分别|识别|别人|别处`, "gu");
/**
 * Share of a message's topic bigrams the answering entry must also have, and the score at
 * which a clause pointing at another entry counts as a second request. Chosen on the dev
 * labels (test/fixtures/buyer-labels/*-dev.tsv; docs/faq.md, "Real buyer messages").
 */
export const MIN_EVIDENCE_SHARE = 0.25;
/**
 * The FAQ entry that holds the ways buyers ask for a person (docs/faq.md): its id is the label
 * labelled files use for such requests, and a match on it routes the chat to a person.
 */
export const HANDOFF_ENTRY_ID = "human-agent";
export const OTHER_REQUEST_SCORE = 0.3;
/** Without its negated spans, a message that keeps less than this share of its confidence was about what it negated. */
const KEPT_SHARE = 0.5;
/** Asking where one's own case stands: progress words, not policy words. */
const CASE_STATUS = /进度|到哪一步|哪个环节|弄好[了没吗]|处理好[了没吗]|办好[了没吗]|改好[了没吗]|查到[了没吗]|取消了(?:吗|没|是吗)|有结果|审核通过了[吗没]/u;
/**
 * Changing or undoing what is already done (改抬头, 重开, 换开, 作废): an entry answers it only
 * if its own texts speak of changing (change-address 122 of 156, cancel-order 12; invoice one).
 * "我想换个发票抬头" got the how-to-apply invoice answer (session 9: 14 of 294 JD answers).
 */
const CHANGE = /改|更改|修改|换开|换个|换成|重开|重新开|作废|撤销|撤回|终止/u;
const CHANGE_MEANING_TEXTS = 3;
/**
 * Asking where to look it up ("在哪能看到物流进度", "在哪查快递进度啊") is a how-to the entry's
 * answer gives, not a lookup of the case.
 */
const WHERE_TO_LOOK = /(?:在哪|哪里|哪儿|怎么|如何)(?:里|儿)?(?:能|可以|去)?(?:看|查)/u;
/** The writer is a seller speaking of their buyers, not a buyer. */
const SELLER_SIDE = /(?:我的|我们的|有个|有位|一个|这个)?(?:客户|顾客|客人)(?:说|要|想|问|申请|需要|下单|买)|我们店|我店|商家后台/u;
/** A negated span runs to the next clause boundary, at most this many characters. */
const SPAN_MAX = 8;
const BOUNDARY = /[\p{P}\p{S}\p{Z}\s]/u;

/** A clause that only refuses: the buyer takes back what they asked. */
const TAKEN_BACK = /^(?:我|那|哦|嗯|好)?(?:不要|不用|不需要|不想要|算了|不买了|不要了|不用了|不需要了|(?:不用|不需要|不必|别)(?:再)?(?:管|弄|处理|换|退|补|催|改|开|寄|发|麻烦))(?:了|啦|吧)?$/u;

/** The clauses of a prepared text (prepareBuyerText). */
function clausesOf(s: string): string[] {
  return s.split(/[\p{P}\p{S}\p{Z}\s]+/u).filter((c) => c.length > 0);
}

/**
 * The message with every negated span removed ("不是质量问题 是我自己摔坏的" → " 是我自己
 * 摔坏的"), or null when it has no negation. A negation the matched entry's own texts use
 * ("赠品没有收到" in a missing-item entry) is part of that entry's meaning, not a reversal:
 * those cues are passed in `ownCues` and left alone.
 */
export function withoutNegatedSpans(text: string, ownCues: ReadonlySet<string> = new Set()): string | null {
  return cutNegatedSpans(prepareBuyerText(text), ownCues);
}

function cutNegatedSpans(s: string, ownCues: ReadonlySet<string>): string | null {
  const masked = s.replace(QUESTION_FORMS, (m) => "\u0000".repeat(m.length));
  const cut: [number, number][] = [];
  for (const m of masked.matchAll(NEGATION)) {
    if (ownCues.has(cueAt(s, m.index, m[0]))) continue;
    let start = m.index;
    if (REFUSAL.has(m[0])) while (start > 0 && !BOUNDARY.test(s[start - 1]!)) start--;
    let end = m.index + m[0].length;
    const limit = Math.min(s.length, end + SPAN_MAX);
    while (end < limit && !BOUNDARY.test(s[end]!)) end++;
    if (REFUSAL.has(m[0])) while (end < s.length && !BOUNDARY.test(s[end]!)) end++;
    cut.push([start, end]);
  }
  if (cut.length === 0) return null;
  let out = "";
  let at = 0;
  for (const [a, b] of cut) {
    if (a < at) continue;
    out += s.slice(at, a) + " ";
    at = b;
  }
  return out + s.slice(at);
}

/**
 * A negation cue with the character it negates ("没收", "没申"): an entry whose examples say
 * "没收到货怎么退款" owns "没收到", not every "没" ("我没申请退货 怎么显示退货中" still
 * takes back what the return entry answers).
 */
function cueAt(s: string, index: number, cue: string): string {
  return cue + (s[index + cue.length] ?? "");
}

/** The negation cues an entry's own texts use (its question, examples and keywords), each with the character it negates. */
export function negationCuesOf(texts: readonly string[], minTexts = 1): Set<string> {
  const counts = new Map<string, number>();
  for (const t of texts) for (const c of cuesIn(prepareBuyerText(t))) counts.set(c, (counts.get(c) ?? 0) + 1);
  return new Set([...counts].filter(([, n]) => n >= minTexts).map(([c]) => c));
}

/** The negation cues of a prepared text, question forms ("有没有", "送没送") left out. */
function cuesIn(s: string): Set<string> {
  const masked = s.replace(QUESTION_FORMS, (m) => "\u0000".repeat(m.length));
  const cues = new Set<string>();
  for (const m of masked.matchAll(NEGATION)) cues.add(cueAt(s, m.index, m[0]));
  return cues;
}

/**
 * A refusal after the question is the entry's own meaning, not a take-back, only where enough
 * of its texts say it: cancel-order's "不要了" (36 of its 154 texts), not a threat in one
 * urge-shipping example ("再不发我就不要了").
 */
const REFUSAL_MEANING_TEXTS = 3;

/**
 * What is read from an entry's own texts, once per matcher (a FAQ set's version: its texts do
 * not change) and key: its negation cues, how many of its texts speak of changing something.
 */
const entryCache = new WeakMap<FaqMatcher, Map<string, unknown>>();
function perEntry<T>(matcher: FaqMatcher, entryId: string, what: string, read: (texts: readonly string[]) => T): T {
  let cached = entryCache.get(matcher);
  if (!cached) entryCache.set(matcher, (cached = new Map()));
  const key = `${what}:${entryId}`;
  if (!cached.has(key)) cached.set(key, read(matcher.entryTexts?.(entryId) ?? []));
  return cached.get(key) as T;
}
function entryCues(matcher: FaqMatcher, entryId: string, minTexts = 1): Set<string> {
  return perEntry(matcher, entryId, `cues${minTexts}`, (texts) => negationCuesOf(texts, minTexts));
}
function changeTexts(matcher: FaqMatcher, entryId: string): number {
  return perEntry(matcher, entryId, "change", (texts) => texts.filter((t) => CHANGE.test(prepareBuyerText(t))).length);
}

/** Whether every negation cue of a clause is one the entry's own texts use. */
function ownsRefusal(clause: string, own: ReadonlySet<string>): boolean {
  const cues = cuesIn(clause);
  return cues.size > 0 && [...cues].every((c) => own.has(c));
}

/** Whether a text has any negation cue at all: most messages have none, and then nothing else is read. */
function hasNegation(text: string): boolean {
  NEGATION.lastIndex = 0;
  const found = NEGATION.test(text);
  NEGATION.lastIndex = 0;
  return found;
}

export function readMessage(text: string | undefined, matcher: FaqMatcher | null | undefined, platform: Platform): MessageReading {
  // prepared once: the intent, the clauses, the negations and the lookups all read this
  const s = prepareBuyerText(text ?? "");
  const intent = intentOfPrepared(s);
  if (!text || !text.trim() || !matcher || intent.kind === "human-request") {
    return { intent, match: null, negated: false, notCovered: false };
  }
  const match = matcher.match(intent.greetingOnly ? greetingWords(s) : text, { platform, topK: 3 });
  const top = match.matches[0];
  if (!top || !match.confident || intent.kind !== "question") return { intent, match, negated: false, notCovered: false };

  // A bare refusal after the question ("能开发票吗 不对 我不需要了") takes the question back; not
  // one before it ("不用了!我申请退货" answers an earlier turn, "包装都没拆 不想要了 能无理由退吗"
  // gives the reason for the question that follows).
  const parts = clausesOf(s);
  let lastAsked = -1;
  parts.forEach((c, i) => {
    if (intent.clauses.includes(c) && !TAKEN_BACK.test(c)) lastAsked = i;
  });
  // (not a refusal the entry's own texts use: "我想取消 不要了" is what cancelling means)
  if (lastAsked >= 0 && parts.some((c, i) => i > lastAsked && TAKEN_BACK.test(c) && !ownsRefusal(c, entryCues(matcher, top.entryId, REFUSAL_MEANING_TEXTS)))) {
    return { intent, match, negated: true, notCovered: false };
  }

  // Negation: match again without the negated spans. If the entry no longer wins with
  // confidence, the words it matched were the ones the buyer took back.
  // (the prepared text is simplified: 沒 and 別 are 没 and 别 there)
  const rest = hasNegation(s) ? cutNegatedSpans(s, entryCues(matcher, top.entryId)) : null;
  if (rest !== null) {
    const again = rest.trim() ? matcher.match(rest, { platform, topK: 1 }) : null;
    const kept = again?.matches[0];
    // Still the same entry, still confident, and not carried by a fraction of the evidence:
    // a threshold of 0 (calibration reads every message so) must not make every rest "confident".
    if (!again || !again.confident || kept?.entryId !== top.entryId || kept.score < top.score * KEPT_SHARE) return { intent, match, negated: true, notCovered: false };
  }

  // A lookup of the buyer's own case ("我的售后到哪一步了", "价保弄好没有") or a seller asking
  // about their customers ("客户要开发票 是平台开吗"): the policy answer does not answer either
  // (labelling rules 3 and 5).
  if ((CASE_STATUS.test(s) && !WHERE_TO_LOOK.test(s)) || SELLER_SIDE.test(s)) return { intent, match, negated: false, notCovered: true };

  if (CHANGE.test(s) && changeTexts(matcher, top.entryId) < CHANGE_MEANING_TEXTS) return { intent, match, negated: false, notCovered: true };

  // Evidence: the message must share a topic word (a content bigram) with the entry, and a
  // fair part of what it says. One shared character is how "对" became a missing-item answer.
  // (a greeting alone has no topic words: "在吗" is the greeting entry's own text)
  const ev = intent.greetingOnly ? undefined : matcher.evidence?.(intent.clauses.join(" "), top.entryId);
  if (ev && ((ev.strong === 0 && ev.shared < 2) || ev.shared < MIN_EVIDENCE_SHARE * ev.content)) return { intent, match, negated: false, notCovered: true };

  // Coverage: with several content clauses, a clause that points at another entry with some
  // confidence is a second request the answer would ignore. Clauses that match nothing are
  // context ("手快付了 后悔了 能撤单吗") and do not stop the answer.
  if (intent.clauses.length > 1) {
    for (const clause of intent.clauses) {
      if (!raisesConcern(clause)) continue;
      const m = matcher.match(clause, { platform, topK: 1 });
      const other = m.matches[0];
      // (and shares a topic word with that entry: "怎么回事" near a coupon example asks nothing of coupons)
      if (other && other.entryId !== top.entryId && other.score >= OTHER_REQUEST_SCORE && (matcher.evidence?.(clause, other.entryId).strong ?? 1) > 0) {
        return { intent, match, negated: false, notCovered: true };
      }
    }
  }
  // The hand-off entry answers nothing: a confident match is a request for a person in words
  // the intent reader does not know ("转个rg 机器人说的都不对题"). Answering it said "已为您转接"
  // and closed the chat with nobody coming (issue 12).
  if (top.entryId === HANDOFF_ENTRY_ID) return { intent: { kind: "human-request", clauses: [], greetingOnly: false }, match, negated: false, notCovered: false };
  return { intent, match, negated: false, notCovered: false };
}
