/**
 * The contract between the FAQ matcher and the rest of the product. The decision and the
 * agent UI only see a FaqMatcher; how it normalises, indexes and scores is the matcher's.
 */
import type { Platform } from "../events.js";

export interface FaqEntry {
  id: string;
  question: string;
  examples: string[];
  /** the default answer */
  answer: string;
  /** optional per-platform answers */
  answers?: Partial<Record<Platform, string>>;
  keywords?: string[];
  enabled: boolean;
  /** where it was read from, for error messages and the admin API */
  source?: { file: string; line: number /** line of each example, same order */; exampleLines?: number[] };
}

export interface FaqMatch {
  entryId: string;
  question: string;
  /** the answer for the platform asked about */
  answer: string;
  /** the matcher's calibrated confidence, 0..1 */
  score: number;
}

export interface FaqMatchResult {
  /** the text after normalisation (shown in the admin "try a question" box) */
  normalized: string;
  /** best first; empty when nothing is similar */
  matches: FaqMatch[];
  /** the top match clears the auto-answer threshold */
  confident: boolean;
}

export interface FaqMatcher {
  /** identifies the FAQ set a decision was made with */
  readonly version: string;
  /** the auto-answer threshold stored with the FAQ set */
  readonly threshold: number;
  match(text: string, opts?: { platform?: Platform; topK?: number }): FaqMatchResult;
  /** an entry's own texts (its question first, then examples and keywords), for reading negations against it */
  entryTexts?(id: string): readonly string[] | undefined;
  /**
   * How much of a message's content (its topic bigrams) an entry's texts share: a match on
   * one shared character ("对" in "颜色不对") is no evidence of what the buyer asks.
   */
  evidence?(text: string, id: string): { content: number; shared: number /** shared bigrams of two topic characters ("发票", not "能开") */; strong: number };
}
