/**
 * Rule editions: each preset read through an edition with its source, date and choices; the
 * default is the seeds' reading; a shop picks one per platform (config, `report --edition`).
 */
import { describe, expect, it } from "vitest";
import { configFromFile } from "../../src/config/load.js";
import { EDITIONS, EDITION_OPTIONS, describeEdition, resolveEdition } from "../../src/core/rules/editions.js";
import { RULE_PRESETS, resolveRules } from "../../src/core/rules/presets.js";
import { cli } from "./cli-helper.js";
import { explain, fraction, on, results } from "./helpers.js";

const dy = on("douyin");
const tb = on("taobao");

describe("editions as data", () => {
  it("every edition and option names its source, date and choices", () => {
    for (const list of [...Object.values(EDITIONS), ...Object.values(EDITION_OPTIONS)]) {
      for (const e of list) {
        expect(e.source.length).toBeGreaterThan(10);
        expect(e.date).not.toBe("");
        expect(e.choices.length).toBeGreaterThan(0);
      }
    }
    for (const p of ["taobao", "douyin", "kuaishou"] as const) expect(EDITIONS[p][0]!.id).toBe("seed");
  });
  it("the default is the seeds' reading: the presets unchanged, labelled seed", () => {
    const rules = resolveRules();
    expect(rules["douyin.manual-3min"]).toEqual({ ...RULE_PRESETS["douyin.manual-3min"], edition: "douyin/seed" });
    expect(rules["taobao.rounds-3min"].window).toEqual({ start: "08:00", end: "24:00" });
    expect(rules["douyin.experience-3min"].enabled).toBe(false);
  });
  it("a shop's overrides apply after its edition", () => {
    const rules = resolveRules({ "douyin.manual-3min": { window: { end: "22:00" } } }, { douyin: { edition: "feige-2024" } });
    expect(rules["douyin.manual-3min"].window).toEqual({ start: "08:00", end: "22:00" });
    expect(rules["douyin.manual-3min"].edition).toBe("douyin/feige-2024");
    expect(rules["taobao.rounds-3min"].edition).toBe("taobao/seed");
  });
  it("labels describe back to their sources", () => {
    expect(resolveEdition("douyin", { edition: "seed", options: ["assist-bots-counted"] }).label).toBe("douyin/seed+assist-bots-counted");
    expect(describeEdition("douyin/seed+assist-bots-counted").source).toMatch(/compliance-rules\.md.*\+ 飞鸽 official help page/);
  });
});

describe("Douyin window 08:00–23:00 (feige-2024) beside the seed's 09:00–19:00", () => {
  const events = [dy.buyer("08:30"), dy.human("08:35"), dy.buyer("20:00"), dy.human("20:01"), dy.buyer("10:00"), dy.human("10:01")];
  it("seed: only the 10:00 message is assessed", () => {
    expect(fraction(events, "douyin.manual-3min")).toBe("1/1");
  });
  it("feige-2024: 08:30 (late) and 20:00 are assessed too; 23:00 is outside (half-open)", () => {
    const editions = { douyin: { edition: "feige-2024" } };
    expect(fraction(events, "douyin.manual-3min", { editions })).toBe("2/3");
    expect(fraction([dy.buyer("23:00"), dy.buyer("22:59:59")], "douyin.manual-3min", { editions })).toBe("0/1");
  });
});

describe("Taobao window 08:00–23:00 (window-08-23) beside 08:00–24:00", () => {
  const events = [tb.buyer("23:10"), tb.human("23:20"), tb.buyer("22:00"), tb.human("22:01")];
  it("changes which rounds are assessed", () => {
    expect(fraction(events, "taobao.rounds-3min")).toBe("1/2");
    expect(fraction(events, "taobao.rounds-3min", { editions: { taobao: { edition: "window-08-23" } } })).toBe("1/1");
  });
});

describe("Douyin assist-mode robot replies counted (an option, off by default)", () => {
  const events = [
    dy.buyer("10:00", { conversation: "a" }),
    dy.bot("10:00:05", "dianxiaomi", "assist", { conversation: "a" }),
    dy.buyer("11:00", { conversation: "b" }),
    dy.bot("11:00:05", "feige-robot", "auto", { conversation: "b" }),
    dy.human("11:10", { conversation: "b" }),
    dy.buyer("12:00", { conversation: "c" }),
    dy.human("12:01", { conversation: "c" }),
  ];
  it("off: neither bot reply counts (a and b late)", () => {
    expect(fraction(events, "douyin.manual-3min")).toBe("1/3");
  });
  it("on: the assist reply counts; the full-auto robot's message leaves the metric", () => {
    const editions = { douyin: { edition: "seed", options: ["assist-bots-counted"] } };
    expect(fraction(events, "douyin.manual-3min", { editions })).toBe("2/2");
    const excluded = explain(events, "douyin.manual-3min", { editions }).filter((i) => i.status === "excluded");
    expect(excluded.map((i) => i.conversation)).toEqual(["b"]);
    expect(excluded[0]!.reason).toMatch(/feige-robot \(auto\).*not in the metric/);
  });
});

describe("Douyin experience score: conversation-level (feige-2024)", () => {
  const editions = { douyin: { edition: "feige-2024" } };
  const rate = (events: ReturnType<typeof dy.buyer>[]) => fraction(events, "douyin.experience-3min", { editions });
  it("is not computed under the seed edition, and is under feige-2024", () => {
    const events = [dy.buyer("10:00"), dy.human("10:01")];
    expect(results(events).map((r) => r.rule)).not.toContain("douyin.experience-3min");
    expect(results(events, { editions }).map((r) => r.rule)).toContain("douyin.experience-3min");
  });
  it("one conversation is one item; one reply over 3 minutes scores it 0", () => {
    const c = (conversation: string) => ({ conversation });
    expect(rate([dy.buyer("10:00", c("a")), dy.human("10:01", c("a")), dy.buyer("10:10", c("a")), dy.human("10:13", c("a"))])).toBe("1/1");
    expect(rate([dy.buyer("10:00", c("a")), dy.human("10:01", c("a")), dy.buyer("10:10", c("a")), dy.human("10:13:01", c("a"))])).toBe("0/1");
  });
  it("the clock starts at the transfer to a human: the robot's part before it does not count", () => {
    const events = [dy.buyer("10:00"), dy.bot("10:00:02", "feige-robot", "auto"), dy.buyer("10:05"), dy.assigned("10:20", "xm"), dy.human("10:22")];
    // messages before the transfer are the robot's; 10:20 → 10:22 is in time
    expect(rate(events)).toBe("1/1");
    expect(rate([...events, dy.buyer("10:30"), dy.human("10:34")])).toBe("0/1");
  });
  it("an offline message (outside the window) unanswered within 3 minutes scores 0", () => {
    expect(rate([dy.buyer("07:50"), dy.buyer("08:05"), dy.human("08:06")])).toBe("0/1");
    expect(explain([dy.buyer("07:50"), dy.buyer("08:05"), dy.human("08:06")], "douyin.experience-3min", { editions })[0]!.reason).toMatch(/offline message/);
    // a conversation only outside the window is not assessed
    expect(rate([dy.buyer("07:00"), dy.human("07:01"), dy.buyer("10:00", { conversation: "x" }), dy.human("10:01", { conversation: "x" })])).toBe("1/1");
  });
  it("unanswered by midnight scores 0", () => {
    expect(rate([dy.buyer("22:59")])).toBe("0/1");
  });
});

describe("shops pick editions in config; report names them", () => {
  it("config: short and long form; an unknown edition is a config error naming it", async () => {
    const yaml = (ed: string) => `shops:\n  - id: s1\n    editions:\n${ed}\n`;
    const ok = await configFromFile(yaml(`      douyin: feige-2024+assist-bots-counted\n      taobao: { edition: window-08-23 }`), "shops.yaml", {});
    expect(ok.shops[0]!.editions).toEqual({ douyin: { edition: "feige-2024", options: ["assist-bots-counted"] }, taobao: { edition: "window-08-23", options: [] } });
    await expect(configFromFile(yaml("      douyin: feige-1999"), "shops.yaml", {})).rejects.toThrow(/shops\[0\]\.editions\.douyin: unknown edition "feige-1999"/);
  });
  it("report --edition: the figures and the edition named in JSON and in the table", () => {
    const r = cli("test/fixtures/compliance/mixed.jsonl", "--json", "--edition", "douyin=feige-2024");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.editions).toContainEqual(expect.objectContaining({ platform: "douyin", edition: "douyin/feige-2024", date: "2024–2025" }));
    expect(out.results.some((x: { rule: string }) => x.rule === "douyin.experience-3min")).toBe(true);
    const table = cli("test/fixtures/compliance/mixed.jsonl", "--edition", "douyin=feige-2024").stdout;
    expect(table).toMatch(/editions: .*feige-2024 \(飞鸽/);
  });
});
