/**
 * The FAQ folder's layout, the same wherever the files come from (the Node file system, the
 * Workers bundle, the CLI):
 *   <root>/<topic>.yaml, <root>/_settings.yaml     the shared set
 *   <root>/shops/<shopId>/*.yaml                    a shop's overrides (same id replaces)
 * Pure: files in, parsed sets and matchers out.
 */
import { buildFaqMatcher, type FaqEngine } from "./matcher.js";
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

/** One matcher for the shared set and one per shop (the shared set with the shop's overrides). */
export function buildShopMatchers(contents: FaqDirContents): { shared: FaqEngine; shops: Map<string, FaqEngine> } {
  const shared = buildFaqMatcher(contents.shared.entries, contents.shared.settings);
  const shops = new Map<string, FaqEngine>();
  for (const [id, set] of contents.shops) {
    const merged = mergeFaqSets(contents.shared, set);
    shops.set(id, buildFaqMatcher(merged.entries, merged.settings));
  }
  return { shared, shops };
}
