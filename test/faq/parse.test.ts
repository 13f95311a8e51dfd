import { describe, expect, it } from "vitest";
import { formatFaqError, mergeFaqSets, parseFaqFiles } from "../../src/core/faq/parse.js";

const GOOD = `topic: 发货
entries:
  - id: shipping-time
    question: 什么时候发货？
    examples:
      - 几天发货
      - 今天能发吗
    answer: 48小时内发货。
  - id: insurance
    question: 有运费险吗
    answer: 有的。
    answers:
      douyin: 抖音退货补运费。
    keywords: [运费险]
    enabled: false
`;

describe("parseFaqFiles", () => {
  it("reads entries with their source lines", () => {
    const r = parseFaqFiles([{ path: "faq/shipping.yaml", text: GOOD }]);
    expect(r.errors).toEqual([]);
    expect(r.entries).toHaveLength(2);
    const [a, b] = r.entries;
    expect(a).toMatchObject({ id: "shipping-time", question: "什么时候发货？", examples: ["几天发货", "今天能发吗"], enabled: true });
    expect(a!.source).toEqual({ file: "faq/shipping.yaml", line: 3, exampleLines: [6, 7] });
    expect(b).toMatchObject({ id: "insurance", answers: { douyin: "抖音退货补运费。" }, keywords: ["运费险"], enabled: false });
  });

  it("reports every problem as file:line", () => {
    const r = parseFaqFiles([
      { path: "faq/a.yaml", text: "entries:\n  - id: x\n    question: q\n    answer: a\n  - id: y\n    question: q\n    answr: typo\n  - id: z\n    question: q\n    answer: ''\n" },
      { path: "faq/b.yaml", text: "entries:\n  - id: x\n    question: again\n    answer: a\n  - id: Bad Id\n    question: q\n    answer: a\n    answers: { pdd: a }\n" },
    ]);
    const lines = r.errors.map(formatFaqError);
    expect(lines).toContain("faq/a.yaml:10: z: answer is empty");
    expect(lines).toContain('faq/a.yaml:7: unknown field "answr" (allowed: id, question, examples, answer, answers, keywords, enabled)');
    expect(lines.some((l) => l.startsWith("faq/a.yaml:5:") && l.includes("answer is required"))).toBe(true);
    expect(lines.some((l) => l.startsWith("faq/b.yaml:2:") && l.includes('duplicate id "x"') && l.includes("faq/a.yaml:2"))).toBe(true);
    expect(lines.some((l) => l.startsWith("faq/b.yaml:5:") && l.includes('id "Bad Id"'))).toBe(true);
    expect(lines.some((l) => l.startsWith("faq/b.yaml:8:") && l.includes('unknown platform "pdd"'))).toBe(true);
  });

  it("reports YAML syntax errors with their line", () => {
    const r = parseFaqFiles([{ path: "faq/c.yaml", text: "entries:\n  - id: x\n    question: [unclosed\n    answer: a\n" }]);
    expect(r.errors.length).toBeGreaterThan(0);
    expect(r.errors[0]!.file).toBe("faq/c.yaml");
    expect(r.errors[0]!.line).toBeGreaterThanOrEqual(3);
    expect(r.entries).toEqual([]);
  });

  it("reads settings from _settings.yaml and rejects unknown ones", () => {
    const ok = parseFaqFiles([{ path: "faq/_settings.yaml", text: "threshold: 0.8\nsynonyms:\n  - [包邮, 免运费]\n" }]);
    expect(ok.errors).toEqual([]);
    expect(ok.settings).toEqual({ threshold: 0.8, synonyms: [["包邮", "免运费"]] });
    const bad = parseFaqFiles([{ path: "faq/_settings.yaml", text: "threshold: 2\nsynonym: []\n" }]);
    expect(bad.errors.map(formatFaqError)).toEqual([
      "faq/_settings.yaml:1: threshold must be a number between 0 and 1",
      'faq/_settings.yaml:2: unknown setting "synonym" (allowed: threshold, synonyms, fillers, outOfScope, scoring, calibration)',
    ]);
  });
});

describe("mergeFaqSets", () => {
  it("lets a shop replace, hide and add entries by id", () => {
    const shared = parseFaqFiles([{ path: "faq/s.yaml", text: GOOD }]);
    const shop = parseFaqFiles([
      {
        path: "faq/shops/s1/o.yaml",
        text: "entries:\n  - id: shipping-time\n    question: 发货\n    answer: 顺丰当天发。\n  - id: gift\n    question: 有赠品吗\n    answer: 有\n",
      },
    ]);
    const merged = mergeFaqSets(shared, shop);
    expect(merged.entries.map((e) => [e.id, e.answer])).toEqual([
      ["shipping-time", "顺丰当天发。"],
      ["insurance", "有的。"],
      ["gift", "有"],
    ]);
  });
});
