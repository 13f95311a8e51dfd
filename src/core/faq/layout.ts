/**
 * The FAQ folder's layout, the same wherever the files come from (the Node file system, the
 * Workers bundle, the CLI):
 *   <root>/<topic>.yaml, <root>/_settings.yaml     the shared set
 *   <root>/shops/<shopId>/*.yaml                    a shop's overrides (same id replaces)
 * Pure: files in, parsed sets and matchers out.
 */
import { trainFaqModel } from "./train.js";
import { buildFaqMatcher, type FaqRankingMatcher, type FaqSettings } from "./matcher.js";
import { modelKey } from "./model-io.js";
import type { FaqModel } from "./model.js";
import type { FaqEntry } from "./types.js";
import { mergeFaqSets, parseFaqFiles, type FaqFile, type FaqFileError, type ParsedFaqSet } from "./parse.js";

export const SHOPS_DIR = "shops";

export interface FaqDirContents {
  shared: ParsedFaqSet;
  /** per shop id, the shop's own files parsed (not yet merged) */
  shops: Map<string, ParsedFaqSet>;
  errors: FaqFileError[];
}

/** Splits files (paths `<root>/…`) into the shared set and each shop's set, and parses them. */
export function faqSetsFromFiles(root: string, files: readonly FaqFile[]): FaqDirContents {
  const sharedFiles: FaqFile[] = [];
  const shopFiles = new Map<string, FaqFile[]>();
  const prefix = `${root}/`;
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (!f.path.startsWith(prefix)) continue;
    const parts = f.path.slice(prefix.length).split("/");
    if (parts.length === 1) sharedFiles.push(f);
    else if (parts.length === 3 && parts[0] === SHOPS_DIR) shopFiles.set(parts[1]!, [...(shopFiles.get(parts[1]!) ?? []), f]);
  }
  const shared = parseFaqFiles(sharedFiles);
  const errors = [...shared.errors];
  const shops = new Map<string, ParsedFaqSet>();
  for (const [id, list] of [...shopFiles].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const parsed = parseFaqFiles(list);
    shops.set(id, parsed);
    errors.push(...parsed.errors);
  }
  return { shared, shops, errors };
}

/**
 * Trained models by modelKey: what a FAQ set runs with. Given to `buildFaqSet` it is both
 * the source (a model stored for exactly this set is used as is) and the cache (a model
 * trained here is added), so a reload retrains only the sets that changed.
 */
export interface FaqModels {
  get(key: string): FaqModel | undefined;
  set(key: string, model: FaqModel): unknown;
}

/**
 * A FAQ set as it runs: its entries and settings (a shop's own merged over the shared ones)
 * and the key of the model it runs, computed once per load (a hash of every text).
 *
 * A shop's set runs the shared set's model (`key` is the shared set's): the model is trained
 * once, not once per shop, and a shop's overrides are a delta on the shared set, not a
 * second model. The model's parts are not tied to the entries it was trained on (LSA term
 * vectors, a scorer over generic pair features, n-gram weights per entry id: an entry a shop
 * replaced keeps its id's weights, one it added has none), so it applies to the merged set.
 * Before, each overriding shop trained its own (seconds per shop at every load on Node, and
 * a whole model per shop in the Workers bundle, ~0.8 MiB gzip each for a 745-entry FAQ).
 */
export interface FaqSet {
  /** undefined: the shared set */
  shopId?: string;
  entries: FaqEntry[];
  settings: FaqSettings;
  key: string;
}

/** The sets of a folder as the service runs them: the shared one first, then each shop's. */
export function faqSetsOf(contents: FaqDirContents): FaqSet[] {
  const { entries, settings } = contents.shared;
  const key = modelKey(entries, settings);
  return [
    { entries, settings, key },
    ...[...contents.shops].map(([shopId, set]) => {
      const merged = mergeFaqSets(contents.shared, set);
      return { shopId, entries: merged.entries, settings: merged.settings, key };
    }),
  ];
}

/**
 * A FAQ set as it runs live: BM25 plus the model trained on its examples (train.ts) — the
 * same model `faq calibrate` chose the set's threshold with, fold by fold. `models` must
 * hold the shared set's model before a shop's set is built (buildShopMatchers builds the
 * shared set first); without `models` the set is trained on its own entries.
 */
export function buildFaqSet(set: Omit<FaqSet, "key"> & { key?: string }, models?: FaqModels): FaqRankingMatcher {
  const key = set.key ?? modelKey(set.entries, set.settings);
  const model = models?.get(key) ?? trainFaqModel(set.entries, set.settings);
  models?.set(key, model);
  return buildFaqMatcher(set.entries, set.settings, { model });
}

/** One matcher for the shared set and one per shop (the shared set with the shop's overrides). */
export function buildShopMatchers(sets: readonly FaqSet[], models: FaqModels = new Map<string, FaqModel>()): { shared: FaqRankingMatcher; shops: Map<string, FaqRankingMatcher> } {
  let shared: FaqRankingMatcher | undefined;
  const shops = new Map<string, FaqRankingMatcher>();
  // the shared set first: the shops' sets run its model (FaqSet)
  for (const set of [...sets].sort((a, b) => (a.shopId === undefined ? -1 : b.shopId === undefined ? 1 : 0))) {
    const matcher = buildFaqSet(set, models);
    if (set.shopId === undefined) shared = matcher;
    else shops.set(set.shopId, matcher);
  }
  if (!shared) throw new Error("FAQ sets without the shared set");
  return { shared, shops };
}
