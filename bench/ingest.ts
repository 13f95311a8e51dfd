/**
 * `npm run bench:ingest`: autocannon against the running server's signed generic webhook
 * (durable write + decision + queue per message), beside a bare Hono route in the same run.
 * Phase 1: as fast as it goes (msgs/s, p99). Phase 2: autocannon's `overallRate` 1,000/s.
 * Phase 3: a steady open-loop 1,000 msgs/s (support/steady-load.ts: autocannon's rate mode
 * sends each second's budget as a burst and records an L ms response L times).
 * Targets (issue 2): ≥ 3,000 msgs/s; p99 ≤ 20 ms at 1,000 msgs/s, on a 2-core machine.
 * BENCH_FAQ=unionpay (or samsung): a large FAQ set that runs the learned ranker (see below).
 * Durability (issue 16): the server runs with SQLite `synchronous = FULL` (the default: an fsync
 * per commit), then again with NORMAL for the webhook phases (BENCH_SYNC=FULL or NORMAL runs one;
 * BENCH_SYNC=FULL,NORMAL,FULL,NORMAL alternates them and compares medians).
 * The WAL's size is sampled every 250 ms throughout: its largest and its last size are printed.
 * DURATION_S=180 RATE=1000: a sustained load instead (see sustained()).
 * BENCH_FTS=compare: the webhook phases (FULL) on a server with the search index's FTS5 triggers
 * and on one without (BENCH_NO_FTS: dropped from the bench's own database), alternated
 * BENCH_FTS_ROUNDS (2) times, and what the triggers cost per message (see ftsCompare()).
 */
import { spawn } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { loadavg as osLoadavg } from "node:os";
import { createInterface } from "node:readline";
import autocannon from "autocannon";
import { evalQueries, evalSetExists } from "./support/eval-faq.js";
import { measureStoreCost } from "./support/fts-store.js";
import { steadyLoad } from "./support/steady-load.js";

const SECRET = randomBytes(16).toString("hex");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
// BENCH_FAQ=unionpay|samsung: the server runs that evaluation set as its FAQ (the learned
// ranker on every buyer message) and the set's dev queries are sent; default: the demo FAQ.
const FAQ_SET = process.env.BENCH_FAQ;
if (FAQ_SET && !evalSetExists(FAQ_SET)) {
  console.error(`bench:ingest: BENCH_FAQ=${FAQ_SET}: no ../shared/data/faq-eval/${FAQ_SET}/{faq,dev}.tsv`);
  process.exit(2);
}
const TEXTS = FAQ_SET ? await evalQueries(FAQ_SET) : ["什么时候发货", "在吗", "可以开发票吗", "能便宜点吗", "我的快递到哪了", "怎么退货", "尺码怎么选", "有运费险吗", "这个质量怎么样", "我要改地址"];
const PLATFORMS = ["kuaishou", "douyin", "taobao"];

let n = 0;
function signedEvent(): { body: string; headers: Record<string, string> } {
  n++;
  const body = JSON.stringify({
    id: `bench-${process.pid}-${n}`,
    platform: PLATFORMS[n % 3],
    conversation: `buyer-${n % 2000}`,
    at: Date.now(),
    from: "buyer",
    text: TEXTS[n % TEXTS.length],
  });
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac("sha256", SECRET).update(`${t}.${body}`).digest("hex");
  return { body, headers: { "content-type": "application/json", "x-signature": `t=${t},v1=${v1}` } };
}

interface Figures {
  total: number;
  cpuMsPerMsg: number;
  /** busy time of the server's request thread (its event loop) per message */
  threadMsPerMsg: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

let cpuUrl = "";
const serverCpu = async () => (await (await fetch(cpuUrl)).json()) as { ms: number; requestThreadMs: number };

/** The server's CPU per message around one load phase. */
async function measured(load: () => Promise<Omit<Figures, "cpuMsPerMsg" | "threadMsPerMsg">>): Promise<Figures> {
  const before = await serverCpu();
  const f = await load();
  const after = await serverCpu();
  const per = (ms: number) => ms / Math.max(1, f.total);
  return { ...f, cpuMsPerMsg: per(after.ms - before.ms), threadMsPerMsg: per(after.requestThreadMs - before.requestThreadMs) };
}

const run = (url: string, rate?: number) => measured(() => autocannonPhase(url, rate));
const steady = (url: string, rate: number, seconds = SECONDS, maxInFlight?: number) =>
  measured(async () => {
    const f = await steadyLoad({ url, rate, seconds, next: signedEvent, maxInFlight });
    if (f.skipped) console.log(`  the server fell behind: ${f.skipped} of ${f.sent + f.skipped} due requests skipped (more than ${maxInFlight} unanswered)`);
    if (f.failed)
      console.log(
        `  failed: ${Object.entries(f.failures)
          .map(([why, count]) => `${count} × ${why}`)
          .join(", ")}`,
      );
    return { total: f.ok + f.failed, rps: f.rps, p50: f.p50, p99: f.p99, errors: 0, non2xx: f.failed };
  });

async function autocannonPhase(url: string, rate?: number): Promise<Omit<Figures, "cpuMsPerMsg" | "threadMsPerMsg">> {
  const result = await autocannon({
    url,
    method: "POST",
    connections: rate ? 20 : 32,
    duration: SECONDS,
    ...(rate ? { overallRate: rate } : {}),
    requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, ...signedEvent() }) }],
  });
  return { total: result.requests.total, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}

/** Samples the server's WAL size while the phases run. */
interface WalSample {
  bytes: number;
  dbBytes: number;
  rss: number;
  heapUsed: number;
  stored: number;
}

/** Samples the server's WAL (and database file and memory) every 250 ms; `onSample` sees each. */
function walSampler(walUrl: string, onSample?: (s: WalSample) => void) {
  let max = 0;
  let last = 0;
  let maxRss = 0;
  const timer = setInterval(() => {
    void fetch(walUrl)
      .then((r) => r.json() as Promise<WalSample>)
      .then((s) => {
        last = s.bytes;
        max = Math.max(max, s.bytes);
        maxRss = Math.max(maxRss, s.rss);
        onSample?.(s);
      })
      .catch(() => undefined);
  }, 250);
  return {
    async stop() {
      clearInterval(timer);
      last = ((await (await fetch(walUrl)).json()) as WalSample).bytes;
      return { max, last, maxRss };
    },
  };
}

const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const row = (name: string, f: Figures) =>
  `${name.padEnd(40)} ${f.rps.toFixed(0).padStart(8)} ${f.p50.toFixed(1).padStart(8)} ${f.p99.toFixed(1).padStart(8)} ${f.cpuMsPerMsg.toFixed(3).padStart(12)} ${f.threadMsPerMsg.toFixed(3).padStart(15)} ${String(f.errors + f.non2xx).padStart(7)}`;
const header = () => console.log(`${"".padEnd(40)} ${"msgs/s".padStart(8)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"cpu ms/msg".padStart(12)} ${"thread ms/msg".padStart(15)} ${"errors".padStart(7)}`);
const loadNow = () => `load ${osLoadavg()[0]!.toFixed(2)}`;
const loadavg = async () => `load average now: ${(await import("node:os")).loadavg()[0]!.toFixed(2)} on ${(await import("node:os")).cpus().length} cores`;

/** One server process with SQLite `synchronous = mode`; `full` runs every phase, else only the webhook's max and steady phases. */
async function runServer(mode: string, full: boolean, env: Record<string, string> = {}): Promise<{ max: Figures; steady: Figures }> {
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "bench/support/ingest-server.ts"], {
    env: { ...process.env, BENCH_SECRET: SECRET, SQLITE_SYNCHRONOUS: mode, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once("line", resolve));
  const { url, bareUrl } = JSON.parse(line) as { url: string; bareUrl: string };
  cpuUrl = `${bareUrl}/cpu`;
  const wal = walSampler(`${bareUrl}/wal`);
  const hook = `${url}/webhooks/generic/default`;
  try {
    console.log(`\nsynchronous = ${mode}`);
    header();
    if (!full) {
      const ingestMax = await run(hook);
      console.log(row("signed webhook + store + decide, max", ingestMax));
      const ingestSteady = await steady(hook, 1000);
      console.log(row("signed webhook …, steady 1000/s", ingestSteady));
      const w = await wal.stop();
      console.log(`WAL: largest ${MB(w.max)} during the phases, ${MB(w.last)} at the end (${await loadavg()})`);
      return { max: ingestMax, steady: ingestSteady };
    }
    const bareMax = await run(`${bareUrl}/bare`);
    const ingestMax = await run(hook);
    const bareFixed = await run(`${bareUrl}/bare`, 1000);
    const ingestFixed = await run(hook, 1000);
    const bareSteady = await steady(`${bareUrl}/bare`, 1000);
    const ingestSteady = await steady(hook, 1000);
    console.log(row("bare Hono route, max", bareMax));
    console.log(row("signed webhook + store + decide, max", ingestMax));
    console.log(row("bare Hono route, autocannon 1000/s", bareFixed));
    console.log(row("signed webhook …, autocannon 1000/s", ingestFixed));
    console.log(row("bare Hono route, steady 1000/s", bareSteady));
    console.log(row("signed webhook …, steady 1000/s", ingestSteady));
    const w = await wal.stop();
    console.log(`\ningest/bare throughput ratio: ${(ingestMax.rps / bareMax.rps).toFixed(2)}; server CPU per message: ${ingestMax.cpuMsPerMsg.toFixed(3)} ms vs ${bareMax.cpuMsPerMsg.toFixed(3)} ms bare`);
    console.log(`request thread busy per message: ${ingestMax.threadMsPerMsg.toFixed(3)} ms vs ${bareMax.threadMsPerMsg.toFixed(3)} ms bare (the storage worker's folding runs beside it)`);
    console.log(`the request thread's ceiling: ${(1000 / ingestMax.threadMsPerMsg).toFixed(0)} msgs/s (${await loadavg()})`);
    console.log(`WAL: largest ${MB(w.max)} during the phases, ${MB(w.last)} at the end`);
    const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
    console.log(
      `targets: ≥ 3000 msgs/s → ${verdict(ingestMax.rps >= 3000)}; p99 ≤ 20 ms at a steady 1000/s → ${verdict(ingestSteady.p99 <= 20)} (autocannon's bursts of 1000: ${verdict(ingestFixed.p99 <= 20)}); WAL ≤ 64 MB → ${verdict(w.max <= 64 * 1024 * 1024)}`,
    );
    if (ingestMax.non2xx + ingestFixed.non2xx + ingestSteady.non2xx > 0) console.log("WARNING: the webhook answered non-2xx; the figures are not valid");
    return { max: ingestMax, steady: ingestSteady };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}

/**
 * DURATION_S set: one sustained phase instead (issue 16: WAL ≤ 64 MB during and after a
 * 10-minute load at 1,000 msgs/s): a steady open-loop RATE (1000) msgs/s for DURATION_S
 * seconds against a FULL server, the WAL sampled every 250 ms, then 10 s of quiet; prints the
 * largest WAL during the load and its size after.
 */
async function sustained(seconds: number, rate: number): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/support/ingest-server.ts"], { env: { ...process.env, BENCH_SECRET: SECRET, SQLITE_SYNCHRONOUS: "FULL" }, stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once("line", resolve));
  const { url, bareUrl } = JSON.parse(line) as { url: string; bareUrl: string };
  cpuUrl = `${bareUrl}/cpu`;
  try {
    console.log(`bench:ingest sustained — a steady ${rate} msgs/s for ${seconds} s (synchronous = FULL), WAL sampled every 250 ms; ${await loadavg()}`);
    // a line a minute: the WAL, the database, the server's memory, what it has stored so far
    let latest: WalSample | undefined;
    let minuteMax = 0;
    const started = performance.now();
    const wal = walSampler(`${bareUrl}/wal`, (s) => {
      latest = s;
      minuteMax = Math.max(minuteMax, s.bytes);
    });
    const progress = setInterval(() => {
      if (!latest) return;
      const t = ((performance.now() - started) / 1000).toFixed(0);
      console.log(
        `  ${t.padStart(4)} s: WAL ${MB(latest.bytes)} (largest this minute ${MB(minuteMax)}), database ${MB(latest.dbBytes)}, server RSS ${MB(latest.rss)}, heap ${MB(latest.heapUsed)}; ${n} sent, ${latest.stored} events stored; ${loadNow()}`,
      );
      minuteMax = 0;
    }, 60_000);
    // at most a second's worth unanswered: a server slower than `rate` is run at its own speed
    // for `seconds`, not left to drain a backlog for minutes after
    const f = await steady(`${url}/webhooks/generic/default`, rate, seconds, rate).finally(() => clearInterval(progress));
    const during = await wal.stop();
    await new Promise((r) => setTimeout(r, 10_000));
    const after = (await (await fetch(`${bareUrl}/wal`)).json()) as WalSample;
    header();
    console.log(row(`signed webhook …, steady ${rate}/s × ${seconds} s`, f));
    console.log(
      `WAL: largest ${MB(during.max)} during the load, ${MB(during.last)} at its end, ${MB(after.bytes)} 10 s after (target ≤ 64 MB → ${Math.max(during.max, after.bytes) <= 64 * 1024 * 1024 ? "met" : "NOT met"}); database ${MB(after.dbBytes)}`,
    );
    console.log(`server memory: RSS largest ${MB(during.maxRss)}, ${MB(after.rss)} 10 s after (heap ${MB(after.heapUsed)}); ${await loadavg()}`);
    if (f.non2xx > 0) console.log(`WARNING: ${f.non2xx} webhooks failed`);
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * BENCH_FTS=compare: what the FTS5 index of message texts (db/0003_message_search.sql: a trigger
 * per stored message writes its trigrams) costs the intake. The same webhook phases against a
 * server with the triggers and one without, alternated so that a change of the machine's load
 * hits both alike; each round prints both rows, then the medians and the difference.
 */
async function ftsCompare(rounds: number): Promise<void> {
  console.log(`bench:ingest BENCH_FTS=compare — ${SECONDS}s per phase, synchronous = FULL, ${rounds} rounds of: with the FTS5 triggers, without (${await loadavg()})`);
  const store = measureStoreCost();
  console.log(
    `store only (no HTTP; ${store.messages} buyer messages into each database, transactions of 100, CPU time): ${store.withFts.toFixed(1)} µs vs ${store.withoutFts.toFixed(1)} µs per message with vs without the triggers (+${(store.withFts - store.withoutFts).toFixed(1)} µs, ${await loadavg()})`,
  );
  const runs: Record<"with" | "without", { max: Figures; steady: Figures }[]> = { with: [], without: [] };
  for (let r = 0; r < rounds; r++) {
    for (const variant of ["with", "without"] as const) {
      console.log(`\nround ${r + 1}: ${variant} the FTS5 triggers`);
      runs[variant].push(await runServer("FULL", false, variant === "without" ? { BENCH_NO_FTS: "1" } : {}));
    }
  }
  const fig = (v: "with" | "without") => ({
    rps: median(runs[v].map((x) => x.max.rps)),
    thread: median(runs[v].map((x) => x.max.threadMsPerMsg)),
    cpu: median(runs[v].map((x) => x.max.cpuMsPerMsg)),
    p99: median(runs[v].map((x) => x.steady.p99)),
  });
  const w = fig("with"),
    wo = fig("without");
  console.log(`\nmedians over ${rounds} rounds, with vs without the FTS5 triggers:`);
  console.log(`  full speed: ${w.rps.toFixed(0)} vs ${wo.rps.toFixed(0)} msgs/s (${((w.rps / wo.rps - 1) * 100).toFixed(1)} %)`);
  console.log(
    `  request thread per message: ${w.thread.toFixed(3)} vs ${wo.thread.toFixed(3)} ms (${w.thread >= wo.thread ? "+" : ""}${(w.thread - wo.thread).toFixed(3)} ms); server CPU per message: ${w.cpu.toFixed(3)} vs ${wo.cpu.toFixed(3)} ms`,
  );
  console.log(`  p99 at a steady 1000/s: ${w.p99.toFixed(1)} vs ${wo.p99.toFixed(1)} ms (${await loadavg()})`);
}

async function main() {
  if (process.env.DURATION_S) return sustained(Number(process.env.DURATION_S), Number(process.env.RATE ?? 1000));
  if (process.env.BENCH_FTS === "compare") return ftsCompare(Number(process.env.BENCH_FTS_ROUNDS ?? 2));
  const modes = (process.env.BENCH_SYNC ?? "FULL,NORMAL").split(",").map((m) => m.trim().toUpperCase());
  console.log(`bench:ingest — ${SECONDS}s per phase, one event per request, server in its own process`);
  console.log(`FAQ: ${FAQ_SET ? `evaluation set ${FAQ_SET} (learned ranker), its dev queries as buyer texts` : "demo FAQ (BM25 alone)"}`);
  // BENCH_SYNC=FULL,NORMAL,FULL,NORMAL alternates the modes (a change of the machine's load then
  // hits both alike) and the comparison is of medians
  const results = new Map<string, { max: Figures; steady: Figures }[]>();
  for (const [i, mode] of modes.entries()) results.set(mode, [...(results.get(mode) ?? []), await runServer(mode, i === 0)]);
  const full = results.get("FULL");
  const normal = results.get("NORMAL");
  if (full && normal) {
    const fig = (runs: { max: Figures; steady: Figures }[]) => ({
      rps: median(runs.map((r) => r.max.rps)),
      thread: median(runs.map((r) => r.max.threadMsPerMsg)),
      p99: median(runs.map((r) => r.steady.p99)),
      each: runs.map((r) => r.max.rps.toFixed(0)).join(", "),
    });
    const f = fig(full);
    const nm = fig(normal);
    const of = full.length > 1 || normal.length > 1 ? ` (medians of ${full.length} and ${normal.length} runs: ${f.each} vs ${nm.each})` : "";
    console.log(
      `\nFULL vs NORMAL: ${f.rps.toFixed(0)} vs ${nm.rps.toFixed(0)} msgs/s at full speed (${((f.rps / nm.rps - 1) * 100).toFixed(1)} %)${of}; request thread ${f.thread.toFixed(3)} vs ${nm.thread.toFixed(3)} ms per message; steady-1000/s p99 ${f.p99.toFixed(1)} vs ${nm.p99.toFixed(1)} ms (${await loadavg()})`,
    );
  }
}

void main();
