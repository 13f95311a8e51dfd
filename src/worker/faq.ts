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
import { buildShopMatchers, faqSetsFromFiles, faqSetsOf } from "../core/faq/layout.js";
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

/** Parses a bundle into one matcher per shop (shared set plus the shop's overrides). */
export function faqFromBundle(bundle: FaqBundle): BundledFaq {
  const contents = faqSetsFromFiles(bundle.root, bundle.files);
  const stored = new Map<string, RerankerModel>();
  for (const m of bundle.models ?? []) {
    const model = loadModel(m);
    if (typeof model !== "string") stored.set(m.key, model);
  }
  let trainedAtStart = 0;
  const { shared, shops } = buildShopMatchers(faqSetsOf(contents), {
    get: (k) => stored.get(k),
    set: (k, m) => {
      if (!stored.has(k)) trainedAtStart++;
      stored.set(k, m);
    },
  });
  return { shared, shops, errors: contents.errors, trainedAtStart, forShop: (shopId) => shops.get(shopId) ?? shared };
}
