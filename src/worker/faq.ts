/**
 * The Workers runtime's FAQ. Workers have no file system, so the faq/ folder is bundled at
 * build time (scripts/bundle-faq.ts → faq-bundle.generated.js: the files' text, nothing
 * pre-digested) and parsed here with the same pure parser and matcher the Node registry uses
 * (src/core/faq/parse.ts, matcher.ts): the same validation, the same entries, the same
 * version hash. A changed FAQ is a redeploy.
 *
 * The layout and its parsing are src/core/faq/layout.ts, shared with the Node registry.
 */
import { buildShopMatchers, faqSetsFromFiles } from "../core/faq/layout.js";
import type { FaqEngine } from "../core/faq/matcher.js";
import type { FaqFile, FaqFileError } from "../core/faq/parse.js";
import type { FaqProvider } from "../services/context.js";

export interface FaqBundle {
  /** the folder's name as paths start with it, e.g. "faq" */
  root: string;
  /** every *.yaml under the folder, paths relative to the folder's parent ("faq/returns.yaml"), sorted */
  files: FaqFile[];
}

export interface BundledFaq extends FaqProvider {
  shared: FaqEngine;
  shops: Map<string, FaqEngine>;
  errors: FaqFileError[];
}

/** Parses a bundle into one matcher per shop (shared set plus the shop's overrides). */
export function faqFromBundle(bundle: FaqBundle): BundledFaq {
  const contents = faqSetsFromFiles(bundle.root, bundle.files);
  const { shared, shops } = buildShopMatchers(contents);
  return { shared, shops, errors: contents.errors, forShop: (shopId) => shops.get(shopId) ?? shared };
}
