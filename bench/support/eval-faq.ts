/**
 * A large FAQ for benchmarks: an evaluation set of ../shared/data/faq-eval (entries from
 * faq.tsv, dev.tsv paraphrases as examples, read as `faq eval` reads them), written as a FAQ
 * directory into a temp dir at run time — read in place, never copied into the repository —
 * so the server loads it as it would a shop's files and runs the learned ranker (sets of
 * ≥ 300 examples). Its dev queries are the buyer texts to send.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { readFaqTsv, readQueries, withExamples } from "../../src/cli/eval-tsv.js";

const evalDir = join(import.meta.dirname, "../../../shared/data/faq-eval");
const file = (set: string, name: string) => join(evalDir, set, name);

export function evalSetExists(set: string): boolean {
  return existsSync(file(set, "faq.tsv")) && existsSync(file(set, "dev.tsv"));
}

/** The set's dev queries (the buyer texts a benchmark sends). */
export async function evalQueries(set: string): Promise<string[]> {
  return (await readQueries(file(set, "dev.tsv"))).map((q) => q.query);
}

/** Writes the set as `<dir>/<set>.yaml`, ids prefixed with the set's name. */
export async function writeEvalFaq(set: string, dir: string): Promise<void> {
  const entries = withExamples(await readFaqTsv(file(set, "faq.tsv")), await readQueries(file(set, "dev.tsv")))
    .filter((e) => e.question.trim().length > 0)
    // a FAQ file's answer may not be empty
    .map((e) => ({ id: `${set}-${e.id}`, question: e.question, examples: e.examples, answer: e.answer.trim() || e.question }));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${set}.yaml`), stringify({ topic: `${set} (benchmark)`, entries }));
}
