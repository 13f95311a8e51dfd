/**
 * `npm run bench:unanswered`: how long the dashboard's grouping of unanswered questions takes
 * (core/unanswered.ts, the 机器人 tab's 未答问题) on real buyer writing, beside a baseline
 * measured in the same run: normalising and tokenising the same messages, the part no
 * grouping can avoid. Texts: ../shared/data/buyer-messages/jddc-buyer-utterances.tsv, read
 * in place (no redistribution licence: never copied), repeated with a suffix to reach the
 * larger sizes. No assertions: figures are printed.
 */
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import { normalizeText } from "../src/core/faq/normalize.js";
import { clusterQuestions, questionTokens, type QuestionMessage } from "../src/core/unanswered.js";

const FILE = "../shared/data/buyer-messages/jddc-buyer-utterances.tsv";
if (!existsSync(FILE)) {
  console.error(`${FILE} not found: this bench reads the real buyer messages in place`);
  process.exit(1);
}
const texts = readFileSync(FILE, "utf8")
  .split("\n")
  .slice(1)
  .map((l) => l.split("\t")[1] ?? "")
  .filter((t) => t.trim());

function messages(n: number): QuestionMessage[] {
  // beyond the file, each round adds a distinct suffix: new wordings, as a busier week has
  return Array.from({ length: n }, (_, i) => ({
    text: i < texts.length ? texts[i]! : `${texts[i % texts.length]!} ${Math.floor(i / texts.length)}号`,
    at: i,
    platform: "douyin",
    conversation: `c${i}`,
    faqId: null,
  }));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => void, runs = 5): number {
  fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return median(out);
}

console.log(`${texts.length} real buyer messages; median of 5 runs`);
console.log("messages  baseline: normalise+tokenise  grouping (whole)  groups  ratio");
for (const n of [1000, texts.length, 10_000, 20_000]) {
  const ms = messages(n);
  const base = time(() => {
    for (const m of ms) questionTokens(normalizeText(m.text));
  });
  let groups = 0;
  const whole = time(() => {
    groups = clusterQuestions(ms, { maxDistinct: 20_000 }).groups.length;
  });
  console.log(`${String(n).padStart(8)}  ${base.toFixed(1).padStart(24)} ms  ${whole.toFixed(1).padStart(13)} ms  ${String(groups).padStart(6)}  ${(whole / base).toFixed(1)}×`);
}
console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")} on ${os.cpus().length} CPUs`);
