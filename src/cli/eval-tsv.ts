/**
 * The evaluation data's files (`faq eval`'s contract, also read by the benchmarks): tab-
 * separated with a header line; `faq.tsv` has the id first and the standard question second
 * (`answer` if present), dev/test files have `query` and `gold_faq_id` columns, found by name.
 */
import { readFile } from "node:fs/promises";
import type { FaqEntry } from "../core/faq/types.js";

interface Tsv {
  header: string[];
  rows: string[][];
}

async function readTsv(path: string): Promise<Tsv> {
  const text = await readFile(path, "utf8");
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = (lines[0] ?? "").split("\t");
  return { header, rows: lines.slice(1).map((l) => l.split("\t")) };
}

function column(t: Tsv, name: string, path: string): number {
  const i = t.header.indexOf(name);
  if (i < 0) throw new Error(`${path}:1: no "${name}" column (header: ${t.header.join(", ")})`);
  return i;
}

/** dev/test files: `query` and `gold_faq_id` columns, found by header name. */
export async function readQueries(path: string): Promise<{ query: string; gold: string }[]> {
  const t = await readTsv(path);
  const q = column(t, "query", path);
  const g = column(t, "gold_faq_id", path);
  return t.rows.map((r) => ({ query: r[q] ?? "", gold: r[g] ?? "" })).filter((r) => r.query.length > 0);
}

/** faq.tsv: first column the id, second the standard question, `answer` if present. */
export async function readFaqTsv(path: string): Promise<FaqEntry[]> {
  const t = await readTsv(path);
  const a = t.header.indexOf("answer");
  return t.rows.filter((r) => (r[0] ?? "").length > 0).map((r) => ({ id: r[0]!, question: r[1] ?? "", examples: [], answer: (a >= 0 ? r[a] : undefined) ?? "", enabled: true }));
}

/** The entries with the queries labelled for them as their examples (dev.tsv as paraphrases). */
export function withExamples(entries: readonly FaqEntry[], queries: readonly { query: string; gold: string }[]): FaqEntry[] {
  const byId = new Map<string, string[]>();
  for (const x of queries) {
    const list = byId.get(x.gold) ?? [];
    list.push(x.query);
    byId.set(x.gold, list);
  }
  return entries.map((e) => ({ ...e, examples: byId.get(e.id) ?? [] }));
}
