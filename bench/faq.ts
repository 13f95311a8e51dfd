/**
 * `npm run bench:faq`: index build time for 10,000 examples and match latency (p50/p99),
 * with natural's TfIdf over the same character n-grams as the baseline in the same run.
 *
 * Texts: the evaluation sets in ../shared/data/faq-eval (real questions and paraphrases,
 * read in place, never copied) when present, else the demo FAQ's texts recombined. Only
 * speed is measured here; accuracy is `faq eval`'s job. No assertions: figures are printed.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { readFaqTsv, readQueries } from "../src/cli/eval-tsv.js";
import { buildFaqMatcher } from "../src/core/faq/matcher.js";
import { normalizeText } from "../src/core/faq/normalize.js";
import { parseFaqFiles } from "../src/core/faq/parse.js";
import { tokenize } from "../src/core/faq/tokenize.js";
import { trainInWorker } from "../src/node/faq-training.js";
import type { FaqEntry } from "../src/core/faq/types.js";

interface NaturalTfIdf {
  addDocument(doc: string[] | string, key?: unknown): void;
  tfidfs(terms: string[], cb?: (i: number, measure: number) => void): number[];
}
// By module path: natural's index prints to stdout on load and pulls in database clients.
// (A variable specifier: the file ships no type declarations, the interface above is ours.)
const tfidfPath = "natural/lib/natural/tfidf/tfidf.js";
const tfidfModule = (await import(tfidfPath)) as { default: new () => NaturalTfIdf };
const TfIdf = tfidfModule.default;

const EXAMPLES = 10_000;
const root = join(import.meta.dirname, "..");
const evalDir = join(root, "../shared/data/faq-eval");

/** A pool of real short questions to build entries and queries from. */
async function textPool(): Promise<{ texts: string[]; source: string }> {
  if (existsSync(join(evalDir, "samsung/faq.tsv"))) {
    const texts: string[] = [];
    for (const set of ["unionpay", "samsung"]) {
      texts.push(...(await readFaqTsv(join(evalDir, set, "faq.tsv"))).map((e) => e.question).filter((t) => t.length > 0));
      for (const split of ["dev", "test"]) texts.push(...(await readQueries(join(evalDir, set, `${split}.tsv`))).map((q) => q.query));
    }
    return { texts, source: "../shared/data/faq-eval (UnionPay + Samsung questions and paraphrases)" };
  }
  const dir = join(root, "faq");
  const set = parseFaqFiles(
    readdirSync(dir)
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => ({ path: f, text: readFileSync(join(dir, f), "utf8") })),
  );
  const base = set.entries.flatMap((e) => [e.question, ...e.examples]);
  const texts: string[] = [];
  // Recombine halves of demo texts so the vocabulary grows with the pool.
  for (let i = 0; texts.length < EXAMPLES * 1.3; i++) {
    const a = base[i % base.length]!;
    const b = base[(i * 7 + 3) % base.length]!;
    texts.push(`${a.slice(0, Math.ceil(a.length / 2))}${b.slice(Math.floor(b.length / 2))}${i % 97}`);
  }
  return { texts, source: "demo FAQ texts recombined (../shared not found)" };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function fmt(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3);
}

const { texts, source } = await textPool();
// 10,000 examples spread over 1,000 entries (a question and 10 paraphrases each). The pool
// has ~11,000 texts: if it runs short, texts come round again with a particle appended.
const pick = (i: number) => texts[i % texts.length]! + (i >= texts.length ? "呢" : "");
const entries: FaqEntry[] = [];
const perEntry = 10;
let next = 0;
for (let i = 0; i < EXAMPLES / perEntry; i++) {
  const question = pick(next++);
  const examples = Array.from({ length: perEntry }, () => pick(next++));
  entries.push({ id: `e${i}`, question, examples, answer: "-", enabled: true });
}
// Queries: every 5th text of the pool, so most are paraphrases of indexed entries, some not.
const queries = Array.from({ length: 2000 }, (_, i) => pick(i * 5 + 2) + (i % 2 ? "吗" : ""));
const docs = entries.flatMap((e) => [e.question, ...e.examples]);

console.log(`texts: ${source}`);
console.log(`FAQ: ${entries.length} entries, ${docs.length} documents (${EXAMPLES} examples + questions); ${queries.length} queries\n`);

// --- this engine ---
// Wall clock is the figure that counts; CPU time of this process is printed beside it
// because on a shared machine the wall clock also counts time spent waiting for a core.
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
const builds: number[] = [];
const buildCpu: number[] = [];
let matcher = buildFaqMatcher(entries, {});
for (let r = 0; r < 5; r++) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  matcher = buildFaqMatcher(entries, {});
  buildCpu.push(cpuMs(process.cpuUsage(c0)));
  builds.push(performance.now() - t0);
}
/** Each query's match time, wall clock and CPU, both sorted. */
function timePass(m: { match(text: string): unknown }): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const q of queries) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    m.match(q);
    cpu.push(cpuMs(process.cpuUsage(c0)));
    wall.push(performance.now() - t0);
  }
  return { wall: wall.sort((a, b) => a - b), cpu: cpu.sort((a, b) => a - b) };
}
/**
 * A fresh matcher's match times after 300 warm-up queries (JIT), then the same queries again.
 * The first pass is the figure: it includes what an engine computes on first use (a term's
 * per-posting values, an entry's LSA vectors: issue 14's cold start), which the first
 * thousands of buyer messages after a shop's (re)load pay. The second pass is the same
 * engine once the queries' terms and candidates have all been met: a shop that has been
 * answering for a while.
 */
function timeMatches(m: { match(text: string): unknown }) {
  for (const q of queries.slice(0, 300)) m.match(q);
  const first = timePass(m);
  return { ...first, again: timePass(m) };
}
const { wall: lat, cpu: latCpu, again: latAgain } = timeMatches(matcher);

// --- with the trained reranker (LSA + n-gram weights): training is its own step ---
// In a worker thread, as the Node runtime trains (src/node/faq-training.ts), the model coming
// back as stored JSON. Trained on this thread, its thousands of inner matchers left the
// matching code compiled for their shapes too: the same queries then cost a tenth more at
// p50 and a third more at p90 (one run each; a forced full GC did not help), a cost the live
// request thread never has.
const tTrain = performance.now();
const cTrain = process.cpuUsage();
const reranker = await trainInWorker(entries, {}, "bench-faq");
const trainCpu = cpuMs(process.cpuUsage(cTrain));
const trainMs = performance.now() - tTrain;
const tRb = performance.now();
const reranked = buildFaqMatcher(entries, {}, { model: reranker });
const rerankBuildMs = performance.now() - tRb;
const { wall: rLat, cpu: rLatCpu, again: rAgain } = timeMatches(reranked);

// --- natural TfIdf baseline: the same normalisation and 1+2-gram tokens, scanned per query ---
const nBuilds: number[] = [];
let tfidf = new TfIdf();
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  tfidf = new TfIdf();
  for (const d of docs) tfidf.addDocument(tokenize(normalizeText(d), { maxN: 2 }));
  nBuilds.push(performance.now() - t0);
}
const nQueries = queries.slice(0, 200);
for (const q of nQueries.slice(0, 20)) tfidf.tfidfs(tokenize(normalizeText(q), { maxN: 2 }));
const nLat: number[] = [];
for (const q of nQueries) {
  const t0 = performance.now();
  const scores = tfidf.tfidfs(tokenize(normalizeText(q), { maxN: 2 }));
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i]! > scores[best]!) best = i;
  nLat.push(performance.now() - t0);
}
nLat.sort((a, b) => a - b);

const rows: [string, string, string, string][] = [
  ["", "build (median)", "match p50", "match p99"],
  ["first-responder (inverted index, BM25+)", `${fmt(median(builds))} ms`, `${fmt(percentile(lat, 0.5))} ms`, `${fmt(percentile(lat, 0.99))} ms`],
  ["  same, CPU time of this process", `${fmt(median(buildCpu))} ms`, `${fmt(percentile(latCpu, 0.5))} ms`, `${fmt(percentile(latCpu, 0.99))} ms`],
  ["  same queries again (wall / CPU p99)", "", `${fmt(percentile(latAgain.wall, 0.5))} ms`, `${fmt(percentile(latAgain.wall, 0.99))} / ${fmt(percentile(latAgain.cpu, 0.99))} ms`],
  ["with reranker (build with trained model, once)", `${fmt(rerankBuildMs)} ms`, `${fmt(percentile(rLat, 0.5))} ms`, `${fmt(percentile(rLat, 0.99))} ms`],
  ["  same, CPU time of this process", "", `${fmt(percentile(rLatCpu, 0.5))} ms`, `${fmt(percentile(rLatCpu, 0.99))} ms`],
  ["  same queries again (wall / CPU p99)", "", `${fmt(percentile(rAgain.wall, 0.5))} ms`, `${fmt(percentile(rAgain.wall, 0.99))} / ${fmt(percentile(rAgain.cpu, 0.99))} ms`],
  ["natural TfIdf (scans every document)", `${fmt(median(nBuilds))} ms`, `${fmt(percentile(nLat, 0.5))} ms`, `${fmt(percentile(nLat, 0.99))} ms`],
  ["ratio natural / ours", `${(median(nBuilds) / median(builds)).toFixed(1)}x`, `${(percentile(nLat, 0.5) / percentile(lat, 0.5)).toFixed(0)}x`, `${(percentile(nLat, 0.99) / percentile(lat, 0.99)).toFixed(0)}x`],
];
const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "));
console.log(
  `\nmatch latency over ${lat.length} queries of a fresh matcher after 300 warm-up, values computed on first use included; "again": the same queries a second time (natural: ${nLat.length} queries); build over 5 runs (natural: 3).`,
);
console.log(`reranker training (separate step in a worker thread, not part of the build): ${fmt(trainMs)} ms wall, ${fmt(trainCpu)} ms CPU for ${EXAMPLES} examples`);
console.log(
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} on ${os.cpus().length} CPUs`,
);
console.log(
  `targets: build for ${EXAMPLES} examples <= 1000 ms: ${median(builds) <= 1000 ? "met" : "NOT met"}; p99 match <= 1 ms: ${percentile(lat, 0.99) <= 1 ? "met" : "NOT met"} (with reranker: ${percentile(rLat, 0.99) <= 1 ? "met" : "NOT met"}; again: ${percentile(rAgain.wall, 0.99) <= 1 ? "met" : "NOT met"})`,
);
