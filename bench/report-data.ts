/**
 * The benchmarks' shared parts: the seeded chat log of bench:report (also replayed by
 * bench:plan) and a child runner that reads the child's own peak RSS and CPU.
 */
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
// the simulator's seeded PRNG (mulberry32): the same file every run
import { rng } from "../src/simulator/traffic.js";

const PLATFORMS = ["taobao", "douyin", "kuaishou"] as const;
const BOTS = [
  ["dianxiaomi", "assist"],
  ["autoreply", "auto"],
  ["firstresponder", "auto"],
  ["leyan", "assist"],
] as const;
const FIRST_DAY_MS = Date.parse("2026-01-01T00:00:00+08:00");
const iso = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace("Z", "+08:00");

/** The 1,000,000-event log of bench:report (seeded: the same file every run). */
export async function generate(path: string, EVENTS: number): Promise<void> {
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

export interface Run {
  seconds: number;
  /** user + system CPU of the child: steadier than wall time on a shared machine */
  cpuSeconds: number;
  maxRssMb: number;
  stdoutBytes: number;
  code: number | null;
  stderr: string;
}

/** Runs a child, discarding stdout; the child prints `maxrss_kb=N` on stderr. */
export function runChild(args: string[], env: Record<string, string> = {}): Promise<Run> {
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
