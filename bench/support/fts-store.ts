/**
 * bench:ingest BENCH_FTS=compare, first part: what the FTS5 triggers (db/0003_message_search.sql)
 * cost one stored message, without HTTP around it. Two databases migrated as the server migrates
 * them, one with its FTS triggers dropped; the same buyer messages inserted into each, in
 * alternating slices, each slice one transaction of 100 (as a busy group commit holds), timed
 * as this process's CPU time (it holds on a loaded machine, where wall time does not).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openConnection } from "../../src/node/database.js";
import { openNodeDatabase } from "../../src/node/database.js";

const QUESTIONS = ["什么时候发货呀，我今天下午就要用", "这件衣服有没有大一码的", "能便宜点吗，买两件可以包邮吗", "我的订单到哪了，三天了还没动", "退货怎么退，运费谁出", "可以开发票吗，公司抬头"];

export interface StoreCost {
  messages: number;
  /** CPU µs per stored message */
  withFts: number;
  withoutFts: number;
}

function migrated(path: string, dropFts: boolean) {
  openNodeDatabase(path, { synchronous: "NORMAL" }).close();
  const db = openConnection(path);
  if (dropFts) for (const t of ["events_fts_batch", "events_fts_delete", "events_fts_update"]) db.exec(`DROP TRIGGER ${t}`);
  return db;
}

export function measureStoreCost(messages = 40_000, slice = 2_000): StoreCost {
  const dir = mkdtempSync(join(tmpdir(), "fr-fts-"));
  const dbs = { with: migrated(join(dir, "with.db"), false), without: migrated(join(dir, "without.db"), true) };
  const cpu = { with: 0, without: 0 };
  const sqlText = `insert into events (shop, platform, msg_id, conversation, at, "from", type, text, received_at) values ('default', 'taobao', ?, ?, ?, 'buyer', 'message', ?, ?)`;
  const inserts = { with: dbs.with.prepare<unknown[]>(sqlText), without: dbs.without.prepare<unknown[]>(sqlText) };
  try {
    for (let start = 0; start < messages; start += slice) {
      // alternate which goes first, so a change of the machine's load hits both alike
      const order = (start / slice) % 2 === 0 ? (["with", "without"] as const) : (["without", "with"] as const);
      for (const variant of order) {
        const db = dbs[variant];
        const before = process.cpuUsage();
        for (let i = start; i < start + slice; i += 100) {
          db.exec("BEGIN");
          for (let j = i; j < i + 100; j++) inserts[variant].run(`m-${j}`, `buyer-${j % 500}`, 1_760_000_000_000 + j * 1000, `${QUESTIONS[j % QUESTIONS.length]} ${j}`, 1_760_000_000_000 + j * 1000);
          db.exec("COMMIT");
        }
        const used = process.cpuUsage(before);
        cpu[variant] += used.user + used.system;
      }
    }
  } finally {
    dbs.with.close();
    dbs.without.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { messages, withFts: cpu.with / messages, withoutFts: cpu.without / messages };
}
