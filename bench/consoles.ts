/**
 * `npm run bench:consoles`: does a huge conversation or a room full of open consoles slow
 * ingest (issue 16: 20 consoles cut webhooks from 983/s to 16/s)? The real server in its own
 * process (bench/support/ingest-server.ts, 127.0.0.1) gets one conversation of
 * BENCH_HUGE_MESSAGES (100,000) messages seeded straight into its SQLite file (and folded by its
 * storage worker before the load starts), then the same load runs with 0 open consoles, with
 * BENCH_CONSOLES (20: half agent consoles, half dashboards, each reading its SSE stream) and
 * with 0 again (the baseline is the mean of the two 0 runs). Each run: autocannon as fast as
 * it goes (throughput, p99) and a steady open-loop BENCH_RATE (400) msgs/s (p99), BENCH_SECONDS
 * (10) each; 1 message in 20 goes to the huge conversation, the rest to 2,000 others, so the
 * queue the consoles watch grows to thousands of waiting chats. /api/stats is timed every
 * 500 ms throughout. Targets: p99 ≤ 50 ms, throughput ≥ 80 % of the run with none, stats ≤ 500 ms.
 * Each run also prints the server request thread's CPU per accepted message (what the consoles
 * cost, whatever else shares the cores) and the snapshots the consoles got beyond their first
 * (resyncs). BENCH_MAX=0 skips the full-speed phase (profile two versions at one steady rate).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { createInterface } from "node:readline";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { signedBody } from "./support/signed.js";
import { steadyLoad } from "./support/steady-load.js";

const SECRET = randomBytes(16).toString("hex");
const HUGE = Number(process.env.BENCH_HUGE_MESSAGES ?? 100_000);
const CONSOLES = Number(process.env.BENCH_CONSOLES ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 400);
const FULL_SPEED = process.env.BENCH_MAX !== "0";
const AGENTS = Array.from({ length: Math.ceil(CONSOLES / 2) }, (_, i) => `a${i + 1}`);
const TEXTS = ["什么时候发货", "在吗", "可以开发票吗", "能便宜点吗", "我的快递到哪了", "怎么退货"];

let n = 0;
function nextEvent() {
  n++;
  const huge = n % 20 === 0;
  return signedBody(SECRET, {
    id: `load-${n}`,
    platform: huge ? "taobao" : ["kuaishou", "douyin", "taobao"][n % 3],
    conversation: huge ? "huge" : `buyer-${n % 2000}`,
    at: Date.now(),
    from: "buyer",
    text: TEXTS[n % TEXTS.length],
  });
}

/** buyer, buyer, agent reply … in one Taobao conversation, ending a second ago */
function seedHuge(path: string): void {
  const db = new Database(path);
  db.pragma("busy_timeout = 10000");
  const insert = db.prepare("insert into events (shop, platform, msg_id, conversation, at, \"from\", type, agent, text, received_at) values ('default', 'taobao', ?, 'huge', ?, ?, 'message', ?, '在吗', ?)");
  const end = Date.now() - 1000;
  db.transaction(() => {
    for (let i = 0; i < HUGE; i++) {
      const at = end - (HUGE - i) * 100;
      const reply = i % 3 === 2;
      insert.run(`seed-${i}`, at, reply ? "human" : "buyer", reply ? "a1" : null, at);
    }
  })();
  db.close();
}

const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! : NaN);

const SNAPSHOT = new TextEncoder().encode("event: chats\n");
/** occurrences of `needle` in `chunk` (a header split across two chunks is missed: a count, not a parser) */
function occurrences(chunk: Uint8Array, needle: Uint8Array): number {
  const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  let n = 0;
  for (let i = buf.indexOf(needle); i >= 0; i = buf.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Opens `count` SSE readers (agent consoles and dashboards); they read and drop what comes, counting snapshots. */
function openConsoles(url: string, count: number) {
  const abort = new AbortController();
  let bytes = 0;
  let open = 0;
  let snapshots = 0;
  const one = async (i: number) => {
    const agent = AGENTS[i % AGENTS.length]!;
    const [path, token] = i % 2 === 0 ? [`/api/agent/events`, `token-${agent}`] : [`/api/admin/dashboard/events?shop=default`, "bench"];
    try {
      const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
      if (!res.ok || !res.body) throw new Error(`${path}: HTTP ${res.status}`);
      open++;
      const reader = res.body.getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        bytes += r.value.byteLength;
        snapshots += occurrences(r.value, SNAPSHOT);
      }
    } catch (err) {
      if (!abort.signal.aborted) console.error(`console ${i} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const done = Promise.all(Array.from({ length: count }, (_, i) => one(i)));
  return {
    open: () => open,
    bytes: () => bytes,
    /** `chats` snapshots received beyond each console's first one: resyncs after falling behind */
    resyncs: () => snapshots - open,
    async close() {
      abort.abort();
      await done;
    },
  };
}

interface Run {
  consoles: number;
  maxRps: number;
  maxP99: number;
  steadyP99: number;
  steadyRps: number;
  failed: number;
  statsMs: number[];
  sseBytes: number;
  resyncs: number;
  /** CPU of the server's request thread per accepted message: what consoles cost, whatever else shares the cores */
  threadMsPerMsg: number;
}

async function main() {
  console.log(`bench:consoles — a ${HUGE}-message conversation; ${CONSOLES} open consoles vs none; ${SECONDS} s per phase; load average ${loadavg()[0]!.toFixed(2)} on ${cpus().length} cores`);
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=…": profile the server, as bench:ingest does
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "bench/support/ingest-server.ts"], {
    env: { ...process.env, BENCH_SECRET: SECRET, BENCH_AGENT_TOKENS: AGENTS.map((a) => `${a}=token-${a}`).join(",") },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once("line", resolve));
  const { url, db, bareUrl } = JSON.parse(line) as { url: string; db: string; bareUrl: string };
  const threadMs = async () => ((await (await fetch(`${bareUrl}/cpu`)).json()) as { requestThreadMs: number }).requestThreadMs;
  const hook = `${url}/webhooks/generic/default`;
  const stats = async () => {
    const t = performance.now();
    const res = await fetch(`${url}/api/stats?shop=default`, { headers: { authorization: "Bearer bench" } });
    const body = (await res.json()) as { freshness: { eventsNotYetFolded: number } };
    if (!res.ok) throw new Error(`/api/stats: HTTP ${res.status}`);
    return { ms: performance.now() - t, behind: body.freshness.eventsNotYetFolded };
  };
  try {
    let t = performance.now();
    seedHuge(db);
    console.log(`seeded ${HUGE} messages into one conversation in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    let behind = (await stats()).behind;
    while (behind > 0 && performance.now() - t < 180_000) {
      await new Promise((r) => setTimeout(r, 250));
      behind = (await stats()).behind;
    }
    console.log(`the storage worker folded them in ${((performance.now() - t) / 1000).toFixed(1)} s${behind > 0 ? ` (NOT caught up: ${behind} left)` : ""}`);
    const idle: number[] = [];
    for (let i = 0; i < 10; i++) idle.push((await stats()).ms);
    console.log(`/api/stats idle: p50 ${pct(idle, 50).toFixed(1)} ms, max ${Math.max(...idle).toFixed(1)} ms`);

    const runs: Run[] = [];
    for (const consoles of (process.env.BENCH_CONSOLE_RUNS ?? `0,${CONSOLES},0`).split(",").map(Number)) {
      const readers = consoles > 0 ? openConsoles(url, consoles) : undefined;
      if (readers) for (const until = Date.now() + 10_000; readers.open() < consoles && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
      const statsMs: number[] = [];
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          statsMs.push((await stats()).ms);
          await new Promise((r) => setTimeout(r, 500));
        }
      })();
      const cpuBefore = await threadMs();
      // BENCH_MAX=0: the steady phase alone (a CPU profile of both versions at the same rate)
      const max = FULL_SPEED
        ? await autocannon({ url: hook, method: "POST", connections: 32, duration: SECONDS, requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, ...nextEvent() }) }] })
        : { requests: { average: Number.NaN, total: 0 }, latency: { p99: Number.NaN }, non2xx: 0, errors: 0, timeouts: 0 };
      const steady = await steadyLoad({ url: hook, rate: RATE, seconds: SECONDS, next: nextEvent });
      const cpuAfter = await threadMs();
      sampling = false;
      await sampler;
      const sseBytes = readers?.bytes() ?? 0;
      const resyncs = readers?.resyncs() ?? 0;
      if (readers && readers.open() < consoles) console.log(`WARNING: only ${readers.open()} of ${consoles} consoles were open`);
      // why webhooks failed, so a failure can be told from the load's noise (a reset connection) or a bug (HTTP 5xx)
      if (max.non2xx + max.errors + steady.failed > 0) console.log(`failed webhooks: full speed ${max.non2xx} non-2xx, ${max.errors} errors (${max.timeouts} timeouts); steady ${JSON.stringify(steady.failures)}`);
      await readers?.close();
      const run = {
        consoles,
        maxRps: max.requests.average,
        maxP99: max.latency.p99,
        steadyP99: steady.p99,
        steadyRps: steady.rps,
        failed: max.non2xx + max.errors + steady.failed,
        statsMs,
        sseBytes,
        resyncs,
        threadMsPerMsg: (cpuAfter - cpuBefore) / (max.requests.total - max.non2xx + steady.ok),
      };
      runs.push(run);
      console.log(
        `${String(consoles).padStart(2)} consoles: max ${run.maxRps.toFixed(0)} msgs/s p99 ${run.maxP99.toFixed(1)} ms · steady ${RATE}/s p99 ${run.steadyP99.toFixed(1)} ms · /api/stats p50 ${pct(statsMs, 50).toFixed(1)} / p99 ${pct(statsMs, 99).toFixed(1)} / max ${Math.max(...statsMs).toFixed(1)} ms · SSE ${(sseBytes / 1024 / 1024).toFixed(1)} MB, ${resyncs} resyncs · request thread ${run.threadMsPerMsg.toFixed(3)} ms CPU/msg · ${run.failed} failed · load ${loadavg()[0]!.toFixed(2)}`,
      );
    }
    const none = runs.filter((r) => r.consoles === 0);
    const some = runs.find((r) => r.consoles > 0)!;
    const baseRps = none.reduce((s, r) => s + r.maxRps, 0) / none.length;
    const baseThread = none.reduce((s, r) => s + r.threadMsPerMsg, 0) / none.length;
    const statsWorst = Math.max(...runs.flatMap((r) => r.statsMs));
    const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
    console.log(
      `\nwith ${CONSOLES} consoles: throughput ${((some.maxRps / baseRps) * 100).toFixed(0)} % of none (${some.maxRps.toFixed(0)} vs ${baseRps.toFixed(0)} msgs/s, mean of the two runs without) → ≥ 80 % ${verdict(some.maxRps >= 0.8 * baseRps)}`,
    );
    console.log(
      `webhook p99 with consoles: ${some.steadyP99.toFixed(1)} ms at a steady ${RATE}/s → ≤ 50 ms ${verdict(some.steadyP99 <= 50)}; ${some.maxP99.toFixed(1)} ms at full speed (32 connections: queueing) → ${verdict(some.maxP99 <= 50)}`,
    );
    console.log(
      `request thread CPU per message: ${some.threadMsPerMsg.toFixed(3)} ms with ${CONSOLES} consoles vs ${baseThread.toFixed(3)} ms without → consoles cost ${((some.threadMsPerMsg / baseThread - 1) * 100).toFixed(0)} % more per message (load-independent: ≥ 80 % throughput needs ≤ +25 %)`,
    );
    console.log(`/api/stats: worst ${statsWorst.toFixed(1)} ms over all runs → ≤ 500 ms ${verdict(statsWorst <= 500)} (load average now ${loadavg()[0]!.toFixed(2)})`);
    if (runs.some((r) => r.failed > 0)) console.log("WARNING: some webhooks failed; the figures are not valid");
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}

void main();
