/**
 * `npm run bench:faq-cold`: the Workers FAQ's cold start and bundle size (issue 14), the
 * compact bundle (src/worker/faq.ts) beside the previous text bundle in the same run:
 *   - first request of a shop: CPU time (process.cpuUsage) of a fresh process that loads
 *     the bundle module and answers one message for the shop, BENCH_RUNS times per case,
 *     alternating the two forms; the child is compiled with esbuild (plain JavaScript, as in
 *     workerd), so no TypeScript loader is measured. A shop without overrides (the shared
 *     matcher) and one with its own overrides; for the latter also the same compact bundle
 *     with the shop's matcher built from its merged texts (how it was made before it was
 *     derived from the shared matcher: the before/after of that change in one run);
 *   - bundle size: the generated FAQ module, gzip -6, and the whole Worker upload as
 *     `wrangler deploy --dry-run` reports it (code + FAQ + migrations), built from the same folder;
 *   - equality: the Worker's matchers against the Node build's, top 5 and scores, over the
 *     FAQ's examples (demo) or its dev queries (UnionPay), for the shared set and two shops.
 * FAQs: the demo faq/, and, when ../shared/data/faq-eval is there, UnionPay's 745 entries
 * (bench/support/eval-faq.ts, the set bench:ingest runs) with BENCH_SHOPS (100) overriding
 * shops, each replacing 3 entries' answers and examples and adding one entry of its own.
 *
 *   BENCH_RUNS=5 BENCH_SHOPS=100 npm run bench:faq-cold
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { stringify } from "yaml";
import { bundleFaq, readFaqFolder } from "../scripts/bundle-faq.js";
import { buildShopMatchers, faqSetsFromFiles, faqSetsOf } from "../src/core/faq/layout.js";
import type { FaqRankingMatcher } from "../src/core/faq/matcher.js";
import { storeModel } from "../src/core/faq/model-io.js";
import { type FaqBundle, faqFromBundle } from "../src/worker/faq.js";
import { evalQueries, evalSetExists, writeEvalFaq } from "./support/eval-faq.js";
import type { TextBundle } from "./support/faq-cold-child.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SHOPS = Number(process.env.BENCH_SHOPS ?? 100);
const ROOT = resolve(import.meta.dirname, "..");
const tmp = mkdtempSync(join(tmpdir(), "fr-faq-cold-"));
const la = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;

interface Case {
  name: string;
  dir: string;
  /** a shop without overrides, one with */
  plainShop: string;
  overrideShop: string;
  message: string;
  /** texts for the equality check */
  queries: string[];
}

async function unionPayWithShops(): Promise<Case> {
  const dir = join(tmp, "unionpay", "faq");
  await writeEvalFaq("unionpay", dir);
  const shared = faqSetsFromFiles("faq", (await readFaqFolder(dir)).files).shared.entries;
  for (let s = 1; s <= SHOPS; s++) {
    const id = `shop-${String(s).padStart(3, "0")}`;
    const replaced = [0, 1, 2].map((k) => shared[(s * 7 + k * 101) % shared.length]!);
    const entries = [
      ...replaced.map((e) => ({ id: e.id, question: e.question, examples: [...e.examples, `${id} 的${e.question}`], answer: `${e.answer}（${id} 专属说明）` })),
      { id: `${id}-pickup`, question: "可以到门店自提吗？", examples: ["能自己去店里拿吗", "门店自提"], answer: `${id} 支持门店自提。` },
    ];
    mkdirSync(join(dir, "shops", id), { recursive: true });
    writeFileSync(join(dir, "shops", id, "overrides.yaml"), stringify({ entries }));
  }
  const queries = await evalQueries("unionpay");
  return { name: `UnionPay (745 entries) + ${SHOPS} overriding shops`, dir, plainShop: "any-plain-shop", overrideShop: "shop-001", message: queries[0]!, queries };
}

async function demo(): Promise<Case> {
  const folder = await readFaqFolder(join(ROOT, "faq"));
  const c = faqSetsFromFiles(folder.root, folder.files);
  const queries = c.shared.entries.flatMap((e) => [e.question, ...e.examples]);
  return { name: "demo faq/", dir: join(ROOT, "faq"), plainShop: "any-plain-shop", overrideShop: [...c.shops.keys()][0]!, message: "什么时候发货", queries };
}

/** Top 5 and scores of the Worker's matchers (the bundle after a JSON round trip) against Node's (files → sets → matchers). */
async function equality(c: Case, bundle: FaqBundle): Promise<string> {
  const folder = await readFaqFolder(c.dir);
  const node = buildShopMatchers(faqSetsOf(faqSetsFromFiles(folder.root, folder.files)));
  const worker = faqFromBundle(JSON.parse(JSON.stringify(bundle)) as FaqBundle);
  let same = 0;
  let total = 0;
  const pairs: [FaqRankingMatcher, FaqRankingMatcher][] = [[worker.shared, node.shared]];
  for (const id of [...node.shops.keys()].slice(0, 2)) pairs.push([worker.forShop(id), node.shops.get(id)!]);
  for (const [w, n] of pairs) {
    for (const q of c.queries) {
      total++;
      if (JSON.stringify(w.match(q, { topK: 5 })) === JSON.stringify(n.match(q, { topK: 5 }))) same++;
    }
  }
  return `${same}/${total} identical (top 5 entries and scores; shared set + ${pairs.length - 1} shop(s))`;
}

/** The whole Worker as `wrangler deploy --dry-run` packs it, its FAQ compiled from `dir` (wrangler.toml's build command honours FAQ_DIR). */
function workerUpload(dir: string): string {
  const r = spawnSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", join(tmp, "upload")], { cwd: ROOT, env: { ...process.env, FAQ_DIR: dir }, encoding: "utf8" });
  const line = `${r.stdout}\n${r.stderr}`.split("\n").find((l) => l.includes("Total Upload"));
  return line ? line.replace(/.*Total Upload:\s*/, "").trim() : `wrangler failed: ${r.stderr.slice(-300)}`;
}

const MODES = ["text", "built", "compact"] as const;
const MODE_LABEL: Record<(typeof MODES)[number], string> = {
  text: "previous text bundle                                  ",
  built: "compact bundle, the shop's matcher built from its texts",
  compact: "compact bundle, as the Worker runs it                 ",
};

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${s[Math.floor(s.length / 2)]!.toFixed(1)} (${s[0]!.toFixed(1)}–${s[s.length - 1]!.toFixed(1)})`;
}

async function main(): Promise<void> {
  const child = join(tmp, "child.mjs");
  await build({
    entryPoints: [join(ROOT, "bench/support/faq-cold-child.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: child,
    logLevel: "error",
    // yaml is CommonJS and requires node built-ins
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const cases = [await demo()];
  if (evalSetExists("unionpay")) cases.push(await unionPayWithShops());
  else console.log("(../shared/data/faq-eval/unionpay not found: demo FAQ only)");
  console.log(`bench:faq-cold, ${RUNS} runs per case; load average before ${la()}\n`);
  for (const c of cases) {
    const compactPath = join(tmp, `${cases.indexOf(c)}-compact.js`);
    const r = await bundleFaq(c.dir, compactPath);
    const bundle = (await import(compactPath)).default as FaqBundle;
    const model = faqFromBundle(bundle).shared.model!;
    const folder = await readFaqFolder(c.dir);
    const text: TextBundle = { ...folder, models: [storeModel(model, bundle.shared.key)] };
    const textPath = join(tmp, `${cases.indexOf(c)}-text.js`);
    writeFileSync(textPath, `export default ${JSON.stringify(text, null, 1)};\n`);
    const gz = (p: string) => gzipSync(readFileSync(p)).length;
    const modelGz = gzipSync(JSON.stringify(text.models[0], null, 1)).length;
    console.log(`== ${c.name}: ${r.entries} shared entries, ${r.shops} overriding shop(s)`);
    console.log(`FAQ module, gzip: compact ${kib(gz(compactPath))} (raw ${kib(r.bytes)}); previous text form ${kib(gz(textPath))} with the shared model only`);
    if (r.shops > 0) console.log(`  previous form with a model per overriding shop, as it shipped: + ${r.shops} × ${kib(modelGz)} = ${kib(gz(textPath) + r.shops * modelGz)} (each shop's model taken as the size of the shared one)`);
    console.log(`whole Worker (wrangler deploy --dry-run), compact: ${workerUpload(c.dir)}`);
    console.log(`equality: ${await equality(c, bundle)}`);
    for (const [label, shop] of [
      ["shop without overrides", c.plainShop],
      ["shop with overrides", c.overrideShop],
    ] as const) {
      // an overriding shop built from its merged texts too (before its matcher was derived from the shared one), unless precompiled
      const modes = shop === c.overrideShop && !bundle.shops.find((d) => d.id === shop)?.matcher ? MODES : MODES.filter((m) => m !== "built");
      const runs: Record<string, { module: number; first: number }[]> = { text: [], built: [], compact: [] };
      for (let i = 0; i < RUNS; i++) {
        for (const mode of modes) {
          const out = spawnSync(process.execPath, [child, mode, mode === "text" ? textPath : compactPath, shop, c.message], { encoding: "utf8" });
          if (out.status !== 0) throw new Error(`child ${mode} failed: ${out.stderr}`);
          runs[mode]!.push(JSON.parse(out.stdout.trim().split("\n").pop()!));
        }
      }
      console.log(`first request, ${label} (${shop}), CPU ms:`);
      for (const mode of modes) {
        console.log(`  ${MODE_LABEL[mode]}  first request ${stats(runs[mode]!.map((x) => x.first))}; loading the bundle module ${stats(runs[mode]!.map((x) => x.module))}`);
      }
    }
    console.log("");
  }
  // the repository's own bundle back (wrangler's build command rewrote it from the last FAQ)
  await bundleFaq(join(ROOT, "faq"));
  console.log(`load average after ${la()}`);
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => rmSync(tmp, { recursive: true, force: true }));
