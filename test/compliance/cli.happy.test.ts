/** The real CLI, spawned on fixture files: the contract of issue 3. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./cli-helper.js";

const FIX = "test/fixtures/compliance";

describe("report --json", () => {
  it("prints exactly one JSON object with the contract's fields, the seed example 1/2", () => {
    const r = cli(`${FIX}/seed-taobao.jsonl`, "--json", "--rule", "taobao.rounds-3min");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(["results", "skipped", "editions"]);
    expect(out.editions).toEqual([{ platform: "taobao", shop: "tb-shop", edition: "taobao/seed", source: expect.stringContaining("compliance-rules.md"), date: expect.any(String) }]);
    expect(out.results).toEqual([
      {
        rule: "taobao.rounds-3min",
        platform: "taobao",
        shop: "tb-shop",
        agent: null,
        from: "2025-12-09",
        to: "2026-01-07",
        numerator: 1,
        denominator: 2,
        rate: 0.5,
        assessed: false,
        grade: null,
        penalties: [],
      },
    ]);
    expect(out.skipped).toEqual([]);
  });

  it("lists malformed lines with their numbers and still computes the rest", () => {
    const r = cli(`${FIX}/mixed.jsonl`, "--json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.skipped.map((s: { line: number }) => s.line)).toEqual([5, 7]);
    expect(out.skipped[1].error).toMatch(/platform/);
    const byRule = Object.fromEntries(out.results.map((x: { rule: string; agent: string | null; numerator: number; denominator: number }) => [`${x.rule}${x.agent ? `:${x.agent}` : ""}`, `${x.numerator}/${x.denominator}`]));
    expect(byRule).toEqual({
      "douyin.manual-3min": "1/2",
      "douyin.first-reply-2min": "1/2",
      "kuaishou.shop-5min": "1/2",
      "kuaishou.agent-5min:alice": "0/1",
    });
    const dy = out.results.find((x: { rule: string }) => x.rule === "douyin.manual-3min");
    expect(dy).toMatchObject({ rate: 0.5, assessed: true, penalties: [] });
    const ks = out.results.find((x: { rule: string }) => x.rule === "kuaishou.shop-5min");
    expect(ks.penalties).toEqual(["star-deduction"]);
  });

  it("--shop and repeated --rule select; --to moves the period", () => {
    const r = cli(`${FIX}/mixed.jsonl`, "--json", "--shop", "ks-shop", "--rule", "kuaishou.shop-5min", "--rule", "douyin.manual-3min", "--to", "2026-01-08");
    const out = JSON.parse(r.stdout);
    expect(out.results.map((x: { rule: string; shop: string; from: string }) => [x.rule, x.shop, x.from])).toEqual([["kuaishou.shop-5min", "ks-shop", "2026-01-07"]]);
    const before = JSON.parse(cli(`${FIX}/mixed.jsonl`, "--json", "--to", "2026-01-06").stdout);
    expect(before.results).toEqual([]);
  });

  it("--explain adds the late and excluded items with their times", () => {
    const out = JSON.parse(cli(`${FIX}/seed-taobao.jsonl`, "--json", "--explain", "--rule", "taobao.rounds-3min").stdout);
    expect(out.explain).toHaveLength(1);
    expect(out.explain[0]).toMatchObject({ rule: "taobao.rounds-3min", startId: "t1", status: "late", seconds: 475, reply: { id: "t3" } });
  });

  it("a file with CRLF line ends and blank lines reads the same", () => {
    const dir = mkdtempSync(join(tmpdir(), "report-"));
    const file = join(dir, "crlf.jsonl");
    const lines = [
      '{"id":"1","platform":"kuaishou","shop":"s","conversation":"c","at":"2026-01-07T10:00:00+08:00","from":"buyer"}',
      "",
      '{"id":"2","platform":"kuaishou","shop":"s","conversation":"c","at":"2026-01-07T10:01:00+08:00","from":"bot","bot":"x","mode":"auto"}',
    ];
    writeFileSync(file, lines.join("\r\n"));
    const out = JSON.parse(cli(file, "--json", "--rule", "kuaishou.shop-5min").stdout);
    expect(out).toEqual({
      results: [expect.objectContaining({ numerator: 1, denominator: 1, rate: 1 })],
      skipped: [],
      editions: [expect.objectContaining({ platform: "kuaishou", shop: "s", edition: "kuaishou/seed" })],
    });
  });
});

describe("report (table)", () => {
  it("prints each rate beside its floor and targets, without colour off a TTY", () => {
    const r = cli(`${FIX}/mixed.jsonl`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/douyin\.manual-3min 3分钟人工回复率 .*1\/2 +50\.0% +<50\.0%: activities-barred/);
    expect(r.stdout).toContain("达标 97.0%");
    expect(r.stdout).not.toContain("\x1b[");
    expect(r.stderr).toContain("line 5: invalid JSON");
  });
  it("--explain lists late and excluded items", () => {
    const r = cli(`${FIX}/mixed.jsonl`, "--explain");
    expect(r.stdout).toMatch(/late +kuaishou\.shop-5min +kuaishou\/ks-shop\/v1 +message k1 at 2026-01-07 10:00:00 → human 10:06:00 \(360 s\)/);
    expect(r.stdout).toMatch(/excluded .*v3 .*internal or staff/);
  });
});
