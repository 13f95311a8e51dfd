/**
 * `npm run bench:plan`: the planning layer's two targets (issue 17), each beside a baseline
 * measured in the same run, with the machine's load average.
 *
 * 1. Forecast: a 30-day synthetic log of 3 platforms (Poisson arrivals per half hour, into a
 *    temp dir), read once; then per platform the history and the forecast (sim model,
 *    engine-scored) of its main rule over 7 weekdays × 48 slots, in this process: ≤ 5 s in
 *    all. Baseline: the closed form (erlang-c) on the same histories.
 * 2. Replay: the 1,000,000-event log of bench:report through `whatif --json` (demo FAQ) and
 *    through `report --json`, both real CLIs in child processes: whatif ≤ 3× report.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { forecastStaffing } from "../src/core/planning/forecast.js";
import { addConversationHistory, emptyHistory, finishHistory } from "../src/core/planning/history.js";
import { resolveRules, type RuleId } from "../src/core/rules/presets.js";
import { forEachConversation, loadEventsFile } from "../src/node/compliance-file.js";
import { eventToJson, type Platform } from "../src/core/events.js";
import { parseDayKey } from "../src/core/time.js";
import { planningLog } from "../src/simulator/planning-log.js";
import { generate, runChild, type Run } from "./report-data.js";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const FORECAST_TARGET_S = 5;
const REPLAY_TARGET_RATIO = 3;
const RULES: Record<Platform, RuleId> = { kuaishou: "kuaishou.shop-5min", douyin: "douyin.manual-3min", taobao: "taobao.rounds-3min" };

/** Daytime busy, evenings busier, nights quiet: chats per hour by half hour. */
const rate = (weekday: number, slot: number) => (slot < 16 ? 2 : slot < 36 ? 30 + (slot % 6) * 8 : 70) * (weekday >= 6 ? 1.4 : 1);

async function forecastBench(dir: string): Promise<boolean> {
  const file = join(dir, "plan.jsonl");
  const lines: string[] = [];
  const firstDay = parseDayKey("2026-01-01")!;
  (["kuaishou", "douyin", "taobao"] as const).forEach((platform, k) => {
    for (const e of planningLog({ platform, shop: `${platform}-shop`, firstDay, days: 30, ratePerHour: rate, firstReplySeconds: 25, holdSeconds: 240, botShare: platform === "kuaishou" ? 0.3 : 0, seed: 17 + k })) {
      lines.push(JSON.stringify(eventToJson(e)));
    }
  });
  writeFileSync(file, lines.join("\n") + "\n");
  console.log(`forecast: ${lines.length.toLocaleString("en")} events, 30 days × 3 platforms (${(statSync(file).size / 1048576).toFixed(1)} MB)`);
  // The log is read once (the CLI reads it per run); the history and the plan are what is timed.
  const cpuS = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
  const l0 = performance.now();
  const loaded = await loadEventsFile(file);
  console.log(`  read once: ${((performance.now() - l0) / 1000).toFixed(2)} s`);
  let total = 0;
  let totalCpu = 0;
  let erlangTotal = 0;
  for (const [platform, id] of Object.entries(RULES) as [Platform, RuleId][]) {
    const rule = resolveRules()[id];
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const h = emptyHistory();
    forEachConversation(loaded.columns, (ref, events) => {
      if (ref.platform === platform) addConversationHistory(h, events, rule);
    });
    finishHistory(h);
    const f = forecastStaffing(h, { rule, target: 0.9, concurrency: 3, bot: true, peakFactor: 1, model: "sim" });
    const sim = (performance.now() - t0) / 1000;
    const simCpu = cpuS(process.cpuUsage(c0));
    const t1 = performance.now();
    const e = forecastStaffing(h, { rule, target: 0.9, concurrency: 3, bot: true, peakFactor: 1, model: "erlang-c" });
    const erlang = (performance.now() - t1) / 1000;
    total += sim;
    totalCpu += simCpu;
    erlangTotal += erlang;
    const planned = f.slots.filter((s) => s.agents !== null && s.note === null);
    const diff = planned.reduce((m, s) => Math.max(m, Math.abs(s.agents! - e.slots.find((x) => x.weekday === s.weekday && x.start === s.start)!.agents!)), 0);
    console.log(
      `  ${id.padEnd(20)} history + sim ${sim.toFixed(2)} s wall (${simCpu.toFixed(2)} s cpu), erlang-c ${erlang.toFixed(3)} s; ${planned.length} slots planned, peak ${Math.max(...planned.map((s) => s.agents!))} agents, max |sim − erlang-c| ${diff} agent(s)`,
    );
  }
  // Judged on CPU time: on a machine shared by other jobs wall time measures the neighbours.
  const ok = totalCpu <= FORECAST_TARGET_S;
  console.log(
    `  forecast, 3 platforms × 7 × 48 slots (sim): ${total.toFixed(2)} s wall, ${totalCpu.toFixed(2)} s cpu (baseline: erlang-c on the same history ${erlangTotal.toFixed(2)} s) — target ≤ ${FORECAST_TARGET_S} s: ${ok ? "met" : "MISSED"} on cpu, ${total <= FORECAST_TARGET_S ? "met" : "missed"} on wall`,
  );
  return ok;
}

async function replayBench(dir: string): Promise<boolean> {
  const file = join(dir, "events.jsonl");
  await generate(file, EVENTS);
  console.log(`\nreplay: ${EVENTS.toLocaleString("en")} events (${(statSync(file).size / 1048576).toFixed(1)} MB)`);
  const report = await runChild(["--import", "tsx", "src/cli/main.ts", "report", file, "--json"], { REPORT_PRINT_MAXRSS: "1" });
  const whatif = await runChild(["--import", "tsx", "src/cli/main.ts", "whatif", file, "--faq", "faq", "--json"], { REPORT_PRINT_MAXRSS: "1" });
  for (const [name, r] of [
    ["report", report],
    ["whatif", whatif],
  ] as const)
    if (r.code !== 0) throw new Error(`${name} exited ${r.code}: ${r.stderr}`);
  const row = (name: string, r: Run) => `  ${name.padEnd(34)} ${r.seconds.toFixed(2).padStart(7)} s wall ${r.cpuSeconds.toFixed(2).padStart(7)} s cpu ${r.maxRssMb.toFixed(0).padStart(6)} MB peak RSS`;
  console.log(row("report --json (baseline)", report));
  console.log(row("whatif --json --faq faq", whatif));
  const wall = whatif.seconds / report.seconds;
  const cpu = whatif.cpuSeconds / report.cpuSeconds;
  const ok = cpu <= REPLAY_TARGET_RATIO;
  console.log(
    `  ratio whatif / report: ${wall.toFixed(2)}x wall, ${cpu.toFixed(2)}x cpu — target ≤ ${REPLAY_TARGET_RATIO}x: ${ok ? "met" : "MISSED"} on cpu, ${wall <= REPLAY_TARGET_RATIO ? "met" : "missed"} on wall (whatif JSON ${(whatif.stdoutBytes / 1048576).toFixed(1)} MB)`,
  );
  return ok;
}

const dir = mkdtempSync(join(tmpdir(), "bench-plan-"));
try {
  const a = await forecastBench(dir);
  const b = await replayBench(dir);
  console.log(
    `\nmachine: ${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  process.exitCode = a && b ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
