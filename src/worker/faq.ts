/**
 * The Workers runtime's FAQ. Workers have no file system, so the faq/ folder is bundled at
 * build time (scripts/bundle-faq.ts → faq-bundle.generated.js: the files' text, nothing
 * pre-digested) and parsed here with the same pure parser and matcher the Node registry uses
 * (src/core/faq/parse.ts, matcher.ts): the same validation, the same entries, the same
 * version hash. A changed FAQ is a redeploy.
 *
 * The layout and its parsing are src/core/faq/layout.ts, shared with the Node registry.
 *
 * The trained models (src/core/faq/learn.ts) come in the bundle too: the build trains each
 * set's model with the same code the Node registry runs at load time, so a Worker answers
 * with the model the threshold was calibrated with without training at start-up. A model
 * that does not fit its set (wrong key or format) is ignored and the set is trained here.
 */
import { buildFaqSet, buildShopMatchers, faqSetsFromFiles, faqSetsOf, type FaqSet } from "../core/faq/layout.js";
import { loadModel, type StoredModel } from "../core/faq/model-io.js";
import type { RerankerModel } from "../core/faq/rerank.js";
import type { FaqEngine } from "../core/faq/matcher.js";
import type { FaqFile, FaqFileError } from "../core/faq/parse.js";
import type { FaqProvider } from "../services/context.js";

export interface FaqBundle {
  /** the folder's name as paths start with it, e.g. "faq" */
  root: string;
  /** every *.yaml under the folder, paths relative to the folder's parent ("faq/returns.yaml"), sorted */
  files: FaqFile[];
  /** each set's trained model (scripts/bundle-faq.ts), found by its modelKey */
  models?: StoredModel[];
}

export interface BundledFaq extends FaqProvider {
  shared: FaqEngine;
  shops: Map<string, FaqEngine>;
  errors: FaqFileError[];
  /** sets that had no usable model in the bundle and were trained at start-up */
  trainedAtStart: number;
}

/** The bundle parsed into its sets (no matcher built yet) and a model store that decodes a stored model on first use. */
function openBundle(bundle: FaqBundle) {
  const contents = faqSetsFromFiles(bundle.root, bundle.files);
  const raw = new Map((bundle.models ?? []).map((m) => [m.key, m]));
  const decoded = new Map<string, RerankerModel>();
  let trainedAtStart = 0;
  const models = {
    get(k: string): RerankerModel | undefined {
      let m = decoded.get(k);
      const stored = raw.get(k);
      if (!m && stored) {
        const loaded = loadModel(stored);
        if (typeof loaded !== "string") decoded.set(k, (m = loaded));
      }
      return m;
    },
    set(k: string, m: RerankerModel) {
      if (!decoded.has(k)) trainedAtStart++;
      decoded.set(k, m);
    },
  };
  return { contents, sets: faqSetsOf(contents), models, trained: () => trainedAtStart };
}

/** Parses a bundle into one matcher per shop (shared set plus the shop's overrides), all built now (the build's check). */
export function faqFromBundle(bundle: FaqBundle): BundledFaq {
  const { contents, sets, models, trained } = openBundle(bundle);
  const { shared, shops } = buildShopMatchers(sets, models);
  return { shared, shops, errors: contents.errors, trainedAtStart: trained(), forShop: (shopId) => shops.get(shopId) ?? shared };
}

export interface LazyBundledFaq extends FaqProvider {
  errors: FaqFileError[];
  /** how many sets' matchers have been built so far */
  built(): number;
}

/**
 * The Worker's FAQ: the bundle is parsed once per isolate, but a shop's matcher (BM25 index
 * and ranker) is built on the shop's first message, inside its object, and only that one:
 * an isolate serving one shop's object never builds the other shops' matchers.
 */
export function lazyFaqFromBundle(bundle: FaqBundle): LazyBundledFaq {
  const { contents, sets, models } = openBundle(bundle);
  const engines = new Map<FaqSet, FaqEngine>();
  const sharedSet = sets.find((s) => s.shopId === undefined);
  const byShop = new Map(sets.filter((s) => s.shopId !== undefined).map((s) => [s.shopId!, s]));
  return {
    errors: contents.errors,
    built: () => engines.size,
    forShop(shopId) {
      const set = byShop.get(shopId) ?? sharedSet;
      if (!set) return undefined;
      let engine = engines.get(set);
      if (!engine) engines.set(set, (engine = buildFaqSet(set, models)));
      return engine;
    },
  };
}
