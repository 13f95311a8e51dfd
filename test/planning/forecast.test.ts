/**
 * The staffing forecast: measured from a synthetic Poisson log with known rates and fixed
 * handling times, checked against an independent Erlang C computation; the simulation checked
 * against the compliance engine fed its replies; bad input named.
 */
import { spawnCli } from "../support/cli.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { eventToJson, type ChatEvent } from "../../src/core/events.js";
import { forecastStaffing, simulateSlot, ForecastError, type ForecastOptions } from "../../src/core/planning/forecast.js";
import { addConversationHistory, emptyHistory, finishHistory, type History } from "../../src/core/planning/history.js";
import { resolveRules } from "../../src/core/rules/presets.js";
import { parseDayKey } from "../../src/core/time.js";
import { planningLog, type PlanningLogOptions } from "../../src/simulator/planning-log.js";
import { openNodeDatabase } from "../../src/node/database.js";
import { events as eventsTable } from "../../src/store/schema/core.js";
import { eventRow } from "../../src/store/event-row.js";

const rules = resolveRules();
const MONDAY = parseDayKey("2026-01-05")!;

function historyOf(events: Iterable<ChatEvent>, rule = rules["kuaishou.shop-5min"]): History {
  const h = emptyHistory();
  const byConv = new Map<string, ChatEvent[]>();
  for (const e of events) byConv.set(e.conversation, [...(byConv.get(e.conversation) ?? []), e]);
  for (const list of byConv.values()) addConversationHistory(h, list, rule);
  return finishHistory(h);
}

const log = (o: Partial<PlanningLogOptions> = {}) => [
  ...planningLog({ platform: "kuaishou", shop: "ks", firstDay: MONDAY, days: 28, ratePerHour: (_w, s) => (s >= 16 ? 10 + (s % 8) * 10 : 0), firstReplySeconds: 30, holdSeconds: 270, seed: 11, ...o }),
];

/** Erlang C from its textbook sum (not the recurrence the product uses). */
function independentErlangC(c: number, a: number): number {
  let sum = 0;
  let term = 1; // a^k / k!
  for (let k = 0; k < c; k++) {
    sum += term;
    term = (term * a) / (k + 1);
  }
  const top = term * (c / (c - a)); // a^c / c! · c / (c − a)
  return top / (sum + top);
}
function independentAgents(lambdaPerHour: number, aht: number, first: number, limit: number, concurrency: number, target: number): number {
  const a = (lambdaPerHour / 3600) * aht;
  for (let n = 1; ; n++) {
    const c = n * concurrency;
    if (c <= a) continue;
    if (1 - independentErlangC(c, a) * Math.exp((-(c - a) * (limit - first)) / aht) >= target) return n;
  }
}

const base: Omit<ForecastOptions, "rule" | "model"> = { target: 0.9, concurrency: 3, bot: true, peakFactor: 1 };

describe("forecast --model erlang-c against an independent Erlang C", () => {
  it("a synthetic Poisson log with fixed handling time: within one agent in every slot", () => {
    const h = historyOf(log());
    const f = forecastStaffing(h, { ...base, rule: rules["kuaishou.shop-5min"], model: "erlang-c" });
    expect(f.firstReplySeconds).toBe(30);
    let compared = 0;
    for (const s of f.slots) {
      const slot = Number(s.start.slice(0, 2)) * 2 + (s.start.endsWith("30") ? 1 : 0);
      if (slot < 16) {
        expect(s.note).toBe("outside the rule's window");
        continue;
      }
      const trueRate = 10 + (slot % 8) * 10;
      expect(s.ahtSeconds).toBe(300);
      const want = independentAgents(trueRate, 300, 30, 300, 3, 0.9);
      expect(Math.abs(s.agents! - want), `${s.weekday} ${s.start}: ${s.agents} vs ${want} (${s.arrivalsPerHour}/h measured, ${trueRate}/h true)`).toBeLessThanOrEqual(1);
      expect(s.expectedRate).toBeGreaterThanOrEqual(0.9);
      compared++;
    }
    expect(compared).toBe(7 * 32);
  });

  it("with a peak factor, more agents; with the bot off, its share is not subtracted", () => {
    const h = historyOf(log({ botShare: 0.5 }));
    const normal = forecastStaffing(h, { ...base, rule: rules["kuaishou.shop-5min"], model: "erlang-c" });
    const peak = forecastStaffing(h, { ...base, peakFactor: 4, rule: rules["kuaishou.shop-5min"], model: "erlang-c" });
    const off = forecastStaffing(h, { ...base, bot: false, rule: rules["kuaishou.shop-5min"], model: "erlang-c" });
    const at = (f: typeof normal) => f.slots.find((s) => s.weekday === 3 && s.start === "19:30")!;
    expect(at(normal).botShare).toBeGreaterThan(0.3);
    expect(at(off).botShare).toBe(0);
    expect(at(peak).arrivalsPerHour).toBeCloseTo(at(normal).arrivalsPerHour! * 4, 6);
    expect(at(peak).agents!).toBeGreaterThan(at(normal).agents!);
    expect(at(off).agents!).toBeGreaterThan(at(normal).agents!);
  });
});

describe("the simulation, scored by the compliance engine", () => {
  it.each([
    ["kuaishou.shop-5min", 60, 2],
    ["kuaishou.shop-5min", 60, 3],
    ["douyin.manual-3min", 40, 2],
    ["taobao.rounds-3min", 50, 2],
    ["taobao.daily-3min", 30, 1],
  ] as const)("%s at %i chats/h with %i agents: its own rate within 3 points of the engine's", (id, rate, agents) => {
    const s = simulateSlot(rules[id], { lambdaPerHour: rate, botShare: 0.2, ahtSeconds: 300 }, agents, { concurrency: 3, firstReplySeconds: 30, arrivals: 2000, seed: 5, score: true });
    expect(s.engineRate).not.toBeNull();
    expect(Math.abs(s.simRate - s.engineRate!)).toBeLessThanOrEqual(0.03);
    expect(s.events.length).toBeGreaterThan(3000);
  });

  it("the sim model meets the target by the engine, with the fewest agents", () => {
    const h = historyOf(log({ days: 7 }));
    const rule = rules["kuaishou.shop-5min"];
    const f = forecastStaffing(h, { ...base, rule, model: "sim" });
    const busy = f.slots.find((s) => s.weekday === 1 && s.start === "15:30")!; // 80/h
    expect(busy.agents).toBeGreaterThan(1);
    expect(busy.expectedRate).toBeGreaterThanOrEqual(0.9);
    const fewer = simulateSlot(rule, { lambdaPerHour: busy.arrivalsPerHour!, botShare: busy.botShare!, ahtSeconds: busy.ahtSeconds! }, busy.agents! - 1, {
      concurrency: 3,
      firstReplySeconds: 30,
      arrivals: 400,
      seed: 1 * 100 + 31 + 1,
      score: true,
    });
    expect(fewer.engineRate!).toBeLessThan(0.9);
  });
});

describe("bad input: a clear error or an explicit no-data row", () => {
  it("no buyer messages", () => {
    const h = historyOf([{ id: "x", platform: "kuaishou", shop: "ks", conversation: "c", at: Date.parse("2026-01-05T10:00:00+08:00"), from: "human", type: "message" }]);
    expect(() => forecastStaffing(h, { ...base, rule: rules["kuaishou.shop-5min"], model: "sim" })).toThrow(ForecastError);
    expect(() => forecastStaffing(h, { ...base, rule: rules["kuaishou.shop-5min"], model: "sim" })).toThrow(/no buyer messages on kuaishou/);
  });
  it("weekdays with no history are 'no data' rows, never zeros", () => {
    const h = historyOf(log({ days: 3 })); // Monday to Wednesday
    const f = forecastStaffing(h, { ...base, rule: rules["kuaishou.shop-5min"], model: "erlang-c" });
    const sunday = f.slots.filter((s) => s.weekday === 7);
    expect(sunday).toHaveLength(48);
    for (const s of sunday) expect(s).toMatchObject({ arrivalsPerHour: null, agents: null, expectedRate: null, note: "no data" });
  });
  it("a target outside (0, 1), a rule without a clock, a per-agent rule", () => {
    const h = historyOf(log({ days: 1 }));
    expect(() => forecastStaffing(h, { ...base, target: 1, rule: rules["kuaishou.shop-5min"], model: "sim" })).toThrow(/between 0 and 1/);
    expect(() => forecastStaffing(h, { ...base, rule: rules["taobao.reply-rate"], model: "sim" })).toThrow(/no time limit/);
    expect(() => forecastStaffing(h, { ...base, rule: rules["kuaishou.agent-5min"], model: "sim" })).toThrow(/per agent/);
  });
  it("no human replies and no times given", () => {
    const h = historyOf(log({ days: 1, botShare: 1 }));
    expect(() => forecastStaffing(h, { ...base, rule: rules["kuaishou.shop-5min"], model: "sim" })).toThrow(/give --aht-seconds and --first-reply-seconds/);
  });
});

describe("forecast CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "forecast-"));
  const file = join(dir, "log.jsonl");
  writeFileSync(
    file,
    log({ days: 7 })
      .map((e) => JSON.stringify(eventToJson(e)))
      .join("\n") + "\n",
  );
  const cli = (...a: string[]) => spawnCli(["forecast", ...a]);

  it("--json prints the contract: rule, target, 7 × 48 slots", () => {
    const r = cli(file, "--rule", "kuaishou.shop-5min", "--target", "0.9", "--model", "erlang-c", "--json");
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(["rule", "target", "slots"]);
    expect(j.slots).toHaveLength(336);
    expect(Object.keys(j.slots[0])).toEqual(["weekday", "start", "arrivalsPerHour", "botShare", "ahtSeconds", "agents", "expectedRate", "note"]);
    expect(j.slots.find((s: { weekday: number; start: string }) => s.weekday === 1 && s.start === "08:00")).toMatchObject({ ahtSeconds: 300, note: null });
  });
  it.each([
    [["--rule", "kuaishou.shop-5min", "--target", "1.2"], /--target must be a number > 0 and < 1, got "1.2"/],
    [["--rule", "kuaishou.shop-5min", "--target", "0"], /--target must be a number > 0 and < 1/],
    [["--rule", "kuaishou.nope", "--target", "0.9"], /unknown rule "kuaishou.nope"/],
    [["--rule", "douyin.manual-3min", "--target", "0.9", "--edition", "douyin=feige-1999"], /unknown edition "feige-1999"/],
    [["--rule", "kuaishou.shop-5min", "--target", "0.9", "--model", "magic"], /--model must be sim or erlang-c/],
  ])("%j is a usage error", (args, message) => {
    const r = cli(file, ...(args as string[]));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
  });
  it("--db: the stored events give the same forecast as the file they came from", async () => {
    const path = join(dir, "app.db");
    const database = openNodeDatabase(path);
    const rows = log({ days: 7 }).map((e) => eventRow(e, 0));
    for (let i = 0; i < rows.length; i += 500) await database.db.insert(eventsTable).values(rows.slice(i, i + 500));
    database.close();
    const fromFile = JSON.parse(cli(file, "--rule", "kuaishou.shop-5min", "--target", "0.9", "--json").stdout);
    const r = cli("--db", path, "--rule", "kuaishou.shop-5min", "--target", "0.9", "--json");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(fromFile);
    const missing = cli("--db", join(dir, "nope.db"), "--rule", "kuaishou.shop-5min", "--target", "0.9");
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/cannot open database .*no such file/);
  }, 120_000);
  it("a platform without buyer messages in the log exits 1 and says so", () => {
    const r = cli(file, "--rule", "douyin.manual-3min", "--target", "0.9");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no buyer messages on douyin/);
  });
});
