/**
 * `npx tsx bench/fts-insert.ts`: what the FTS5 trigram index of message texts (history search,
 * issue 13: triggers on `events`) costs each stored event. The same inserts (short buyer texts,
 * 100 per transaction, synchronous = NORMAL) into a freshly migrated database, with the
 * triggers and with them dropped, alternated three times in one run so both see the same load.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openNodeDatabase } from "../src/node/database.js";

const N = Number(process.env.BENCH_EVENTS ?? 20_000);
const TEXTS = ["什么时候发货", "在吗", "可以开发票吗", "能便宜点吗", "我的快递到哪了", "怎么退货", "尺码怎么选", "有运费险吗", "这个质量怎么样", "我要改地址"];

function microsPerInsert(fts: boolean): number {
  const dir = mkdtempSync(join(tmpdir(), "fr-fts-"));
  try {
    openNodeDatabase(join(dir, "x.db"), { synchronous: "NORMAL" }).close(); // migrated
    const db = new Database(join(dir, "x.db"));
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    if (!fts) for (const name of ["events_fts_insert", "events_fts_delete", "events_fts_update"]) db.exec(`drop trigger ${name}`);
    const insert = db.prepare(`insert into events (shop, platform, msg_id, conversation, at, "from", type, text, received_at) values ('default', 'kuaishou', ?, ?, ?, 'buyer', 'message', ?, ?) returning seq`);
    const t0 = performance.now();
    for (let b = 0; b < N / 100; b++) {
      db.exec("begin");
      for (let i = 0; i < 100; i++) {
        const k = b * 100 + i;
        insert.all(`m-${k}`, `buyer-${k % 2000}`, Date.now(), TEXTS[k % TEXTS.length], Date.now());
      }
      db.exec("commit");
    }
    const us = ((performance.now() - t0) / N) * 1000;
    db.close();
    return us;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`bench:fts-insert — ${N} events per run; load average ${loadavg()[0]!.toFixed(2)}`);
for (let r = 0; r < 3; r++) {
  const withFts = microsPerInsert(true);
  const without = microsPerInsert(false);
  console.log(`with the FTS5 triggers ${withFts.toFixed(1)} µs per insert · without ${without.toFixed(1)} µs · the index costs ${(withFts - without).toFixed(1)} µs per event`);
}
