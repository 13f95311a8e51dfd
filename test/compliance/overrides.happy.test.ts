/** Every number of a rule is data a shop can override; the engine follows the data. */
import { describe, expect, it } from "vitest";
import { resolveRules, RULE_PRESETS } from "../../src/core/rules/presets.js";
import { fraction, on, results } from "./helpers.js";

const ks = on("kuaishou");
const tb = on("taobao");

describe("rule overrides", () => {
  it("a clock limit", () => {
    const events = [ks.buyer("10:00"), ks.human("10:04")];
    expect(fraction(events, "kuaishou.shop-5min")).toBe("1/1");
    expect(fraction(events, "kuaishou.shop-5min", { overrides: { "kuaishou.shop-5min": { limitSeconds: 180 } } })).toBe("0/1");
  });
  it("one end of the window, the other kept", () => {
    const events = [tb.buyer("23:30"), tb.human("23:31")];
    expect(fraction(events, "taobao.daily-3min")).toBe("0/0");
    const overrides = { "taobao.daily-3min": { window: { end: "24:00" } } };
    expect(fraction(events, "taobao.daily-3min", { overrides })).toBe("1/1");
    expect(resolveRules(overrides)["taobao.daily-3min"].window).toEqual({ start: "08:00", end: "24:00" });
  });
  it("the minimum sample, floors and period", () => {
    const events = [tb.buyer("10:00"), tb.human("10:05")];
    const [r] = results(events, {
      rules: ["taobao.rounds-3min"],
      overrides: { "taobao.rounds-3min": { minSample: 1, periodDays: 7, floors: [{ below: 0.5, penalty: "custom", description: "x" }] } },
    });
    expect(r).toMatchObject({ from: "2026-01-01", to: "2026-01-07", assessed: true, grade: "较差", penalties: ["custom"] });
  });
  it("the clock origin: Kuaishou measured per message instead of per streak", () => {
    const events = [ks.buyer("10:00"), ks.buyer("10:04"), ks.human("10:06")];
    expect(fraction(events, "kuaishou.shop-5min")).toBe("0/2");
    expect(fraction(events, "kuaishou.shop-5min", { overrides: { "kuaishou.shop-5min": { clockOrigin: "message" } } })).toBe("1/2");
  });
  it("cross-day and uncounted-first-reply exclusions can be switched off", () => {
    const crossDay = [tb.buyer("23:50"), tb.human("2026-01-08 00:05")];
    expect(fraction(crossDay, "taobao.rounds-3min", { to: "2026-01-08", overrides: { "taobao.rounds-3min": { excludeCrossDay: false } } })).toBe("0/1");
    const auto = [tb.buyer("10:00"), tb.bot("10:00:05", "autoreply", "auto"), tb.human("10:01")];
    expect(fraction(auto, "taobao.rounds-3min", { overrides: { "taobao.rounds-3min": { excludeUncountedFirstReply: false } } })).toBe("1/1");
  });
  it("presets are untouched by a shop's overrides", () => {
    resolveRules({ "kuaishou.shop-5min": { limitSeconds: 1 } });
    expect(RULE_PRESETS["kuaishou.shop-5min"].limitSeconds).toBe(300);
  });
});
