/** Bad input to the CLI: a clear message and a non-zero exit, never a stack trace. */
import { describe, expect, it } from "vitest";
import { cli } from "./cli-helper.js";

describe("report errors", () => {
  it("a missing file exits 1 with a clear message", () => {
    const r = cli("test/fixtures/compliance/does-not-exist.jsonl", "--json");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no such file");
    expect(r.stdout).toBe("");
  });
  it.each([
    [["test/fixtures/compliance/mixed.jsonl", "--rule", "douyin.nope"], /unknown rule "douyin\.nope"/],
    [["test/fixtures/compliance/mixed.jsonl", "--to", "2026-02-30"], /--to must be a date/],
    [["test/fixtures/compliance/mixed.jsonl", "--to"], /--to needs a value/],
    [["test/fixtures/compliance/mixed.jsonl", "--frobnicate"], /unknown option --frobnicate/],
    [[], /missing the events file/],
    [["a.jsonl", "b.jsonl"], /one events file only/],
    [["test/fixtures/compliance/mixed.jsonl", "--edition", "douyin=feige-2019"], /unknown edition "feige-2019" for douyin; editions: seed, feige-2024/],
    [["test/fixtures/compliance/mixed.jsonl", "--edition", "douyin=seed+bots-everywhere"], /unknown edition option "bots-everywhere" for douyin/],
    [["test/fixtures/compliance/mixed.jsonl", "--edition", "pdd=seed"], /--edition must be PLATFORM=EDITION/],
    [["--db", "x.db", "--edition", "douyin=seed"], /--edition reads a file/],
  ])("%j is a usage error (exit 2)", (args, message) => {
    const r = cli(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain("usage:");
  });
});
