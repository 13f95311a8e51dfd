import { describe, expect, it } from "vitest";
import { chooseThreshold, crossValidate, wilsonLower, type HeldOutResult } from "../../src/core/faq/calibrate.js";

function results(spec: [confidence: number, right: boolean][]): HeldOutResult[] {
  return spec.map(([confidence, right], i) => ({ entryId: "a", example: i, text: `q${i}`, predicted: right ? "a" : "b", confidence }));
}

describe("wilsonLower", () => {
  it("is below the observed precision and tightens with more data", () => {
    expect(wilsonLower(20, 20)).toBeLessThan(0.95);
    expect(wilsonLower(200, 200)).toBeGreaterThan(0.95);
    expect(wilsonLower(0, 0)).toBe(0);
  });
});

describe("chooseThreshold", () => {
  it("takes the lowest confidence down to which the precision bound holds, and stops at the first failure", () => {
    // 200 right answers at 0.99..0.80, then a band of mistakes, then right ones again lower down
    const spec: [number, boolean][] = [];
    for (let i = 0; i < 200; i++) spec.push([0.99 - i * 0.001, true]);
    for (let i = 0; i < 30; i++) spec.push([0.7 - i * 0.001, i % 2 === 0]);
    for (let i = 0; i < 300; i++) spec.push([0.5 - i * 0.001, true]);
    const c = chooseThreshold(results(spec));
    expect(c.method).toBe("wilson");
    expect(c.threshold).toBeGreaterThanOrEqual(0.66);
    expect(c.threshold).toBeLessThanOrEqual(0.8);
    expect(c.precisionLowerBound).toBeGreaterThanOrEqual(0.95);
  });

  it("one mistake among the first answers widens the bound for a while but does not end the walk", () => {
    // 60 right, one wrong, then 100 right: precision never drops under the target
    const spec: [number, boolean][] = [];
    for (let i = 0; i < 60; i++) spec.push([0.99 - i * 0.001, true]);
    spec.push([0.9, false]);
    for (let i = 0; i < 100; i++) spec.push([0.8 - i * 0.001, true]);
    const c = chooseThreshold(results(spec));
    expect(c.method).toBe("wilson");
    expect(c.threshold).toBeLessThan(0.71);
    expect(c.precisionLowerBound).toBeGreaterThanOrEqual(0.95);
  });

  it("falls back to raw precision for small sets and to 'never' when nothing qualifies", () => {
    const small = chooseThreshold(results(Array.from({ length: 30 }, (_, i) => [0.9 - i * 0.01, i < 25] as [number, boolean])));
    expect(small.method).toBe("small-set");
    expect(small.precision).toBeGreaterThanOrEqual(0.97);
    const none = chooseThreshold(results(Array.from({ length: 30 }, (_, i) => [0.9 - i * 0.01, i % 2 === 0] as [number, boolean])));
    expect(none).toMatchObject({ method: "none", threshold: 1, coverage: 0 });
  });
});

describe("chooseThreshold with sources", () => {
  it("does not let a pool of easy queries buy mistakes on one source", () => {
    // 300 easy paraphrases, all right, spread over 0.99..0.70; 40 real messages, right above
    // 0.85 and a band of 4 wrong among 10 between 0.85 and 0.80
    const easy: HeldOutResult[] = Array.from({ length: 300 }, (_, i) => ({ entryId: "a", example: i, text: "", predicted: "a", confidence: 0.99 - i * 0.001, source: "paraphrases" }));
    const real: HeldOutResult[] = [];
    for (let i = 0; i < 30; i++) real.push({ entryId: "a", example: i, text: "", predicted: "a", confidence: 0.98 - i * 0.004, source: "real" });
    for (let i = 0; i < 10; i++) real.push({ entryId: "a", example: 30 + i, text: "", predicted: i % 3 === 0 ? "b" : "a", confidence: 0.849 - i * 0.005, source: "real" });
    const pooled = chooseThreshold([...easy, ...real].map(({ source: _s, ...r }) => r));
    const bySource = chooseThreshold([...easy, ...real]);
    // pooled, the 4 mistakes are lost among 340 answers; per source, "real" stops where it would fall under 0.95
    expect(pooled.threshold).toBeLessThan(0.81);
    expect(bySource.threshold).toBeGreaterThan(pooled.threshold);
    const realAnswered = real.filter((r) => r.confidence >= bySource.threshold);
    expect(realAnswered.filter((r) => r.predicted !== r.entryId).length / realAnswered.length).toBeLessThanOrEqual(0.05);
  });

  it("does not judge a source on its first few answers", () => {
    // one wrong real answer at the very top: below MIN_SOURCE_ANSWERS it does not block the pool
    const easy: HeldOutResult[] = Array.from({ length: 300 }, (_, i) => ({ entryId: "a", example: i, text: "", predicted: "a", confidence: 0.99 - i * 0.001, source: "paraphrases" }));
    const real: HeldOutResult[] = [{ entryId: "a", example: 0, text: "", predicted: "b", confidence: 0.995, source: "real" }];
    for (let i = 1; i < 40; i++) real.push({ entryId: "a", example: i, text: "", predicted: "a", confidence: 0.98 - i * 0.004, source: "real" });
    expect(chooseThreshold([...easy, ...real]).threshold).toBeLessThan(0.75);
  });
});

describe("crossValidate", () => {
  it("holds each example out once and counts out-of-scope messages as never right", () => {
    const entries = [
      { id: "ship", question: "什么时候发货", examples: ["几天发货", "今天能发吗", "多久发出"], answer: "a", enabled: true },
      { id: "post", question: "包邮吗", examples: ["免运费吗", "运费多少"], answer: "b", enabled: true },
    ];
    const r = crossValidate(entries, { outOfScope: ["这个是正品吗", "好的"] }, 3);
    expect(r).toHaveLength(7);
    expect(r.filter((x) => x.entryId === "_out_of_scope")).toHaveLength(2);
    for (const x of r.filter((y) => y.entryId === "_out_of_scope")) expect(x.predicted).not.toBe("_out_of_scope");
  });
});
