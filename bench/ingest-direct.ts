/**
 * `npm run bench:ingest-direct`: the intake without HTTP — `ingestEvents` called in this
 * process, 32 units in flight (as concurrent webhooks share the group commit), over the real
 * Node runtime (SQLite file, storage worker, demo FAQ); the bench's buyer messages (3
 * platforms, 2,000 buyers). Prints CPU per message of the process and of the request thread
 * (Linux /proc) beside a same-run baseline: the same number of events only stored (the event
 * insert, no decision, chat or reply). BENCH_STATEMENTS=1 also prints the CPU of each prepared
 * statement of the hot path per message (store/statements.ts). Where bench:ingest's HTTP phases
 * drown in a busy machine's noise, this is the per-message figure to compare between commits.
 * BENCH_MESSAGES (10,000) per phase; BENCH_SYNC (NORMAL) the server's synchronous setting.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { configFromEnv } from "../src/config/load.js";
import type { ChatEvent, Platform } from "../src/core/events.js";
import { startNodeServer } from "../src/node/server.js";
import { silentLogger } from "../src/services/context.js";
import { ingestEvents } from "../src/services/ingest.js";
import { eventRow } from "../src/store/event-row.js";
import { statements } from "../src/store/statements.js";

const N = Number(process.env.BENCH_MESSAGES ?? 10_000);
const dir = mkdtempSync(join(tmpdir(), "fr-bench-direct-"));
const config = await configFromEnv({ DATABASE_URL: join(dir, "bench.db"), GENERIC_WEBHOOK_SECRET: "x".repeat(32), ADMIN_TOKEN: "bench", SQLITE_SYNCHRONOUS: process.env.BENCH_SYNC ?? "NORMAL" });
const server = await startNodeServer(config, { port: 0, host: "127.0.0.1", log: silentLogger });
const ctx = server.ctx;
const TEXTS = ["什么时候发货", "在吗", "可以开发票吗", "能便宜点吗", "我的快递到哪了", "怎么退货", "尺码怎么选", "有运费险吗", "这个质量怎么样", "我要改地址"];
const PLATFORMS: Platform[] = ["kuaishou", "douyin", "taobao"];
let n = 0;
function nextEvent(): ChatEvent {
  n++;
  return { id: `direct-${n}`, platform: PLATFORMS[n % 3]!, shop: "default", conversation: `buyer-${n % 2000}`, at: Date.now(), from: "buyer", type: "message", text: TEXTS[n % TEXTS.length] };
}

// the request thread's own CPU (utime + stime in 100 Hz ticks); elsewhere the event loop's busy time
const threadStat = `/proc/self/task/${process.pid}/stat`;
function threadMs(): number {
  if (!existsSync(threadStat)) return performance.eventLoopUtilization().active;
  const f = readFileSync(threadStat, "utf8").split(") ")[1]!.split(" ");
  return (Number(f[11]) + Number(f[12])) * 10;
}

// BENCH_STATEMENTS=1: each hot-path statement's CPU (this thread, synchronous calls)
const perStatement = new Map<string, { calls: number; us: number }>();
if (process.env.BENCH_STATEMENTS === "1") {
  for (const [name, q] of Object.entries(statements(ctx.db) as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>)) {
    for (const m of ["all", "get", "run"] as const) {
      const call = q[m]!.bind(q);
      q[m] = (...args: unknown[]) => {
        const before = process.cpuUsage();
        const out = call(...args);
        const used = process.cpuUsage(before);
        const s = perStatement.get(name) ?? { calls: 0, us: 0 };
        s.calls++;
        s.us += used.user + used.system;
        perStatement.set(name, s);
        return out;
      };
    }
  }
}

/** `count` units, 32 in flight; CPU per message of the process and of the request thread. */
async function phase(count: number, unit: () => Promise<unknown>) {
  const cpu0 = process.cpuUsage();
  const thread0 = threadMs();
  const t0 = performance.now();
  let started = 0;
  const lane = async () => {
    while (started < count) {
      started++;
      await unit();
    }
  };
  await Promise.all(Array.from({ length: 32 }, lane));
  const cpu = process.cpuUsage(cpu0);
  return { cpuMs: (cpu.user + cpu.system) / 1000 / count, threadMs: (threadMs() - thread0) / count, perSecond: (count / (performance.now() - t0)) * 1000 };
}

const ingestOne = () => ingestEvents({ ctx, input: { shopId: "default", events: [nextEvent()] } });
const storeOne = () => ctx.transact(async () => statements(ctx.db).insertEvent.all(eventRow({ ...nextEvent(), conversation: `store-only-${n % 2000}` }, ctx.now())));
const load = () => `load average ${loadavg()[0]!.toFixed(2)} on ${cpus().length} cores`;
try {
  console.log(`bench:ingest-direct — ${N} buyer messages per phase, ingestEvents in-process, 32 in flight, synchronous = ${config.sqliteSynchronous} (${load()})`);
  await phase(2_000, ingestOne); // warm-up: JIT, FAQ, prepared statements
  perStatement.clear();
  const ingest = await phase(N, ingestOne);
  const statementsUs = new Map([...perStatement].map(([k, v]) => [k, { ...v }]));
  const store = await phase(N, storeOne);
  const row = (name: string, f: typeof ingest) => `${name.padEnd(44)} ${f.cpuMs.toFixed(3).padStart(10)} ${f.threadMs.toFixed(3).padStart(13)} ${f.perSecond.toFixed(0).padStart(9)}`;
  console.log(`${"".padEnd(44)} ${"cpu ms/msg".padStart(10)} ${"thread ms/msg".padStart(13)} ${"msgs/s".padStart(9)}`);
  console.log(row("ingestEvents (store, decide, queue, reply)", ingest));
  console.log(row("baseline: the event stored only", store));
  console.log(`ingest / store-only, request thread: ${(ingest.threadMs / store.threadMs).toFixed(2)}× (${load()})`);
  if (statementsUs.size) {
    console.log("\nCPU per buyer message in each hot-path statement (µs; calls per message; µs per call):");
    for (const [name, s] of [...statementsUs].sort((a, b) => b[1].us - a[1].us)) {
      console.log(`  ${name.padEnd(24)} ${(s.us / N).toFixed(1).padStart(7)} ${(s.calls / N).toFixed(2).padStart(6)} ${(s.us / s.calls).toFixed(1).padStart(8)}`);
    }
  }
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
