/**
 * `npm run bench:report`: generate 1,000,000 events (into a temp dir, never the repo), run
 * the real `report` CLI on them in a child process, and print its wall time and peak RSS
 * beside a baseline measured in the same run: a child that only reads the same file line by
 * line and JSON.parses each line. The ratio is what to compare across noisy machines.
 * Targets (issue 3): ≤ 10 s and ≤ 300 MB.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { generate, runChild, type Run } from "./report-data.js";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const TARGET_SECONDS = 10;
const TARGET_MB = 300;

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
    if (!keep || !existsSync(keep)) await generate(file, EVENTS);
    const size = statSync(file).size;
    console.log(`generated ${EVENTS.toLocaleString("en")} events (${(size / 1048576).toFixed(1)} MB) in ${((performance.now() - g0) / 1000).toFixed(1)} s → ${file}`);

    const baseline = await runChild(["--input-type=module", "-e", BASELINE, file]);
    const report = await runChild(["--import", "tsx", "src/cli/main.ts", "report", file, "--json"], { REPORT_PRINT_MAXRSS: "1" });
    if (report.code !== 0) throw new Error(`report exited ${report.code}: ${report.stderr}`);

    const row = (name: string, r: Run) => `${name.padEnd(38)} ${r.seconds.toFixed(2).padStart(7)} s wall ${r.cpuSeconds.toFixed(2).padStart(7)} s cpu ${r.maxRssMb.toFixed(0).padStart(6)} MB peak RSS`;
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
    console.log(
      `machine: ${cpus().length} CPUs, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
    process.exitCode = okTime && okMem ? 0 : 1;
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
