/**
 * Child process of bench/ingest.ts: the real Node server (temp SQLite file, demo FAQ or
 * BENCH_FAQ's evaluation set, no
 * outbound URL) and a bare Hono route on another port, both in this one process so the
 * baseline pays the same HTTP stack. Prints their URLs as one JSON line.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import Database from "better-sqlite3";
import { Hono } from "hono";
import { configFromEnv } from "../../src/config/load.js";
import { openConnection } from "../../src/node/database.js";
import { startNodeServer } from "../../src/node/server.js";
import { silentLogger } from "../../src/services/context.js";
import { writeEvalFaq } from "./eval-faq.js";

const dir = mkdtempSync(join(tmpdir(), "fr-bench-"));
// BENCH_FAQ=<evaluation set>: that set as the FAQ (learned ranker), else the demo FAQ (BM25)
const faqSet = process.env.BENCH_FAQ;
const faqDir = faqSet ? join(dir, "faq") : undefined;
if (faqSet && faqDir) await writeEvalFaq(faqSet, faqDir);
const config = await configFromEnv({
  DATABASE_URL: join(dir, "bench.db"),
  GENERIC_WEBHOOK_SECRET: process.env.BENCH_SECRET,
  ADMIN_TOKEN: "bench",
  ...(faqDir ? { FAQ_DIR: faqDir } : {}),
  // bench:consoles opens agent consoles ("a1=token,a2=token")
  ...(process.env.BENCH_AGENT_TOKENS ? { AGENT_TOKENS: process.env.BENCH_AGENT_TOKENS } : {}),
});
// BENCH_STORAGE_WORKER=0: fold on the request thread, to measure what the worker takes off it
const server = await startNodeServer(config, { port: 0, host: "127.0.0.1", log: silentLogger, storageWorker: process.env.BENCH_STORAGE_WORKER !== "0" });
// BENCH_NO_FTS=1: this bench's database without the search index's triggers (migration 0003),
// to measure what keeping the FTS5 index costs each stored message (bench/ingest.ts BENCH_FTS).
// Only here, on the bench's own temporary file: the product has no such switch.
if (process.env.BENCH_NO_FTS === "1") {
  const db = openConnection(join(dir, "bench.db"));
  for (const t of ["events_fts_batch", "events_fts_delete", "events_fts_update"]) db.exec(`DROP TRIGGER ${t}`);
  const left = db.prepare("select count(*) as n from sqlite_master where type = 'trigger' and name like 'events_fts%'").get() as { n: number };
  db.close();
  if (left.n !== 0) throw new Error("BENCH_NO_FTS: the FTS triggers are still there");
}

const bare = new Hono();
// CPU time of this process (all its threads) and of its request thread alone: per-message
// costs that hold even when other processes share the cores. The thread's own time comes from
// Linux's /proc (Node 20 has no per-thread CPU clock; ticks of 10 ms, fine over seconds);
// elsewhere the event loop's busy time stands in.
const threadStat = `/proc/self/task/${process.pid}/stat`;
function requestThreadMs(): number {
  if (!existsSync(threadStat)) return performance.eventLoopUtilization().active;
  const fields = readFileSync(threadStat, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in 100 Hz ticks
}
bare.get("/cpu", (c) => {
  const u = process.cpuUsage();
  return c.json({ ms: (u.user + u.system) / 1000, requestThreadMs: requestThreadMs() });
});
let reader: Database.Database | undefined;
// the WAL's size now (bench/ingest.ts samples it during the phases: it must stay bounded),
// with the database file's size and this process's memory beside it
bare.get("/wal", (c) => {
  const size = (path: string) => {
    try {
      return statSync(path).size;
    } catch {
      return 0; // no WAL file yet
    }
  };
  const { rss, heapUsed } = process.memoryUsage();
  // events stored so far (buyer messages and bot replies): the largest seq, read from the index's end
  reader ??= new Database(join(dir, "bench.db"), { readonly: true });
  const stored = (reader.prepare("select max(seq) as seq from events").get() as { seq: number | null }).seq ?? 0;
  return c.json({ bytes: size(`${join(dir, "bench.db")}-wal`), dbBytes: size(join(dir, "bench.db")), rss, heapUsed, stored });
});
bare.post("/bare", async (c) => {
  await c.req.arrayBuffer();
  return c.json({ accepted: 1, duplicates: 0 });
});
const bareServer = serve({ fetch: bare.fetch, port: 0, hostname: "127.0.0.1" }, () => {
  const port = (bareServer.address() as AddressInfo).port;
  process.stdout.write(`${JSON.stringify({ url: server.url.replace("localhost", "127.0.0.1"), bareUrl: `http://127.0.0.1:${port}`, db: join(dir, "bench.db") })}\n`);
});
process.on("SIGTERM", () => {
  // the run's database goes with it (bench:consoles seeds 100,000 messages: ~50–100 MB a run)
  void server.close().then(() => {
    reader?.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
});
