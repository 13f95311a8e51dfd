/**
 * The Workers runtime's FAQ. Workers have no file system, so the faq/ folder is bundled at
 * build time (scripts/bundle-faq.ts → faq-bundle.generated.js: the files' text, nothing
 * pre-digested) and parsed here with the same pure parser and matcher the Node registry uses
 * (src/core/faq/parse.ts, matcher.ts): the same validation, the same entries, the same
 * version hash. A changed FAQ is a redeploy.
 *
 * Layout, as on Node (src/node/faq-registry.ts, which cannot be imported here: it uses node:fs):
 *   faq/<topic>.yaml, faq/_settings.yaml        the shared set
 *   faq/shops/<shopId>/*.yaml                    a shop's overrides
 */
import { buildFaqMatcher, type FaqEngine } from "../core/faq/matcher.js";
import { mergeFaqSets, parseFaqFiles, type FaqFile, type FaqFileError, type ParsedFaqSet } from "../core/faq/parse.js";
import type { FaqProvider } from "../services/context.js";

export const SHOPS_DIR = "shops";

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

/** Splits a bundle into the shared files and each shop's files, the way the Node registry reads the folder. */
export function splitFaqBundle(bundle: FaqBundle): { shared: FaqFile[]; shops: Map<string, FaqFile[]> } {
  const shared: FaqFile[] = [];
  const shops = new Map<string, FaqFile[]>();
  const prefix = `${bundle.root}/`;
  for (const f of [...bundle.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (!f.path.startsWith(prefix)) continue;
    const parts = f.path.slice(prefix.length).split("/");
    if (parts.length === 1) shared.push(f);
    else if (parts.length === 3 && parts[0] === SHOPS_DIR) {
      const list = shops.get(parts[1]!) ?? [];
      list.push(f);
      shops.set(parts[1]!, list);
    }
  }
  return { shared, shops };
}

/** Parses a bundle into one matcher per shop (shared set plus the shop's overrides). */
export function faqFromBundle(bundle: FaqBundle): BundledFaq {
  const split = splitFaqBundle(bundle);
  const sharedSet: ParsedFaqSet = parseFaqFiles(split.shared);
  const errors = [...sharedSet.errors];
  const shared = buildFaqMatcher(sharedSet.entries, sharedSet.settings);
  const shops = new Map<string, FaqEngine>();
  for (const [id, files] of split.shops) {
    const own = parseFaqFiles(files);
    errors.push(...own.errors);
    const merged = mergeFaqSets(sharedSet, own);
    shops.set(id, buildFaqMatcher(merged.entries, merged.settings));
  }
  return { shared, shops, errors, forShop: (shopId) => shops.get(shopId) ?? shared };
}
