/**
 * `npm run bench:faq-shop-model`: what running the shared set's trained model costs an
 * overriding shop in accuracy (issue 14: every shop runs the shared model, layout.ts FaqSet).
 * For each evaluation set of ../shared/data/faq-eval (read in place, never copied), the FAQ
 * and its dev paraphrases as examples, as `faq eval --faq faq.tsv --examples dev.tsv` reads
 * them; the shared model is trained on that set. Generated overriding shops:
 *   - "bench": the bench:faq-cold shops' kind: 3 entries get an example and an answer note,
 *     one entry is added;
 *   - "heavy": every 4th entry keeps only the first half of its examples and gets its own
 *     answer (a shop that wrote its own, shorter entries), and 20 entries of the other
 *     evaluation set are added (topics the shared set does not have, with their questions and
 *     up to 3 examples).
 * Each shop's merged set is matched with the shared model (what runs live) and with a model
 * trained on the merged set itself (what each shop trained before). top-1 / top-5 over the
 * set's test.tsv queries (gold ids unchanged: the shops keep the ids), same run.
 *
 *   npm run bench:faq-shop-model
 */
import { loadavg } from "node:os";
import { join } from "node:path";
import { readFaqTsv, readQueries, withExamples } from "../src/cli/eval-tsv.js";
import { trainFaqModel } from "../src/core/faq/train.js";
import { buildFaqMatcher, type FaqRankingMatcher } from "../src/core/faq/matcher.js";
import { mergeFaqSets } from "../src/core/faq/parse.js";
import type { FaqEntry } from "../src/core/faq/types.js";
import { evalSetExists } from "./support/eval-faq.js";

const evalDir = join(import.meta.dirname, "../../shared/data/faq-eval");
const la = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

async function entriesOf(set: string): Promise<FaqEntry[]> {
  const f = (name: string) => join(evalDir, set, name);
  return withExamples(await readFaqTsv(f("faq.tsv")), await readQueries(f("dev.tsv")))
    .filter((e) => e.question.trim().length > 0)
    .map((e) => ({ ...e, answer: e.answer.trim() || e.question }));
}

function shops(shared: FaqEntry[], other: FaqEntry[]): Record<string, FaqEntry[]> {
  const bench = [0, 1, 2].map((k) => shared[(7 + k * 101) % shared.length]!);
  const heavy: FaqEntry[] = [];
  shared.forEach((e, i) => {
    if (i % 4 === 0) heavy.push({ ...e, examples: e.examples.slice(0, Math.ceil(e.examples.length / 2)), answer: `${e.answer}（本店）` });
  });
  return {
    bench: [
      ...bench.map((e) => ({ ...e, examples: [...e.examples, `本店的${e.question}`], answer: `${e.answer}（本店专属说明）` })),
      { id: "shop-pickup", question: "可以到门店自提吗？", examples: ["能自己去店里拿吗", "门店自提"], answer: "支持门店自提。", enabled: true },
    ],
    heavy: [...heavy, ...other.slice(0, 20).map((e) => ({ ...e, id: `other-${e.id}`, examples: e.examples.slice(0, 3) }))],
  };
}

function score(m: FaqRankingMatcher, queries: { query: string; gold: string }[]): { top1: number; top5: number } {
  let top1 = 0;
  let top5 = 0;
  for (const q of queries) {
    const r = m.match(q.query, { topK: 5 });
    if (r.matches[0]?.entryId === q.gold) top1++;
    if (r.matches.some((x) => x.entryId === q.gold)) top5++;
  }
  return { top1: top1 / queries.length, top5: top5 / queries.length };
}

async function main(): Promise<void> {
  const sets = ["unionpay", "samsung"].filter(evalSetExists);
  if (sets.length === 0) {
    console.log("../shared/data/faq-eval not found: nothing to measure");
    return;
  }
  console.log(`bench:faq-shop-model; load average before ${la()}\n`);
  for (const name of sets) {
    const shared = await entriesOf(name);
    const other = await entriesOf(name === "unionpay" ? "samsung" : "unionpay");
    const queries = await readQueries(join(evalDir, name, "test.tsv"));
    const sharedModel = trainFaqModel(shared, {});
    const base = score(buildFaqMatcher(shared, {}, { model: sharedModel }), queries);
    console.log(`== ${name}: ${shared.length} entries, ${queries.length} test queries; shared set with its model: top-1 ${base.top1.toFixed(3)}, top-5 ${base.top5.toFixed(3)}`);
    for (const [shop, own] of Object.entries(shops(shared, other))) {
      const merged = mergeFaqSets({ entries: shared, settings: {}, errors: [] }, { entries: own, settings: {}, errors: [] });
      const withShared = score(buildFaqMatcher(merged.entries, merged.settings, { model: sharedModel }), queries);
      const withOwn = score(buildFaqMatcher(merged.entries, merged.settings, { model: trainFaqModel(merged.entries, merged.settings) }), queries);
      console.log(
        `  shop "${shop}" (${own.length} entries overridden or added): shared model top-1 ${withShared.top1.toFixed(3)} top-5 ${withShared.top5.toFixed(3)}; ` +
          `own model top-1 ${withOwn.top1.toFixed(3)} top-5 ${withOwn.top5.toFixed(3)}; shared − own top-1 ${(withShared.top1 - withOwn.top1).toFixed(3)}`,
      );
    }
  }
  console.log(`\nload average after ${la()}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
