/** An override the engine cannot compute with fails loudly at config time, naming the rule. */
import { describe, expect, it } from "vitest";
import { resolveRules, type RuleOverrides } from "../../src/core/rules/presets.js";

describe("invalid overrides", () => {
  it.each<[RuleOverrides, RegExp]>([
    [{ "douyin.manual-3min": { window: { start: "9:00" } } }, /douyin\.manual-3min: window/],
    [{ "douyin.manual-3min": { window: { start: "19:00", end: "09:00" } } }, /start must be before/],
    [{ "taobao.rounds-3min": { limitSeconds: -1 } }, /taobao\.rounds-3min: limitSeconds/],
    [{ "taobao.rounds-3min": { periodDays: 0 } }, /periodDays/],
    [{ "taobao.rounds-3min": { minSample: 1.5 } }, /minSample/],
    [{ "kuaishou.shop-5min": { floors: [{ below: 80, penalty: "x", description: "" }] } }, /floor/],
  ])("%j", (overrides, message) => {
    expect(() => resolveRules(overrides)).toThrow(message);
  });
});
