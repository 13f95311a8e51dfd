/**
 * One cold start for bench/faq-cold.ts, in a fresh process (as a new isolate: no JIT warm-up,
 * nothing decoded): loads a bundle module, then serves a shop's first message, and prints
 * the CPU time of each step (process.cpuUsage, user + system) as JSON.
 *
 *   node faq-cold-child.mjs <compact|text> <bundle.js> <shop> <message>
 *
 * `compact`: the Worker's path today (src/worker/faq.ts). `built`: the same compact bundle,
 * but an overriding shop's matcher built from its merged texts with the shared model (how it
 * was made before it was derived from the shared matcher, BuildOptions.base). `text`: the previous bundle form,
 * kept here as the baseline: the files' text and the shared set's stored model, parsed and
 * built on the first request (faqSetsFromFiles, faqSetsOf, loadModel, buildFaqSet), as
 * lazyFaqFromBundle did before the compact bundle. The bench compiles this file with esbuild,
 * so the figures are plain JavaScript's, as in workerd, not a TypeScript loader's.
 */
import { pathToFileURL } from "node:url";
import { buildFaqSet, faqSetsFromFiles, faqSetsOf } from "../../src/core/faq/layout.js";
import { buildFaqMatcher, type FaqRankingMatcher } from "../../src/core/faq/matcher.js";
import { mergeFaqSets } from "../../src/core/faq/parse.js";
import { loadModel, type StoredModel } from "../../src/core/faq/model-io.js";
import type { FaqFile } from "../../src/core/faq/parse.js";
import type { FaqModel } from "../../src/core/faq/model.js";
import { type FaqBundle, lazyFaqFromBundle } from "../../src/worker/faq.js";

export interface TextBundle {
  root: string;
  files: FaqFile[];
  models: StoredModel[];
}

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function textPathForShop(bundle: TextBundle, shop: string): FaqRankingMatcher {
  const sets = faqSetsOf(faqSetsFromFiles(bundle.root, bundle.files));
  const set = sets.find((s) => s.shopId === shop) ?? sets[0]!;
  const stored = bundle.models.find((m) => m.key === set.key);
  const model = stored ? loadModel(stored) : undefined;
  if (typeof model === "string" || !model) throw new Error(`text bundle: no usable model for ${set.key}`);
  return buildFaqSet(set, { get: () => model as FaqModel, set: () => {} });
}

/** The compact bundle's shared matcher, and the shop's matcher built from its merged texts (no derivation). */
function builtForShop(bundle: FaqBundle, shop: string): FaqRankingMatcher {
  const shared = lazyFaqFromBundle(bundle).shared();
  const delta = bundle.shops.find((d) => d.id === shop);
  if (!delta) return shared;
  const merged = mergeFaqSets({ entries: bundle.shared.entries, settings: bundle.shared.settings, errors: [] }, { entries: delta.entries, settings: delta.settings, errors: [] });
  return buildFaqMatcher(merged.entries, merged.settings, { model: shared.model });
}

const [mode, path, shop, message] = process.argv.slice(2) as [string, string, string, string];
const t0 = cpu();
const bundle = ((await import(pathToFileURL(path).href)) as { default: unknown }).default;
const t1 = cpu();
const engine = mode === "compact" ? lazyFaqFromBundle(bundle as FaqBundle).forShop(shop) : mode === "built" ? builtForShop(bundle as FaqBundle, shop) : textPathForShop(bundle as TextBundle, shop);
const r = engine.match(message, { topK: 5 });
const t2 = cpu();
console.log(JSON.stringify({ module: t1 - t0, first: t2 - t1, top: r.matches[0]?.entryId ?? null, score: r.matches[0]?.score ?? null }));
