import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildFaqMatcher } from "../../src/core/faq/matcher.js";
import { parseFaqFiles } from "../../src/core/faq/parse.js";

// The demo shop's FAQ as shipped in faq/: what buyers meet out of the box.
const dir = join(import.meta.dirname, "../../faq");
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => ({ path: `faq/${f}`, text: readFileSync(join(dir, f), "utf8") }));
const demo = parseFaqFiles(files);
const matcher = buildFaqMatcher(demo.entries, demo.settings);

describe("buildFaqMatcher on the demo FAQ", () => {
  it("parses without errors", () => {
    expect(demo.errors).toEqual([]);
    expect(demo.entries.length).toBeGreaterThanOrEqual(20);
  });

  // Realistic buyer messages that are not examples in the files.
  const cases: [string, string][] = [
    ["亲，拍下以后几天能发货呀？", "shipping-time"],
    ["我昨天就付款了，怎么到现在还没发货", "urge-shipping"],
    ["能发顺丰吗？我可以补差价", "courier"],
    ["这个免运费吗", "free-shipping"],
    ["不喜欢的话可以七天无理由退吗", "seven-day-return"],
    ["退货的运费谁承担？有运费险吗", "shipping-insurance"],
    ["我要开发票，公司报销用", "invoice"],
    ["有没有优惠券可以领", "coupon"],
    ["身高160体重95斤穿什么码合适", "size-advice"],
    ["地址填错了，帮我改一下地址", "change-address"],
    ["衣服收到就有个破洞，质量太差了", "quality-issue"],
    ["在吗在吗", "greeting"],
    ["請問發票怎麼開", "invoice"],
  ];
  for (const [text, id] of cases) {
    it(`"${text}" → ${id}`, () => {
      const r = matcher.match(text);
      expect(r.matches[0]?.entryId).toBe(id);
    });
  }

  it("answers its own examples confidently", () => {
    for (const text of ["几天能发货", "包不包邮", "有运费险吗"]) {
      const r = matcher.match(text);
      expect(r.confident, text).toBe(true);
    }
  });

  it("is not confident on unrelated text", () => {
    for (const text of ["今天天气怎么样", "你们老板是谁", "帮我写一首诗", "asdfgh", "我想学习编程", "股票明天会涨吗", "🙂🙂🙂"]) {
      const r = matcher.match(text);
      expect(r.confident, text).toBe(false);
    }
  });

  it("returns the platform's answer when the entry has one", () => {
    const taobao = matcher.match("有运费险吗", { platform: "taobao" }).matches[0]!;
    const douyin = matcher.match("有运费险吗", { platform: "douyin" }).matches[0]!;
    expect(taobao.entryId).toBe("shipping-insurance");
    expect(taobao.answer).toContain("支付宝");
    expect(douyin.answer).toContain("抖音");
    expect(taobao.answer).not.toBe(douyin.answer);
  });

  it("shows the normalised text and ranks suggestions with scores in 0..1, best first", () => {
    const r = matcher.match("亲，請問什麼時候發貨？", { topK: 3 });
    expect(r.normalized).toBe("什么时候发货");
    expect(r.matches.length).toBeLessThanOrEqual(3);
    for (const m of r.matches) expect(m.score).toBeGreaterThanOrEqual(0);
    for (const m of r.matches) expect(m.score).toBeLessThanOrEqual(1);
    expect(r.matches[0]!.score).toBeGreaterThanOrEqual(r.matches[1]!.score);
  });

  it("returns no match for empty or punctuation-only text", () => {
    expect(matcher.match("").matches).toEqual([]);
    expect(matcher.match("？？！").confident).toBe(false);
  });
});

describe("buildFaqMatcher", () => {
  const entries = [
    { id: "a", question: "什么时候发货", examples: ["几天发货"], answer: "A", enabled: true },
    { id: "b", question: "包邮吗", examples: ["免运费吗"], answer: "B", enabled: false },
  ];

  it("never returns disabled entries", () => {
    const m = buildFaqMatcher(entries, {});
    expect(m.match("包邮吗").matches.map((x) => x.entryId)).not.toContain("b");
  });

  it("versions the set by content and carries the threshold from settings", () => {
    const m1 = buildFaqMatcher(entries, { threshold: 0.7 });
    const m2 = buildFaqMatcher(entries, { threshold: 0.7 });
    const m3 = buildFaqMatcher([{ ...entries[0]!, answer: "changed" }, entries[1]!], { threshold: 0.7 });
    expect(m1.version).toBe(m2.version);
    expect(m1.version).not.toBe(m3.version);
    expect(m1.threshold).toBe(0.7);
  });

  it("applies synonyms from settings to entries and queries alike", () => {
    const m = buildFaqMatcher([{ ...entries[1]!, enabled: true }, entries[0]!], { synonyms: [["包邮", "免邮"]] });
    const r = m.match("免邮不");
    expect(r.normalized).toBe("包邮吗");
    expect(r.matches[0]!.entryId).toBe("b");
  });
});

describe("an engine that has met many distinct tokens", () => {
  // Engine.termOf keeps the term ids of query tokens in a table filled on first use, up to
  // half of its 16,384 slots; tokens met after that take the vocabulary's Map. Either way
  // a message must score as on a fresh engine.
  it("answers every message exactly as a fresh engine, before and after its token table is full", () => {
    const used = buildFaqMatcher(demo.entries, demo.settings);
    const fresh = () => buildFaqMatcher(demo.entries, demo.settings);
    const probes = ["亲，拍下以后几天能发货呀？", "能发顺丰吗？我可以补差价", "iphone 15 包邮吗😀", "衣服收到就有个破洞，质量太差了"];
    const before = probes.map((q) => used.match(q));
    expect(before).toEqual(probes.map((q) => fresh().match(q)));
    // 9,000 made-up two-character messages: 9,000 distinct bigrams, more than the table keeps
    for (let i = 0; i < 9000; i++) used.match(String.fromCodePoint(0x4e00 + i, 0x6000 + (i % 997)));
    expect(probes.map((q) => used.match(q))).toEqual(before);
    const late = ["寄到乌鲁木齐要多久呀", "发票怎么开", "在吗在吗"];
    expect(late.map((q) => used.match(q))).toEqual(late.map((q) => fresh().match(q)));
  });
});

describe("the best K without scoring every entry's documents", () => {
  // rankBm25 leaves an entry's documents unread when a bound on its score cannot reach the
  // K kept so far; the K it returns must be the first K of the full ranking, scores and all.
  const texts = [...demo.entries.flatMap((e) => [e.question, ...e.examples]), "寄到乌鲁木齐要多久呀", "衣服有破洞 可以退吗 运费谁出", "发票"];
  it("gives the first K of the full ranking, for K = 2, 5 and 10", () => {
    const m = buildFaqMatcher(demo.entries, demo.settings);
    for (const q of texts) {
      const all = m.rank(q, -1).candidates;
      for (const k of [2, 5, 10]) expect(m.rank(q, k).candidates).toEqual(all.slice(0, k));
    }
  });
});
