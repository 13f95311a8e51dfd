/**
 * Text normalisation shared by indexing and matching: both sides must see the same text,
 * or an n-gram never meets its twin. Pure: runs unchanged in Node and Workers.
 */
// The t2cn bundle (~110 kB, traditional variants → mainland simplified) instead of the full
// OpenCC build (1.2 MB): only this direction is ever needed.
import * as OpenCC from "opencc-js/t2cn";
import { alternationOf, rewriteBuyerWriting } from "./buyer-writing.js";
import { OPENCC_CHANGED } from "./opencc-changed.generated.js";

/**
 * The characters OpenCC changes, precompiled (scripts/opencc-table.ts): building the
 * converter's dictionary costs ~35 ms CPU, which every Workers isolate paid at start-up
 * although mainland buyers write simplified; it is now built only when a text needs it.
 */
const CHANGED = new Set<number>();
for (const ch of OPENCC_CHANGED) CHANGED.add(ch.codePointAt(0)!);
let opencc: ((s: string) => string) | undefined;

/**
 * Traditional → simplified, calling OpenCC only for text that has a character it changes:
 * nearly all buyer text on mainland platforms is simplified already, and the check is a set
 * lookup per character instead of a dictionary walk.
 */
export function toSimplified(s: string): string {
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x2e80 || !CHANGED.has(cp)) continue;
    opencc ??= OpenCC.Converter({ from: "t", to: "cn" });
    return opencc(s);
  }
  return s;
}

/**
 * Words buyers wrap around a question that say nothing about what they want. Removed
 * only when something else remains, so a bare "在吗" still reaches the greeting entry.
 * Longest first: the regex alternation takes the first that matches.
 */
export const DEFAULT_FILLERS: readonly string[] = [
  "麻烦问一下",
  "想问一下",
  "我想问下",
  "我想问一下",
  "咨询一下",
  "问一下",
  "问下",
  "请问下",
  "请问",
  "在吗",
  "在不在",
  "在么",
  "您好",
  "你好",
  "哈喽",
  "hello",
  "hi",
  "嗨",
  "亲爱的",
  "亲亲",
  "客服",
  "掌柜",
  "老板",
  "谢谢",
  "多谢",
  "麻烦了",
  "麻烦",
  // request wrappers around the question ("帮我查一下…", "我想…"): neutral to slightly
  // positive on both dev sets
  "麻烦帮我",
  "请帮忙",
  "帮我",
  "一下",
  "我想",
  "我要",
  "我要求",
  "可以吗",
  "嗯",
  "哦",
  "噢",
  "啊",
  "呀",
  "呢",
  "哈",
  "啦",
  "哎",
  "唉",
  "诶",
  "呃",
];

/**
 * "亲" is a filler only on its own ("亲，…", "亲 在吗"): inside a word (亲子装) it carries
 * meaning, so it is dropped only when a separator or the end follows.
 */
const LONE_QIN = /(?:^|\s)亲+(?=\s|$)/gu;

/**
 * Punctuation, symbols and emoji become a space (a word boundary), not nothing: "尺码/颜色"
 * must not grow a spurious bigram "码颜".
 */
const SEPARATORS = /[\p{P}\p{S}\p{Extended_Pictographic}\p{Z}\s\u200b-\u200f\ufe0f]+/gu;

/**
 * Order numbers, phone numbers, tracking numbers (9+ digits) all mean "a number": one
 * token instead of an unknown one that would dilute the match. Shorter numbers stay: error
 * codes (1020005), sizes, prices and dates are often the point of the question.
 */
const LONG_NUMBER = /\d{9,}/g;

/**
 * Synonyms every FAQ set gets: the ways buyers ask how / why / when / how long, and
 * money moving. Domain-neutral (a shop's own words go in its _settings.yaml); chosen on the
 * dev splits: +1.2 points top-1 on UnionPay in cross-validation, neutral on Samsung.
 */
export const DEFAULT_SYNONYMS: readonly (readonly string[])[] = [
  ["怎么办", "如何处理", "怎么处理", "该怎么办", "咋办"],
  ["怎么", "如何", "怎样", "咋"],
  ["多久", "多长时间", "多少时间"],
  ["能不能", "可不可以", "能否", "可否"],
  ["为什么", "为啥", "为何", "怎么回事"],
  ["什么时候", "啥时候", "何时", "几时"],
  ["有没有", "有无", "是否有"],
  ["什么", "啥"],
  ["到账", "入账", "到帐", "入帐"],
  ["扣款", "扣钱", "扣费", "扣账", "扣帐"],
];

export interface NormalizeOptions {
  /** replaces the default filler list */
  fillers?: readonly string[];
  /**
   * groups of words with one meaning; every member is rewritten to the group's first. Added
   * to DEFAULT_SYNONYMS; where a word is in both, the FAQ set's group wins.
   */
  synonyms?: readonly (readonly string[])[];
}

export type Normalizer = (text: string) => string;

/** Runs the steps that do not depend on FAQ-set settings. */
export function baseNormalize(text: string): string {
  let s = text.normalize("NFKC");
  s = toSimplified(s);
  s = s.toLowerCase();
  s = rewriteBuyerWriting(s);
  s = s.replace(SEPARATORS, " ");
  s = s.replace(LONG_NUMBER, " 0 ");
  return s;
}

/**
 * Joins what is left into the canonical form: spaces stay only between two Latin/digit
 * runs ("iphone 12"), never between Chinese characters (buyers space them at random).
 */
function collapseSpaces(s: string): string {
  const parts = s.split(" ").filter((p) => p.length > 0);
  let out = "";
  for (const p of parts) {
    if (out.length > 0 && /[a-z0-9]$/.test(out) && /^[a-z0-9]/.test(p)) out += " ";
    out += p;
  }
  return out;
}

/**
 * What a normaliser is made of, each word already normalised: the fillers longest first and
 * the synonym variants with their canonical word, in the order createNormalizer finds them.
 * Making them normalises every filler and synonym word (and building OpenCC's dictionary,
 * since the default synonyms have traditional characters): ~30 ms CPU with the demo's
 * synonym groups, which a Workers isolate would pay on its first request. The Workers
 * bundle stores them (compact-model.ts) and normalizerFromTables makes the same normaliser.
 */
export interface NormalizerTables {
  fillers: string[];
  synonyms: [variant: string, canonical: string][];
}

export function normalizerTables(opts: NormalizeOptions = {}): NormalizerTables {
  const fillers = [...(opts.fillers ?? DEFAULT_FILLERS)].filter((f) => f.length > 0).map((f) => collapseSpaces(baseNormalize(f)));
  fillers.sort((a, b) => b.length - a.length);
  // Synonyms: every variant rewritten to the group's first member; a word in two groups keeps its first
  const synonymMap = new Map<string, string>();
  for (const group of [...(opts.synonyms ?? []), ...DEFAULT_SYNONYMS]) {
    const norm = group.map((g) => collapseSpaces(baseNormalize(g))).filter((g) => g.length > 0);
    const canonical = norm[0];
    if (canonical === undefined) continue;
    for (const v of norm.slice(1)) if (v !== canonical && !synonymMap.has(v)) synonymMap.set(v, canonical);
  }
  return { fillers, synonyms: [...synonymMap] };
}

export function createNormalizer(opts: NormalizeOptions = {}): Normalizer {
  return normalizerFromTables(normalizerTables(opts));
}

/**
 * Words whose first or last character is a filler's edge: "请问下单后多久发货" is "请问" +
 * "下单…", not "请问下" + "单后…"; "我要求退款" keeps 要求 (without it the rest, "求退款",
 * matched urge-shipping); "哈密" is a city, "呢子" a cloth. A filler is not removed where
 * its first character would be cut from the character before it, or its last from the one
 * after, when the two make one of these words; a shorter filler at the same place may be
 * ("请问" instead of "请问下"). Listed by hand: no segmenter's dictionary ships in the
 * bundle, and the fillers are few (their edges are 下, 要, 哈, 呢, 一, 问).
 */
const WORDS_ACROSS_FILLER_EDGE: ReadonlySet<string> = new Set(["下单", "下午", "要求", "要是", "要不", "要么", "哈密", "呢子", "呢绒", "统一"]);

/**
 * Where `filler` may be removed from s at i: Latin fillers only as whole words ("hi" must
 * not eat the middle of "ship"), Chinese ones where they do not split a word at their edge.
 */
function removableAt(s: string, i: number, filler: string): boolean {
  const end = i + filler.length;
  if (/^[a-z0-9 ]+$/.test(filler)) return !/[a-z0-9]/.test(s[i - 1] ?? "") && !/[a-z0-9]/.test(s[end] ?? "");
  return !WORDS_ACROSS_FILLER_EDGE.has((s[i - 1] ?? "") + filler[0]) && !WORDS_ACROSS_FILLER_EDGE.has(filler[filler.length - 1] + (s[end] ?? ""));
}

/**
 * Every filler removed (replaced by a space), longest first at each place; a filler that
 * would split a word is passed over for a shorter one there, or none. (A scan instead of
 * one alternation regex: the regex takes the longest alternative and cannot fall back.)
 */
function stripFillers(s: string, byFirstChar: ReadonlyMap<string, readonly string[]>): string {
  let out = "";
  let i = 0;
  while (i < s.length) {
    const removed = byFirstChar.get(s[i]!)?.find((f) => s.startsWith(f, i) && removableAt(s, i, f));
    if (removed) {
      out += " ";
      i += removed.length;
    } else {
      out += s[i];
      i++;
    }
  }
  return out;
}

/** The normaliser of tables normalizerTables made (the same function as createNormalizer's for its options). */
export function normalizerFromTables(tables: NormalizerTables): Normalizer {
  // fillers by first code unit, longest first (tables.fillers is sorted so)
  const byFirstChar = new Map<string, string[]>();
  for (const f of tables.fillers) {
    const list = byFirstChar.get(f[0]!) ?? [];
    list.push(f);
    byFirstChar.set(f[0]!, list);
  }

  // longest variant first, so that "免运费" is replaced before a shorter variant inside it could be
  const synonymMap = new Map(tables.synonyms);
  const synonymRe = synonymMap.size > 0 ? new RegExp(alternationOf(synonymMap.keys()), "gu") : undefined;

  return (text: string): string => {
    // Spaces are kept until fillers are gone: they tell a lone "亲" from one inside a word.
    const spaced = baseNormalize(text);
    let s = collapseSpaces(spaced);
    if (byFirstChar.size > 0) {
      const stripped = collapseSpaces(stripFillers(spaced, byFirstChar).replace(LONE_QIN, " "));
      // A message made only of fillers ("亲，在吗？") is itself the intent: a greeting. So is
      // one where a single character would be left ("还在吗" is not a question about "还").
      if (Array.from(stripped).length > 1) s = stripped;
    }
    if (synonymRe) s = s.replace(synonymRe, (m) => synonymMap.get(m) ?? m);
    return s;
  };
}

/** Normalisation with the default fillers and no synonyms. */
export const normalizeText: Normalizer = createNormalizer();
