/**
 * The what-if replay: the live decision (conversation-aware, the demo FAQ built as the server
 * builds it) over a log, its replies added, every rule recomputed by the report's engine.
 */
import { spawnCli } from "../support/cli.js";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeRulesFor } from "../../src/core/compliance/rules-for.js";
import { resolveRules } from "../../src/core/rules/presets.js";
import { buildWhatIf, parseWhatIfArgs, type WhatIfArgs } from "../../src/cli/commands/whatif.js";
import { loadEventsFile } from "../../src/node/compliance-file.js";
import { FaqRegistry } from "../../src/node/faq-registry.js";
import { computeWhatIf } from "../../src/node/whatif-file.js";

const dir = mkdtempSync(join(tmpdir(), "whatif-"));
const quiet = () => {};
const args = (file: string, more: Partial<WhatIfArgs> = {}): WhatIfArgs => ({ ...parseWhatIfArgs([file, "--faq", "faq"]), ...more });

function cli(...a: string[]) {
  const r = spawnCli(a, { env: { ...process.env, FORCE_COLOR: "0" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let n = 0;
/** One JSON line; time "10:00" or "10:00:30" on 2026-01-07, platform time. */
function line(platform: string, conversation: string, time: string, from: string, extra: Record<string, unknown> = {}): string {
  const t = time.length === 5 ? `${time}:00` : time;
  return JSON.stringify({ id: `e${++n}`, platform, shop: `${platform}-shop`, conversation, at: `2026-01-07T${t}+08:00`, from, ...extra });
}
function write(name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

describe("a log the bot answers nothing in reproduces report exactly", () => {
  it("the fixtures with an empty FAQ: actual = with bot = report --json", async () => {
    const emptyFaq = mkdtempSync(join(tmpdir(), "whatif-faq-"));
    writeFileSync(join(emptyFaq, "_settings.yaml"), "threshold: 0.5\n");
    const file = write("fixtures.jsonl", [readFileSync("test/fixtures/compliance/mixed.jsonl", "utf8").trim(), readFileSync("test/fixtures/compliance/seed-taobao.jsonl", "utf8").trim()]);
    const w = await buildWhatIf(args(file, { faqDir: emptyFaq }), quiet);
    expect(w.answered).toEqual([]);
    const report = JSON.parse(cli("report", file, "--json").stdout);
    const strip = ({ rule, platform, shop, agent, from, to }: Record<string, unknown>) => ({ rule, platform, shop, agent, from, to });
    expect(w.results.map((r) => ({ ...strip(r as never), numerator: r.actual.numerator, denominator: r.actual.denominator, rate: r.actual.rate, assessed: r.actual.assessed, grade: r.actual.grade, penalties: r.actual.penalties }))).toEqual(
      report.results,
    );
    for (const r of w.results) expect(r.withBot).toEqual(r.actual);
  }, 120_000);
});

describe("Kuaishou: only the messages the decision answers change", () => {
  const file = write("kuaishou.jsonl", [
    // a: a FAQ question, answered by a person 7 minutes later → late; the bot answers at 10:00:00.8
    line("kuaishou", "a", "10:00", "buyer", { text: "什么时候发货" }),
    line("kuaishou", "a", "10:07", "human", { agent: "xm", text: "48小时内" }),
    // b: an image: no text, routed; late either way
    line("kuaishou", "b", "10:00", "buyer"),
    line("kuaishou", "b", "10:06", "human", { agent: "xm" }),
    // c: the greeting is answered (in time already); then a person replied 2 minutes before the
    // question: the bot keeps out (human-active); late either way
    line("kuaishou", "c", "09:58", "buyer", { text: "在吗" }),
    line("kuaishou", "c", "09:59", "human", { agent: "xm", text: "在的" }),
    line("kuaishou", "c", "10:01", "buyer", { text: "什么时候发货" }),
    line("kuaishou", "c", "10:08", "human", { agent: "xm", text: "48小时内" }),
    // d: in time already; the bot answers too (no change to the figure)
    line("kuaishou", "d", "11:00", "buyer", { text: "什么时候发货" }),
    line("kuaishou", "d", "11:01", "human", { agent: "xm", text: "48小时内" }),
    // d again 10 minutes later: the same entry was just sent → repeat, routed
    line("kuaishou", "d", "11:10", "buyer", { text: "什么时候发货" }),
    line("kuaishou", "d", "11:16", "human", { agent: "xm", text: "今天" }),
  ]);

  it("hand-computed: 2/6 in time → 3/6 with the bot; it answers c's greeting, a, and d's first message only", async () => {
    const w = await buildWhatIf(args(file), quiet);
    const shop5 = w.results.find((r) => r.rule === "kuaishou.shop-5min")!;
    // in time actually: c 09:58 (1 min), d 11:00; with the bot a 10:00 too
    expect(shop5.actual).toMatchObject({ numerator: 2, denominator: 6 });
    expect(shop5.withBot).toMatchObject({ numerator: 3, denominator: 6 });
    expect(w.answered.map((a) => [a.conversation, a.text, a.kind, a.faqId])).toEqual([
      ["c", "在吗", "answer", expect.any(String)],
      ["a", "什么时候发货", "answer", "shipping-time"],
      ["d", "什么时候发货", "answer", "shipping-time"],
    ]);
    expect(w.answered[1]!.replyAt).toBe("2026-01-07T10:00:00.800+08:00");
    expect(w.noChange).toEqual([]);
  });

  it("item by item: the statuses that change are exactly those of answered messages", async () => {
    const faq = await FaqRegistry.open({ dir: "faq", watch: false, log: quiet });
    const loaded = await loadEventsFile(file, { text: true });
    const rules = resolveRules();
    const c = computeWhatIf(loaded.columns, { rulesFor: makeRulesFor(), shopFor: () => ({ policy: { douyinInstantAnswer: false }, rules, matcher: faq.forShop("kuaishou-shop") }), latencyMs: 800, explain: true });
    faq.close();
    const late = (items: { startId: string; rule: string; status: string }[]) => new Set(items.filter((i) => i.rule === "kuaishou.shop-5min" && i.status === "late").map((i) => i.startId));
    const before = late(c.items!.actual);
    const after = late(c.items!.withBot);
    const changed = [...before].filter((id) => !after.has(id));
    const answeredIds = new Set(c.answered.map((a) => a.id));
    expect(changed.length).toBe(1);
    for (const id of changed) expect(answeredIds.has(id)).toBe(true);
    for (const id of after) expect(before.has(id)).toBe(true);
  });
});

describe("Douyin shows no change, and says why", () => {
  it("the bot routes every message: figures equal, reason given", async () => {
    const file = write("douyin.jsonl", [line("douyin", "a", "10:00", "buyer", { text: "什么时候发货" }), line("douyin", "a", "10:05", "human", { agent: "xm", text: "48小时内" })]);
    const w = await buildWhatIf(args(file), quiet);
    expect(w.answered).toEqual([]);
    for (const r of w.results) expect(r.withBot).toEqual(r.actual);
    expect(w.noChange).toEqual([{ platform: "douyin", shop: "douyin-shop", reason: expect.stringMatching(/counts human replies only/) }]);
  });
});

describe("whatif CLI", () => {
  it("prints the table, the reason and the answers; --json is one object", () => {
    const file = write("cli.jsonl", [line("kuaishou", "a", "10:00", "buyer", { text: "什么时候发货" }), line("kuaishou", "a", "10:07", "human", { agent: "xm" })]);
    const r = cli("whatif", file, "--faq", "faq", "--bot-latency-ms", "2000");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/kuaishou\.shop-5min\s+kuaishou\/kuaishou-shop\s+2026-01-07\s+0\/1 0\.0%\s+1\/1 100\.0%\s+\+1\s+avoided star-deduction/);
    expect(r.stdout).toMatch(/"什么时候发货" → answer shipping-time/);
    const j = JSON.parse(cli("whatif", file, "--faq", "faq", "--json").stdout);
    expect(Object.keys(j)).toEqual(["results", "noChange", "answered", "skipped", "editions", "decisions"]);
  }, 120_000);
  it.each([
    [["--threshold", "2"], /--threshold must be a number ≥ 0 and ≤ 1, got "2"/, 2],
    [["--bot-latency-ms", "-1"], /--bot-latency-ms must be a whole number ≥ 0/, 2],
    [["--edition", "douyin=nope"], /unknown edition "nope"/, 2],
    [["--faq", "/nonexistent-faq"], /cannot read the FAQ folder/, 1],
  ])("%j → clear error", (extra, message, code) => {
    const file = write("err.jsonl", [line("kuaishou", "a", "10:00", "buyer", { text: "在吗" })]);
    const r = cli("whatif", file, ...(extra as string[]));
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message as RegExp);
  });
  it("a log with no buyer messages is an error, not a silent zero", () => {
    const file = write("nobuyer.jsonl", [line("kuaishou", "a", "10:00", "human", { agent: "xm" })]);
    const r = cli("whatif", file, "--faq", "faq");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no buyer messages in .*nothing to replay/);
  });
});
