/**
 * The Workers runtime's FAQ. Workers have no file system, so the faq/ folder is compiled at
 * build time (scripts/bundle-faq.ts → faq-bundle.generated.js) with the same parser, layout
 * and matcher the Node registry runs (src/core/faq/), and a Worker only decodes it:
 *   - the shared set: its entries and settings as JSON and its built matcher in compact
 *     binary form (src/core/faq/compact-model.ts: the indexes, the scorer's per-entry
 *     tables and the trained model, as typed arrays), restored on the first request
 *     that needs it, without parsing YAML, normalising, hashing or training;
 *   - per shop that overrides the FAQ, a delta: its own override files, parsed (entries and
 *     settings). Its matcher is the shared set merged with them (mergeFaqSets, as on Node),
 *     with the shared set's model (layout.ts FaqSet): restored from its compact form where
 *     the build's size budget allowed one (small FAQs), else derived from the shared
 *     matcher on the shop's first message (matcher.ts BuildOptions.base: only the shop's
 *     own entries are tokenised; the whole set's statistics are computed again, so it
 *     answers as a matcher built from the merged texts).
 * A changed FAQ is a redeploy. The build refuses a FAQ with errors, so a bundle has none.
 */
import { base64ToBytes } from "../core/faq/compact.js";
import { matcherFromCompact } from "../core/faq/compact-model.js";
import { mergeFaqSets } from "../core/faq/parse.js";
import { buildFaqMatcher, type FaqRankingMatcher, type FaqSettings } from "../core/faq/matcher.js";
import type { FaqEntry } from "../core/faq/types.js";
import type { FaqProvider } from "../services/context.js";

export const FAQ_BUNDLE_FORMAT = "faq-bundle-3";

export interface FaqBundle {
  format: typeof FAQ_BUNDLE_FORMAT;
  /** the shared set's version (FaqMatcher.version) */
  version: string;
  /** the folder's name, e.g. "faq" */
  root: string;
  shared: {
    entries: FaqEntry[];
    settings: FaqSettings;
    /** modelKey of the shared set: the model every set runs */
    key: string;
    /** compactMatcher(shared matcher), base64 */
    matcher: string;
  };
  /**
   * per overriding shop, its own files parsed (not merged), sorted by id; and its matcher in
   * compact form (base64) where the build's size budget allowed it
   */
  shops: {
    id: string;
    entries: FaqEntry[];
    settings: FaqSettings;
    matcher?: string;
    /** faqVersion of the shop's merged set: its matcher's version, without hashing every text on the shop's first message */
    version: string;
  }[];
}

export interface LazyBundledFaq extends FaqProvider {
  forShop(shopId: string): FaqRankingMatcher;
  /** how many sets' matchers have been restored or built so far */
  built(): number;
  /** ids of the shops with their own overrides */
  shopIds: string[];
  /** the shared set's matcher (what a shop without overrides runs) */
  shared(): FaqRankingMatcher;
}

/**
 * The Worker's FAQ: nothing is decoded until a shop asks. The shared matcher is restored
 * once per isolate, on the first request of a shop that runs it (or of an overriding shop,
 * whose matcher runs its model and is derived from it); an overriding shop's matcher is made
 * on its first message, inside its object, and only that one.
 */
export function lazyFaqFromBundle(bundle: FaqBundle): LazyBundledFaq {
  if (bundle?.format !== FAQ_BUNDLE_FORMAT) throw new Error(`FAQ bundle format ${String(bundle?.format)} is not ${FAQ_BUNDLE_FORMAT}: rebuild it (npm run bundle:faq)`);
  const { shared: s } = bundle;
  let shared: FaqRankingMatcher | undefined;
  const sharedMatcher = (): FaqRankingMatcher => (shared ??= matcherFromCompact(s.entries, s.settings, base64ToBytes(s.matcher)));
  const deltas = new Map(bundle.shops.map((d) => [d.id, d]));
  const engines = new Map<string, FaqRankingMatcher>();
  return {
    shopIds: [...deltas.keys()],
    shared: sharedMatcher,
    built: () => engines.size + (shared ? 1 : 0),
    forShop(shopId) {
      const delta = deltas.get(shopId);
      if (!delta) return sharedMatcher();
      let engine = engines.get(shopId);
      if (!engine) {
        const merged = mergeFaqSets({ entries: s.entries, settings: s.settings, errors: [] }, { entries: delta.entries, settings: delta.settings, errors: [] });
        if (delta.matcher) engine = matcherFromCompact(merged.entries, merged.settings, base64ToBytes(delta.matcher));
        else {
          // derived from the shared matcher (BuildOptions.base): the entries the shop did not
          // change keep their documents and term sets, only the shop's own are normalised and
          // tokenised; built from the texts where the shop normalises differently (own synonyms)
          const base = sharedMatcher();
          engine = buildFaqMatcher(merged.entries, merged.settings, { model: base.model, base, version: delta.version });
        }
        engines.set(shopId, engine);
      }
      return engine;
    },
  };
}

export interface BundledFaq extends FaqProvider {
  forShop(shopId: string): FaqRankingMatcher;
  shared: FaqRankingMatcher;
  shops: Map<string, FaqRankingMatcher>;
}

/** Every matcher of a bundle, restored or built now (the build's check and the tests'). */
export function faqFromBundle(bundle: FaqBundle): BundledFaq {
  const lazy = lazyFaqFromBundle(bundle);
  const shared = lazy.shared();
  const shops = new Map(lazy.shopIds.map((id) => [id, lazy.forShop(id)]));
  return { shared, shops, forShop: (shopId) => shops.get(shopId) ?? shared };
}
