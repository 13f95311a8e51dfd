/**
 * A large FAQ for benchmarks: an evaluation set of ../shared/data/faq-eval (entries from
 * faq.tsv, dev.tsv paraphrases as examples), written as a FAQ directory into a temp dir at
 * run time — read in place, never copied into the repository — so the server loads it as it
 * would a shop's files and runs the learned ranker (sets of ≥ 300 examples). Its dev
 * queries are the buyer texts to send.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";

const evalDir = join(import.meta.dirname, "../../../shared/data/faq-eval");

function readTsv(path: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(path, "utf8").split(/\r?\n/).filter((l) => l.length > 0);
  return { header: lines[0]!.split("\t"), rows: lines.slice(1).map((l) => l.split("\t")) };
}

export function evalSetExists(set: string): boolean {
  return existsSync(join(evalDir, set, "faq.tsv")) && existsSync(join(evalDir, set, "dev.tsv"));
}

/** The set's dev queries (the buyer texts a benchmark sends). */
export function evalQueries(set: string): string[] {
  const dev = readTsv(join(evalDir, set, "dev.tsv"));
  const q = dev.header.indexOf("query");
  return dev.rows.map((r) => r[q] ?? "").filter((t) => t.length > 0);
}

/** Writes the set as `<dir>/<set>.yaml`; returns the number of entries and examples. */
export function writeEvalFaq(set: string, dir: string): { entries: number; examples: number } {
  const faq = readTsv(join(evalDir, set, "faq.tsv"));
  const dev = readTsv(join(evalDir, set, "dev.tsv"));
  const a = faq.header.indexOf("answer");
  const q = dev.header.indexOf("query");
  const g = dev.header.indexOf("gold_faq_id");
  const examples = new Map<string, string[]>();
  for (const r of dev.rows) examples.set(r[g]!, [...(examples.get(r[g]!) ?? []), r[q]!]);
  const entries = faq.rows
    .filter((r) => (r[0] ?? "").length > 0 && (r[1] ?? "").trim().length > 0)
    .map((r) => ({ id: `${set}-${r[0]}`, question: r[1]!, examples: examples.get(r[0]!) ?? [], answer: (a >= 0 ? r[a] : "")?.trim() || r[1]! }));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${set}.yaml`), stringify({ topic: `${set} (benchmark)`, entries }));
  return { entries: entries.length, examples: entries.reduce((n, e) => n + e.examples.length, 0) };
}
