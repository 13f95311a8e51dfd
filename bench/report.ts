/**
 * `npm run bench:report`: generate 1,000,000 events (into a temp dir, never the repo), run
 * the real `report` CLI on them in a child process, and print its wall time and peak RSS
 * beside a baseline measured in the same run: a child that only reads the same file line by
 * line and JSON.parses each line. The ratio is what to compare across noisy machines.
 * Targets (issue 3): ≤ 10 s and ≤ 300 MB.
 */
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
// the simulator's seeded PRNG (mulberry32): the same file every run
import { rng } from "../src/simulator/traffic.js";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const TARGET_SECONDS = 10;
const TARGET_MB = 300;

const PLATFORMS = ["taobao", "douyin", "kuaishou"] as const;
const BOTS = [
  ["dianxiaomi", "assist"],
  ["autoreply", "auto"],
  ["firstresponder", "auto"],
  ["leyan", "assist"],
] as const;
const FIRST_DAY_MS = Date.parse("2026-01-01T00:00:00+08:00");
const iso = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace("Z", "+08:00");

async function generate(path: string): Promise<void> {
  const rand = rng(20260107);
  const out = createWriteStream(path);
  let written = 0;
  let buf: string[] = [];
  const flush = async () => {
    if (!out.write(buf.join(""))) await new Promise<void>((r) => out.once("drain", () => r()));
    buf = [];
  };
  let session = 0;
  while (written < EVENTS) {
    // One conversation-day: a buyer asks a few times, the shop answers (or not), sometimes late.
    const platform = PLATFORMS[session % 3]!;
    const shop = `${platform}-shop-${Math.floor(rand() * 10)}`;
    const conversation = `buyer-${Math.floor(rand() * 200_000)}`;
    const day = Math.floor(rand() * 30);
    let t = FIRST_DAY_MS + day * 86_400_000 + Math.floor((7 + rand() * 16.5) * 3600_000);
    const agent = `agent-${Math.floor(rand() * 8)}`;
    const n = 2 + Math.floor(rand() * 14);
    for (let k = 0; k < n && written < EVENTS; k++) {
      const r = rand();
      // Built as text: JSON.stringify of a million spread objects made generation the slow part.
      const head = `{"id":"m${written}","platform":"${platform}","shop":"${shop}","conversation":"${conversation}","at":"${iso(t)}"`;
      let tail: string;
      if (k === 0 && platform === "kuaishou" && rand() < 0.5) tail = `,"from":"system","type":"assigned","agent":"${agent}"}`;
      else if (r < 0.5) tail = `,"from":"buyer","text":"请问这个什么时候发货"${platform === "taobao" ? `,"agent":"${agent}"` : ""}}`;
      else if (r < 0.8) tail = `,"from":"human","agent":"${agent}","text":"亲，48小时内发货"}`;
      else if (r < 0.97) {
        const [bot, mode] = BOTS[Math.floor(rand() * BOTS.length)]!;
        tail = `,"from":"bot","bot":"${bot}","mode":"${mode}","text":"您好，请问有什么可以帮您"}`;
      } else tail = `,"from":"system","text":"订单已付款"}`;
      buf.push(`${head}${tail}\n`);
      written++;
      t += Math.floor(rand() * (rand() < 0.8 ? 120_000 : 900_000));
    }
    session++;
    if (buf.length >= 10_000) await flush();
  }
  // a few malformed lines: they must be listed and skipped, never fatal
  buf.push("not json\n", '{"id":"x","platform":"nope"}\n');
  await flush();
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

interface Run {
  seconds: number;
  /** user + system CPU of the child: steadier than wall time on a shared machine */
  cpuSeconds: number;
  maxRssMb: number;
  stdoutBytes: number;
  code: number | null;
  stderr: string;
}

/** Runs a child, discarding stdout; the child prints `maxrss_kb=N` on stderr. */
function runChild(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdoutBytes = 0;
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdoutBytes += d.length));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const seconds = (performance.now() - start) / 1000;
      const kb = Number(/maxrss_kb=(\d+)/.exec(stderr)?.[1] ?? NaN);
      const cpu = Number(/cpu_ms=(\d+)/.exec(stderr)?.[1] ?? NaN);
      resolve({ seconds, cpuSeconds: cpu / 1000, maxRssMb: kb / 1024, stdoutBytes, code, stderr });
    });
  });
}

const BASELINE = `
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
let n = 0;
for await (const line of createInterface({ input: createReadStream(process.argv[1]), crlfDelay: Infinity })) {
  try { JSON.parse(line); n++; } catch {}
}
const u = process.resourceUsage();
process.stderr.write("parsed=" + n + " maxrss_kb=" + u.maxRSS + " cpu_ms=" + Math.round((u.userCPUTime + u.systemCPUTime) / 1000) + "\\n");
`;

async function main(): Promise<void> {
  // BENCH_FILE: reuse (or keep) a generated file between runs while tuning.
  const keep = process.env.BENCH_FILE;
  const dir = keep ? undefined : mkdtempSync(join(tmpdir(), "bench-report-"));
  const file = keep ?? join(dir!, "events.jsonl");
  try {
    const g0 = performance.now();
    if (!keep || !existsSync(keep)) await generate(file);
    const size = statSync(file).size;
    console.log(`generated ${EVENTS.toLocaleString("en")} events (${(size / 1048576).toFixed(1)} MB) in ${((performance.now() - g0) / 1000).toFixed(1)} s → ${file}`);

    const baseline = await runChild(["--input-type=module", "-e", BASELINE, file]);
    const report = await runChild(["--import", "tsx", "src/cli/main.ts", "report", file, "--json"], { REPORT_PRINT_MAXRSS: "1" });
    if (report.code !== 0) throw new Error(`report exited ${report.code}: ${report.stderr}`);

    const row = (name: string, r: Run) =>
      `${name.padEnd(38)} ${r.seconds.toFixed(2).padStart(7)} s wall ${r.cpuSeconds.toFixed(2).padStart(7)} s cpu ${r.maxRssMb.toFixed(0).padStart(6)} MB peak RSS`;
    const ratio = (a: number, b: number) => (a / b).toFixed(2).padStart(7);
    console.log("");
    console.log(row("baseline: read + JSON.parse each line", baseline));
    console.log(row("report --json (tsx, real CLI)", report));
    console.log(`${"ratio report / baseline".padEnd(38)} ${ratio(report.seconds, baseline.seconds)} x     ${ratio(report.cpuSeconds, baseline.cpuSeconds)} x     ${ratio(report.maxRssMb, baseline.maxRssMb)} x`);
    console.log("");
    const okTime = report.seconds <= TARGET_SECONDS;
    const okMem = report.maxRssMb <= TARGET_MB;
    console.log(`target ≤ ${TARGET_SECONDS} s: ${okTime ? "met" : "MISSED"}; target ≤ ${TARGET_MB} MB: ${okMem ? "met" : "MISSED"} (JSON output ${(report.stdoutBytes / 1024).toFixed(0)} KB)`);
    // Wall time on a shared machine says more about the neighbours than about the code.
    console.log(`machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    process.exitCode = okTime && okMem ? 0 : 1;
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
