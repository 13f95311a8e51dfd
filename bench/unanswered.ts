/**
 * `npm run bench:unanswered`: how long the dashboard's grouping of unanswered questions takes
 * (core/unanswered.ts, the 机器人 tab's 未答问题) on real buyer writing, beside a baseline
 * measured in the same run: normalising and tokenising the same messages, the part no
 * grouping can avoid. Texts: ../shared/data/buyer-messages/jddc-buyer-utterances.tsv, read
 * in place (no redistribution licence: never copied), repeated with a suffix to reach the
 * larger sizes. Then the whole route: the same messages as Douyin buyer messages of one
 * week, decided by the live decision with the demo FAQ on a real SQLite file, and
 * GET /api/admin/bot?days=7 timed beside GET /api/admin/decisions (100 rows). No
 * assertions: figures are printed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { sha256Hex } from "../src/core/crypto.js";
import type { ChatEvent } from "../src/core/events.js";
import { normalizeText } from "../src/core/faq/normalize.js";
import { clusterQuestions, questionTokens, type QuestionMessage } from "../src/core/unanswered.js";
import { createApp } from "../src/http/app.js";
import { createServiceContext } from "../src/node/context.js";
import { openNodeDatabase } from "../src/node/database.js";
import { openFaqRegistry } from "../src/node/faq-registry.js";
import { silentLogger } from "../src/services/context.js";
import { ingestEvents } from "../src/services/ingest.js";

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
// ---- the whole route on a real database ---------------------------------------------------
{
  const dir = mkdtempSync(join(os.tmpdir(), "fr-bench-unanswered-"));
  const database = openNodeDatabase(join(dir, "bench.db"));
  const faq = await openFaqRegistry({ dir: "faq", watch: false, log: () => {} });
  const day0 = Date.parse("2026-01-05T09:00:00+08:00");
  const now = day0 + 6 * 86_400_000;
  const config = {
    port: 0,
    databaseUrl: join(dir, "bench.db"),
    faqDir: "faq",
    maxBodyBytes: 1 << 20,
    shops: [
      {
        id: "demo",
        name: "bench",
        genericWebhookSecret: "x",
        douyinInstantAnswer: false,
        escalation: { leadSeconds: 60, targets: [] },
        agents: [],
        adminTokenSha256: [await sha256Hex("bench-admin")],
        credentials: {},
        rules: {},
        platforms: ["douyin" as const],
      },
    ],
  };
  const ctx = createServiceContext({ db: database.db, transact: database.transact, config: config as never, faq, now: () => now, log: silentLogger });
  const app = createApp(ctx);
  const events: ChatEvent[] = texts.map((text, i) => ({
    id: `b${i}`,
    platform: "douyin",
    shop: "demo",
    conversation: `c${Math.floor(i / 3)}`,
    at: day0 + Math.floor((i / texts.length) * 6 * 86_400_000),
    from: "buyer",
    type: "message",
    text,
  }));
  for (let i = 0; i < events.length; i += 200) await ingestEvents({ ctx, input: { shopId: "demo", events: events.slice(i, i + 200) } });
  const get = async (path: string) => (await app.request(path, { headers: { authorization: "Bearer bench-admin" } })).json() as Promise<any>;
  let report: any;
  const timeAsync = async (fn: () => Promise<unknown>, runs = 3) => {
    await fn();
    const out: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await fn();
      out.push(performance.now() - t);
    }
    return median(out);
  };
  const bot = await timeAsync(async () => (report = await get("/api/admin/bot?days=7")));
  const decisionsMs = await timeAsync(() => get("/api/admin/decisions"));
  console.log(
    `GET /api/admin/bot?days=7 over ${texts.length} decided Douyin messages: ${bot.toFixed(0)} ms (baseline GET /api/admin/decisions: ${decisionsMs.toFixed(1)} ms); ` +
      `routed ${report.routed.total} (${report.routed.byReason.map((r: { reason: string; count: number }) => `${r.reason} ${r.count}`).join(", ")}); ` +
      `unanswered ${report.unanswered.messages} in ${report.unanswered.groups.length} groups, largest ${report.unanswered.groups
        .slice(0, 5)
        .map((g: { size: number }) => g.size)
        .join(", ")}${report.unanswered.truncated ? " (cut at 3,000 wordings)" : ""}`,
  );
  database.close();
  faq.close?.();
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} on ${os.cpus().length} CPUs`,
);
