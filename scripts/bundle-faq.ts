/**
 * Compiles the FAQ folder for the Workers build: reads faq/ (or FAQ_DIR, or argv[2]) the way
 * the Node registry does, validates it with the same parser, builds the shared set's matcher
 * (training its model as the Node registry does) and writes src/worker/faq-bundle.generated.js:
 * the shared set's entries and settings, its matcher in compact binary form (base64), and
 * per overriding shop only its own parsed files (src/worker/faq.ts says how a Worker uses
 * them). Any error (file:line, as on Node) fails the build: a broken FAQ never deploys.
 *
 *   npx tsx scripts/bundle-faq.ts [faq-dir] [--out path]
 *
 * wrangler.toml runs it as the build command, so `wrangler dev` and `wrangler deploy`
 * always bundle the current files; the workers test project runs it in its global setup.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bytesToBase64 } from "../src/core/faq/compact.js";
import { compactMatcher } from "../src/core/faq/compact-model.js";
import { buildFaqSet, faqSetsFromFiles, faqSetsOf } from "../src/core/faq/layout.js";
import { buildTexts } from "../src/core/faq/matcher.js";
import { createNormalizer } from "../src/core/faq/normalize.js";
import type { RerankerModel } from "../src/core/faq/rerank.js";
import { type FaqFile, formatFaqError } from "../src/core/faq/parse.js";
import { readFaqDirFiles } from "../src/node/faq-files.js";
import { FAQ_BUNDLE_FORMAT, faqFromBundle, type FaqBundle } from "../src/worker/faq.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_OUT = join(ROOT, "src/worker/faq-bundle.generated.js");

export interface FaqFolder {
  /** the folder's name as paths start with it, e.g. "faq" */
  root: string;
  /** every *.yaml under the folder, paths relative to the folder's parent ("faq/returns.yaml"), sorted */
  files: FaqFile[];
}

export async function readFaqFolder(dir: string): Promise<FaqFolder> {
  // read exactly as the Node registry reads the folder
  return { root: basename(resolve(dir)), files: await readFaqDirFiles(resolve(dir)) };
}

/**
 * Bytes of compact matchers the bundle may carry for overriding shops (beside the shared
 * one): a shop whose matcher fits is restored on its first request like the shared set;
 * the others are built from their delta on the shop's first message. 1 MiB holds a small
 * FAQ's shops (the demo's: ~0.3 MiB each) and none of a 745-entry FAQ's (~3.6 MiB each),
 * which would overrun Cloudflare's upload limit within a few shops.
 */
export const PRECOMPILED_SHOPS_BYTES = Number(process.env.FAQ_PRECOMPILED_SHOPS_BYTES ?? 1 << 20);

/** The bundle of a folder's files; throws on any file error, listing each as file:line: message. */
export function compileFaqBundle({ root, files }: FaqFolder, budget = PRECOMPILED_SHOPS_BYTES): FaqBundle {
  const contents = faqSetsFromFiles(root, files);
  if (contents.errors.length > 0) {
    throw new Error(`FAQ has ${contents.errors.length} error(s); fix them before deploying:\n${contents.errors.map(formatFaqError).join("\n")}`);
  }
  const [set, ...shopSets] = faqSetsOf(contents);
  const models = new Map<string, RerankerModel>();
  // built fresh and stored before it answers anything (compact-model.ts)
  const shared = buildFaqSet(set!, models);
  const sharedBytes = compactMatcher(shared);
  let left = budget;
  const shops = shopSets.map(({ shopId, ...shopSet }) => {
    const own = contents.shops.get(shopId!)!;
    const delta: FaqBundle["shops"][number] = { id: shopId!, entries: own.entries, settings: own.settings };
    // a shop's matcher is about the shared one's size: build it only where it may fit
    if (sharedBytes.length > left) return delta;
    const bytes = compactMatcher(buildFaqSet({ shopId, ...shopSet }, models));
    if (bytes.length > left) return delta;
    left -= bytes.length;
    return { ...delta, matcher: bytesToBase64(bytes) };
  });
  return {
    format: FAQ_BUNDLE_FORMAT,
    version: shared.version,
    root,
    shared: {
      entries: set!.entries,
      settings: set!.settings,
      key: set!.key,
      matcher: bytesToBase64(sharedBytes),
      normalized: buildTexts(set!.entries, set!.settings).map(createNormalizer({ synonyms: set!.settings.synonyms, fillers: set!.settings.fillers })),
    },
    shops,
  };
}

export async function bundleFaq(dir: string, out = DEFAULT_OUT): Promise<{ version: string; entries: number; shops: number; files: number; bytes: number }> {
  const folder = await readFaqFolder(dir);
  const bundle = compileFaqBundle(folder);
  // every shop's matcher restored or built from the bundle as a Worker will: a bundle that cannot serve never deploys
  const check = faqFromBundle(JSON.parse(JSON.stringify(bundle)) as FaqBundle);
  if (check.shared.version !== bundle.version) throw new Error("FAQ bundle: the restored shared matcher is not the one built");
  const text = `// Generated by scripts/bundle-faq.ts from ${folder.root}/ — do not edit, do not commit.\nexport default ${JSON.stringify(bundle)};\n`;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  return { version: bundle.version, entries: bundle.shared.entries.length, shops: bundle.shops.length, files: folder.files.length, bytes: Buffer.byteLength(text) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outAt = args.indexOf("--out");
  const out = outAt >= 0 ? resolve(args[outAt + 1]!) : DEFAULT_OUT;
  const dir = args.find((a, i) => !a.startsWith("--") && (outAt < 0 || i !== outAt + 1)) ?? process.env.FAQ_DIR ?? join(ROOT, "faq");
  bundleFaq(dir, out).then(
    (r) => console.log(`faq bundle: ${r.files} file(s), ${r.entries} shared entries, ${r.shops} shop override set(s), version ${r.version}, ${(r.bytes / 1024).toFixed(0)} KiB → ${relative(process.cwd(), out)}`),
    (err) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}
