/**
 * `npm run bench:worker`: the ingest benchmark against the Workers build under `wrangler dev`
 * (workerd; the shop's Durable Object with its SQLite storage), beside the Node server, in the
 * same run and with the same config:
 *   1. throughput: autocannon, as fast as it goes, each request a signed generic webhook
 *      with a unique event id (signed like signGenericBody, checked against it first), and the
 *      CPU time each server's processes spent per request (from /proc: Node's process; wrangler
 *      dev's whole process group, workerd included);
 *   2. latency at a fixed rate (BENCH_RATE, default 200 msgs/s): p50 and p99;
 *   3. deadline timing: Douyin chats whose escalation falls due a few seconds ahead, the
 *      escalation POSTed to a local group-robot receiver; how late each notice arrives
 *      after deadline − lead. Node sweeps every second in-process; the Worker uses the
 *      shop's Durable Object alarm (the per-minute cron is only the safety net).
 * Everything listens on 127.0.0.1; both servers run as child processes and are stopped at the end.
 *
 *   BENCH_SECONDS=10 BENCH_RATE=200 npm run bench:worker
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import autocannon from "autocannon";
import { signGenericBody } from "../src/core/generic-signature.js";
import { RULE_IDS } from "../src/core/rules/presets.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const TIMING_SAMPLES = Number(process.env.BENCH_TIMING_SAMPLES ?? 5);
const TEXTS = ["什么时候发货", "在吗", "可以开发票吗", "能便宜点吗", "我的快递到哪了", "怎么退货", "尺码怎么选", "有运费险吗", "这个质量怎么样", "我要改地址"];
const PLATFORMS = ["kuaishou", "douyin", "taobao"];

/** The one config both runtimes get: a config file's JSON; secrets from the environment. Every rule window is all day, so deadlines run at any hour. */
function benchConfig(): string {
  const rules = Object.fromEntries(RULE_IDS.map((id) => [id, { window: { start: "00:00", end: "24:00" } }]));
  return JSON.stringify({
    shops: [
      {
        id: "default",
        name: "bench",
        genericWebhookSecret: { env: "GENERIC_WEBHOOK_SECRET" },
        adminTokens: [{ token: { env: "ADMIN_TOKEN" } }],
        escalation: { leadSeconds: 60, targets: [{ kind: "generic", url: { env: "ESCALATION_URL" } }] },
        rules,
      },
    ],
  });
}

// ---- child mode: the Node server ----------------------------------------------------------

async function nodeServerChild(): Promise<void> {
  const { configFromFile } = await import("../src/config/load.js");
  const { startNodeServer } = await import("../src/node/server.js");
  const { silentLogger } = await import("../src/services/context.js");
  const config = await configFromFile(process.env.FR_CONFIG!, "FR_CONFIG", process.env);
  const server = await startNodeServer(config, { port: 0, host: "127.0.0.1", log: silentLogger, taobaoTmc: false, watchFaq: false });
  console.log(JSON.stringify({ url: `http://127.0.0.1:${server.port}` }));
  process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
}

// ---- parent mode ---------------------------------------------------------------------------

interface Figures {
  /** CPU ms per request of the server's processes during the phase */
  cpuMs?: number;
  rps: number;
  p50: number;
  p99: number;
  total: number;
  bad: number;
}

/**
 * One signed webhook request, a unique event id each. autocannon's setupRequest is
 * synchronous, so the HMAC is computed with node:crypto; main() first checks that it equals
 * the app's own signGenericBody on a sample, so both sides sign the same way.
 */
let seq = 0;
function signedRequest(secret: string, tag: string): { body: string; headers: Record<string, string> } {
  const i = seq++;
  const body = JSON.stringify({ id: `bench-${tag}-${process.pid}-${i}`, platform: PLATFORMS[i % 3], conversation: `buyer-${i % 2000}`, at: Date.now(), from: "buyer", text: TEXTS[i % TEXTS.length] });
  const t = Math.floor(Date.now() / 1000);
  return { body, headers: { "content-type": "application/json", "x-signature": `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}` } };
}

async function checkSigning(secret: string): Promise<void> {
  const body = '{"probe":1}';
  const t = Math.floor(Date.now() / 1000);
  const ours = await signGenericBody(secret, body, t);
  const bench = `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;
  if (ours !== bench) throw new Error(`bench signing differs from signGenericBody: ${bench} vs ${ours}`);
}

async function load(url: string, secret: string, tag: string, rate?: number): Promise<Figures> {
  const result = await autocannon({
    url: `${url}/webhooks/generic/default`,
    method: "POST",
    connections: rate ? 10 : 32,
    duration: SECONDS,
    ...(rate ? { overallRate: rate } : {}),
    requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, ...signedRequest(secret, tag) }) }],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total, bad: result.errors + result.non2xx + result.timeouts };
}

const TICK_MS = 1000 / Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim() || 100);

/** CPU ms (user + system) of the processes whose process group is `pgid`, or of the one process `pid`. */
function cpuMsOf(select: { pid: number } | { pgid: number }): number {
  let ticks = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    if ("pid" in select && Number(entry) !== select.pid) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // fields after the command name (which may hold spaces): state ppid pgrp … utime(14) stime(15)
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if ("pgid" in select && Number(f[2]) !== select.pgid) continue;
    ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks * TICK_MS;
}

/** A load phase with the CPU its server spent per request. */
async function loadWithCpu(cpu: () => number, url: string, secret: string, tag: string, rate?: number): Promise<Figures> {
  const before = cpu();
  const f = await load(url, secret, tag, rate);
  return { ...f, cpuMs: (cpu() - before) / Math.max(1, f.total) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url: string, ms: number, child: ChildProcess): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become healthy in ${ms} ms`);
}

/** A local group robot: records when each escalation notice arrives, by conversation. */
function startRobot(): Promise<{ url: string; arrivals: Map<string, number>; server: Server }> {
  const arrivals = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = Date.now();
      const text = Buffer.concat(chunks).toString("utf8");
      const m = /timing-[a-z]+-\d+/.exec(text);
      if (m && !arrivals.has(m[0])) arrivals.set(m[0], at);
      res.writeHead(200, { "content-type": "application/json" }).end('{"errcode":0}');
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/robot`, arrivals, server })));
}

/** Posts Douyin chats due (deadline − lead) 3 s, 3.5 s, … ahead and measures how late each notice reaches the robot. */
async function deadlineTiming(url: string, secret: string, robot: { arrivals: Map<string, number> }, tag: string): Promise<number[]> {
  const due: [string, number][] = [];
  const base = Date.now() + 3000;
  for (let i = 0; i < TIMING_SAMPLES; i++) {
    const conversation = `timing-${tag}-${i}`;
    const dueAt = base + i * 500;
    // Douyin: deadline = message time + 180 s; escalation at deadline − 60 s
    const body = JSON.stringify({ id: `${conversation}-m`, platform: "douyin", conversation, at: dueAt + 60_000 - 180_000, from: "buyer", text: "我要找你们老板" });
    const res = await fetch(`${url}/webhooks/generic/default`, { method: "POST", body, headers: { "content-type": "application/json", "x-signature": await signGenericBody(secret, body, Math.floor(Date.now() / 1000)) } });
    if (!res.ok) throw new Error(`timing post: ${res.status} ${await res.text()}`);
    due.push([conversation, dueAt]);
  }
  const until = base + TIMING_SAMPLES * 500 + 15_000;
  while (Date.now() < until && due.some(([c]) => !robot.arrivals.has(c))) await new Promise((r) => setTimeout(r, 20));
  return due.map(([c, at]) => (robot.arrivals.has(c) ? robot.arrivals.get(c)! - at : Number.NaN));
}

const fmt = (xs: number[]) => {
  const ok = xs.filter((x) => Number.isFinite(x));
  if (ok.length === 0) return "no notice arrived";
  const missing = xs.length - ok.length;
  return `min ${Math.min(...ok)} ms, max ${Math.max(...ok)} ms, mean ${(ok.reduce((a, b) => a + b, 0) / ok.length).toFixed(0)} ms${missing ? `, ${missing} missing` : ""}`;
};

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), "fr-bench-worker-"));
  const secret = randomBytes(16).toString("hex");
  const adminToken = randomBytes(16).toString("hex");
  const robot = await startRobot();
  const env = { GENERIC_WEBHOOK_SECRET: secret, ADMIN_TOKEN: adminToken, ESCALATION_URL: robot.url, FR_CONFIG: benchConfig() };
  const children: ChildProcess[] = [];
  const wranglerEnv = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" };
  try {
    // Node: the same server `npm start` runs, on a fresh SQLite file
    const nodeChild = spawn(process.execPath, ["--import", "tsx", "bench/worker.ts", "--node-server"], {
      env: { ...process.env, ...env, DATABASE_URL: join(tmp, "node.db") },
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(nodeChild);
    const { url: nodeUrl } = JSON.parse(await new Promise<string>((r) => createInterface({ input: nodeChild.stdout! }).once("line", r))) as { url: string };

    // Workers: wrangler dev (workerd from npm); the shop's object migrates its storage on first use
    const persist = join(tmp, "wrangler");
    const envFile = join(tmp, "worker.env");
    // dotenv: single quotes keep the JSON of FR_CONFIG literal
    writeFileSync(
      envFile,
      Object.entries(env)
        .map(([k, v]) => `${k}='${v}'`)
        .join("\n") + "\n",
    );
    const port = await freePort();
    const wrangler = spawn(
      "npx",
      ["wrangler", "dev", "--local", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", persist, "--env-file", envFile, "--show-interactive-dev-session=false", "--log-level", "error", "--inspector-port", String(await freePort())],
      { env: wranglerEnv, stdio: ["ignore", "ignore", "inherit"], detached: true },
    );
    children.push(wrangler);
    const workerUrl = `http://127.0.0.1:${port}`;
    await waitHealthy(workerUrl, 120_000, wrangler);
    await waitHealthy(nodeUrl, 30_000, nodeChild);

    console.log(`bench:worker — ${SECONDS}s per phase, one signed event per request, both servers in their own processes on this machine\n`);
    // a short warm-up of each, so neither pays first-request costs inside a phase
    await checkSigning(secret);
    for (const u of [nodeUrl, workerUrl]) {
      for (let i = 0; i < 20; i++) {
        const res = await fetch(`${u}/webhooks/generic/default`, { method: "POST", ...signedRequest(secret, "warm") });
        if (!res.ok) throw new Error(`warm-up against ${u}: ${res.status} ${await res.text()}`);
      }
    }
    const nodeCpu = () => cpuMsOf({ pid: nodeChild.pid! });
    const workerCpu = () => cpuMsOf({ pgid: wrangler.pid! });
    const loadBefore = loadavg();
    const nodeMax = await loadWithCpu(nodeCpu, nodeUrl, secret, "node-max");
    const workerMax = await loadWithCpu(workerCpu, workerUrl, secret, "worker-max");
    const nodeFixed = await loadWithCpu(nodeCpu, nodeUrl, secret, "node-fixed", RATE);
    const workerFixed = await loadWithCpu(workerCpu, workerUrl, secret, "worker-fixed", RATE);
    const nodeTiming = await deadlineTiming(nodeUrl, secret, robot, "node");
    const workerTiming = await deadlineTiming(workerUrl, secret, robot, "worker");

    const row = (name: string, f: Figures) =>
      `${name.padEnd(44)} ${f.rps.toFixed(0).padStart(8)} ${f.p50.toFixed(1).padStart(8)} ${f.p99.toFixed(1).padStart(8)} ${(f.cpuMs ?? Number.NaN).toFixed(2).padStart(10)} ${String(f.bad).padStart(7)}`;
    console.log(`${"".padEnd(44)} ${"msgs/s".padStart(8)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"CPU ms/req".padStart(10)} ${"errors".padStart(7)}`);
    console.log(row("Node (better-sqlite3), max", nodeMax));
    console.log(row("Workers (wrangler dev, shop object), max", workerMax));
    console.log(row(`Node (better-sqlite3), ${RATE}/s`, nodeFixed));
    console.log(row(`Workers (wrangler dev, shop object), ${RATE}/s`, workerFixed));
    const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(" ");
    console.log(`load average before ${la(loadBefore)}, after ${la(loadavg())}; CPU: Node = its process, Workers = wrangler dev's process group (wrangler + workerd)`);
    console.log(`\nescalation notice after deadline − lead (${TIMING_SAMPLES} chats each, arrival at a local group robot):`);
    console.log(`  Node, 1 s in-process sweep:           ${fmt(nodeTiming)}`);
    console.log(`  Workers, per-shop Durable Object alarm: ${fmt(workerTiming)}`);
    console.log(`  Workers, cron sweep only (no alarm):  0 … 60,000 ms by construction (fires on the minute), mean 30,000 ms`);
    console.log(`\nwrangler dev runs workerd and the objects' SQLite on this 2-core machine: a local figure, not Cloudflare's edge.`);
    if (nodeMax.bad + workerMax.bad + nodeFixed.bad + workerFixed.bad > 0) console.log("WARNING: some requests failed or answered non-2xx; those figures are not valid");
  } finally {
    for (const c of children.reverse()) {
      if (c.exitCode !== null) continue;
      try {
        // wrangler dev spawns workerd: end its whole process group (we started it detached)
        if (c.spawnargs.includes("dev") && c.pid) process.kill(-c.pid, "SIGTERM");
        else c.kill("SIGTERM");
      } catch {
        // already gone
      }
    }
    robot.server.close();
    await new Promise((r) => setTimeout(r, 500));
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv.includes("--node-server")) void nodeServerChild();
else
  main().catch((err) => {
    console.error(err instanceof Error ? err.stack : String(err));
    process.exit(1);
  });
