/**
 * The FAQ folder's layout, the same wherever the files come from (the Node file system, the
 * Workers bundle, the CLI):
 *   <root>/<topic>.yaml, <root>/_settings.yaml     the shared set
 *   <root>/shops/<shopId>/*.yaml                    a shop's overrides (same id replaces)
 * Pure: files in, parsed sets and matchers out.
 */
import { trainFaqReranker } from "./learn.js";
import { buildFaqMatcher, type FaqEngine, type FaqSettings } from "./matcher.js";
import { modelKey } from "./model-io.js";
import type { RerankerModel } from "./rerank.js";
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
  get(key: string): RerankerModel | undefined;
  set(key: string, model: RerankerModel): unknown;
}

/**
 * A FAQ set as it runs live: BM25 plus the model trained on its own examples (learn.ts) —
 * the same model `faq calibrate` chose the set's threshold with, fold by fold.
 */
export function buildFaqSet(entries: readonly FaqEntry[], settings: FaqSettings, models?: FaqModels): FaqEngine {
  const key = modelKey(entries, settings);
  const model = models?.get(key) ?? trainFaqReranker(entries, settings);
  models?.set(key, model);
  return buildFaqMatcher(entries, settings, { reranker: model });
}

/** One matcher for the shared set and one per shop (the shared set with the shop's overrides). */
export function buildShopMatchers(contents: FaqDirContents, models?: FaqModels): { shared: FaqEngine; shops: Map<string, FaqEngine> } {
  const shared = buildFaqSet(contents.shared.entries, contents.shared.settings, models);
  const shops = new Map<string, FaqEngine>();
  for (const [id, set] of contents.shops) {
    const merged = mergeFaqSets(contents.shared, set);
    shops.set(id, buildFaqSet(merged.entries, merged.settings, models));
  }
  return { shared, shops };
}

/** The sets of a folder as the service runs them, entries and settings (for training the bundle's models). */
export function faqSetsOf(contents: FaqDirContents): { entries: FaqEntry[]; settings: FaqSettings }[] {
  return [contents.shared, ...[...contents.shops.values()].map((set) => mergeFaqSets(contents.shared, set))].map((s) => ({
    entries: s.entries,
    settings: s.settings,
  }));
}
