/**
 * A FAQ set's matcher as bytes (compact.ts), for the Workers bundle: the build builds the
 * shared set's matcher once (scripts/bundle-faq.ts) and a Worker restores it on the first
 * request of a shop that runs it, without parsing YAML, normalising and tokenising every
 * text, hashing or training: it only decodes arrays (and its normaliser's words come
 * normalised, so not even OpenCC's dictionary is built). The entries and settings travel beside
 * it as JSON (the answers, examples and settings a matcher hands out are theirs).
 */
import { decodeCompact, encodeCompact } from "./compact.js";
import { MATCHER_CLASSES, matcherState, restoreFaqMatcher, type FaqRankingMatcher, type FaqSettings } from "./matcher.js";
import { normalizerFromTables, normalizerTables, type NormalizerTables } from "./normalize.js";
import type { FaqModel } from "./model.js";
import type { FaqEntry } from "./types.js";

/** Bumped whenever a matcher's fields change: a bundle of another format is rebuilt, never misread. */
export const COMPACT_FORMAT = "faq-engine-3";

interface Stored {
  format: string;
  /** the matcher's model (FaqModel), under its stored name */
  reranker: FaqModel | undefined;
  state: Record<string, unknown>;
  /** the settings' normaliser, its words normalised at build (normalize.ts NormalizerTables) */
  normalizer: NormalizerTables;
}

/** A freshly built matcher (before it has answered anything) as bytes, its model included. */
export function compactMatcher(matcher: FaqRankingMatcher): Uint8Array {
  // the model first: the scorer's features hold its LSA model, stored once and shared again on decode
  const { synonyms, fillers } = matcher.settings;
  const stored: Stored = { format: COMPACT_FORMAT, reranker: matcher.model, state: matcherState(matcher), normalizer: normalizerTables({ synonyms, fillers }) };
  return encodeCompact(stored, MATCHER_CLASSES);
}

/**
 * The matcher compactMatcher stored, for the entries and settings it was built from. The
 * bytes become the matcher's arrays (views, not copies): give each call its own bytes.
 */
export function matcherFromCompact(entries: readonly FaqEntry[], settings: FaqSettings, bytes: Uint8Array): FaqRankingMatcher {
  const stored = decodeCompact(bytes, MATCHER_CLASSES) as Stored;
  if (stored?.format !== COMPACT_FORMAT) throw new Error(`FAQ bundle: matcher format ${String(stored?.format)} is not ${COMPACT_FORMAT}; rebuild it (npm run bundle:faq)`);
  // the tables were made from the settings the bytes were built with: the caller's, as for the state
  return restoreFaqMatcher(entries, settings, stored.reranker, stored.state, normalizerFromTables(stored.normalizer));
}
