/**
 * `npm run bench:fold`: is the compliance fold linear in the new events? One conversation of
 * N messages on one day (FOLD_SIZES, default 2,000 / 10,000 / 30,000; add 100000 when time
 * allows) is seeded straight into a temp SQLite file, then folded the way the storage worker
 * folds it (plans of at most 512 events of 32 conversations, each written in its own unit).
 * Baseline, same run: reading that conversation-day once and evaluating it once, the least a
 * fold of N events can cost. A fold that re-reads the whole day per plan grows as N²/512 and
 * its ratio to the baseline grows with N; a linear fold keeps the ratio flat.
 * FOLD_PLATFORMS (taobao,douyin,kuaishou) picks the rule sets; FOLD_MAX_S (120) bounds one fold.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { applyFold, planFold, toEngineEvent, type ComplianceContext } from "../src/services/compliance.js";
import { ContextCache } from "../src/services/context.js";
import { evaluateConversationDay } from "../src/core/compliance/evaluate.js";
import { sortedUnique } from "../src/core/compliance/order.js";
import { EMPTY_CARRY } from "../src/core/compliance/types.js";
import { makeRulesFor } from "../src/core/compliance/rules-for.js";
import type { Platform } from "../src/core/events.js";
import { dayNumber, dayStartMs } from "../src/core/time.js";
import { openConnection, openNodeDatabase } from "../src/node/database.js";

const SIZES = (process.env.FOLD_SIZES ?? "2000,10000,30000").split(",").map(Number);
const PLATFORMS = (process.env.FOLD_PLATFORMS ?? "taobao,douyin,kuaishou").split(",") as Platform[];
const MAX_MS = Number(process.env.FOLD_MAX_S ?? 120) * 1000;
// the storage worker's plan bounds (src/node/storage-worker/index.ts)
const FOLD_EVENTS = 512;
const FOLD_CONVERSATIONS = 32;
const DAY = dayNumber(Date.UTC(2026, 10, 20, 4));

/** buyer, buyer, agent reply, assist-bot reply …, an assignment first and every 1,000 events */
function seed(path: string, platform: Platform, n: number): void {
  const sqlite = openConnection(path);
  const insert = sqlite.prepare("insert into events (shop, platform, msg_id, conversation, at, \"from\", type, agent, bot, mode, text, received_at) values ('default', ?, ?, 'huge', ?, ?, ?, ?, ?, ?, '在吗', ?)");
  const start = dayStartMs(DAY) + 9 * 3600_000;
  const step = Math.max(1, Math.floor((14 * 3600_000) / n));
  sqlite.transaction(() => {
    for (let i = 0; i < n; i++) {
      const at = start + i * step;
      const k = i % 4;
      if (i % 1000 === 0) insert.run(platform, `m${i}`, at, "system", "assigned", i % 2000 ? "a2" : "a1", null, null, at);
      else if (k < 2) insert.run(platform, `m${i}`, at, "buyer", "message", null, null, null, at);
      else if (k === 2) insert.run(platform, `m${i}`, at, "human", "message", "a1", null, null, at);
      else insert.run(platform, `m${i}`, at, "bot", "message", null, "dianxiaomi", "assist", at);
    }
  })();
  sqlite.close();
}

function baseline(path: string, platform: Platform): number {
  const sqlite = openConnection(path);
  const t = performance.now();
  const rows = sqlite
    .prepare('select msg_id msgId, at, "from", type, agent, bot, mode from events where shop = ? and platform = ? and conversation = ? and at >= ? and at < ?')
    .all("default", platform, "huge", dayStartMs(DAY), dayStartMs(DAY + 1)) as Parameters<typeof toEngineEvent>[0][];
  const rules = makeRulesFor({})(platform, "default");
  evaluateConversationDay({ ref: { platform, shop: "default", conversation: "huge" }, day: DAY, events: sortedUnique(rows.map(toEngineEvent)), carryIn: EMPTY_CARRY, laterShopReply: false, excluded: false }, rules, { sorted: true });
  const ms = performance.now() - t;
  sqlite.close();
  return ms;
}

async function fold(path: string): Promise<{ ms: number; plans: number; folded: number; done: boolean }> {
  const db = openNodeDatabase(path, { synchronous: "NORMAL" });
  const ctx: ComplianceContext = { db: db.db, transact: db.transact, shops: new Map(), foldsInBackground: true, cache: new ContextCache() };
  const t = performance.now();
  let plans = 0;
  let folded = 0;
  try {
    for (;;) {
      if (performance.now() - t > MAX_MS) return { ms: performance.now() - t, plans, folded, done: false };
      const plan = await planFold({ ctx, input: { limit: FOLD_EVENTS, maxConversations: FOLD_CONVERSATIONS } });
      if (!plan) return { ms: performance.now() - t, plans, folded, done: true };
      if (!(await ctx.transact(() => applyFold({ ctx, input: plan })))) throw new Error("a plan was overtaken: nothing else folds here");
      plans++;
      folded += plan.count;
    }
  } finally {
    db.close();
  }
}

console.log(`bench:fold — one conversation of N messages on one day, folded as the storage worker folds (plans of ≤ ${FOLD_EVENTS} events)`);
console.log(
  `load average at start: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")} on ${cpus().length} cores`,
);
for (const platform of PLATFORMS) {
  for (const n of SIZES) {
    const dir = mkdtempSync(join(tmpdir(), "fr-bench-fold-"));
    try {
      const path = join(dir, "fold.db");
      openNodeDatabase(path, { synchronous: "NORMAL" }).close(); // migrations
      seed(path, platform, n);
      const base = baseline(path, platform);
      const r = await fold(path);
      const what = r.done ? `${(r.ms / 1000).toFixed(2)} s` : `NOT finished: ${r.folded} of ${n} events in ${(r.ms / 1000).toFixed(0)} s`;
      console.log(
        `${platform.padEnd(8)} ${String(n).padStart(6)} msgs: fold ${what} (${r.plans} plans, ${((r.ms * 1000) / Math.max(1, r.folded)).toFixed(1)} µs/event) · baseline one read + one evaluation ${base.toFixed(0)} ms · ratio ${(r.ms / base).toFixed(1)}× · load ${loadavg()[0]!.toFixed(2)}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
