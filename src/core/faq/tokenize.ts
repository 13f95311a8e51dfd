/**
 * Chinese has no spaces, and a segmenter's dictionary never knows a shop's product words,
 * so the matcher indexes overlapping character n-grams: unigrams catch a shared character,
 * bigrams approximate words, trigrams reward longer shared phrases. Latin letters and
 * digits ("iphone", "s3", "7天") stay whole words. (natural's NGramsZH does the same for
 * one n at a time; this does all n in one pass and allocates less on the hot path.)
 */

export interface TokenizeOptions {
  /** longest character n-gram, 1..4 */
  maxN: number;
  /** also emit skip-bigrams (a_c of "abc"): paraphrases often insert one character (机坏 / 机具坏) */
  skip?: boolean;
}

export const DEFAULT_TOKENIZE: TokenizeOptions = { maxN: 3 };

const WORD = /[a-z0-9]+(?: [a-z0-9]+)*|[^a-z0-9 ]+/g;
const LATIN = /^[a-z0-9]/;

/** Splits a normalised string into runs of Latin/digit words and of other characters. */
function runs(normalized: string): string[] {
  return normalized.match(WORD) ?? [];
}

/**
 * Tokens with repeats (term frequency counts). A Latin run is split on its inner spaces;
 * a run of Chinese characters yields its 1..maxN-grams. Latin words also join the
 * neighbouring Chinese character in a bigram ("7天", "s3电") because a model number next
 * to a word ("s3电信版") is often the most specific clue in the message.
 */
export function tokenize(normalized: string, opts: TokenizeOptions = DEFAULT_TOKENIZE): string[] {
  const out: string[] = [];
  const rs = runs(normalized);
  for (let r = 0; r < rs.length; r++) {
    const run = rs[r]!;
    if (LATIN.test(run)) {
      for (const w of run.split(" ")) out.push(w);
      continue;
    }
    const chars = Array.from(run);
    const len = chars.length;
    for (let i = 0; i < len; i++) {
      let gram = "";
      for (let n = 1; n <= opts.maxN && i + n <= len; n++) {
        gram += chars[i + n - 1];
        out.push(gram);
      }
      if (opts.skip && i + 2 < len) out.push(`${chars[i]}_${chars[i + 2]}`);
    }
    // Bridges between a Latin word and the adjacent Chinese character.
    const prev = rs[r - 1];
    if (prev !== undefined && LATIN.test(prev)) out.push(`${prev.slice(prev.lastIndexOf(" ") + 1)}${chars[0]}`);
    const next = rs[r + 1];
    if (next !== undefined && LATIN.test(next)) out.push(`${chars[len - 1]}${next.split(" ")[0]}`);
  }
  return out;
}
