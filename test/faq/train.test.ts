import { describe, expect, it } from "vitest";
import { crossValidate } from "../../src/core/faq/calibrate.js";
import { trainFaqModel } from "../../src/core/faq/train.js";
import { dot, lsaVector, trainLsa } from "../../src/core/faq/lsa.js";
import { buildFaqMatcher } from "../../src/core/faq/matcher.js";
import { hashString, slot } from "../../src/core/faq/residual.js";
import type { FaqEntry } from "../../src/core/faq/types.js";

const entry = (id: string, question: string, examples: string[], answer = "-"): FaqEntry => ({ id, question, examples, answer, enabled: true });

describe("lsa", () => {
  it("gives words that occur in the same entries similar vectors", () => {
    // 甲 and 乙 always occur together, 丙 and 丁 together, never across.
    const docs = [
      ["甲", "乙", "x"],
      ["甲", "乙", "y"],
      ["甲", "乙", "z"],
      ["丙", "丁", "x"],
      ["丙", "丁", "y"],
      ["丙", "丁", "w"],
    ];
    const m = trainLsa(docs, { dims: 2, oversample: 2 });
    expect(m.dims).toBe(2);
    const v = (t: string) => lsaVector(m, [t]);
    expect(dot(v("甲"), v("乙"))).toBeGreaterThan(0.95);
    expect(Math.abs(dot(v("甲"), v("丙")))).toBeLessThan(0.5);
    // unknown words give the zero vector
    expect(dot(lsaVector(m, ["未知"]), v("甲"))).toBe(0);
  });

  it("is deterministic", () => {
    const docs = [
      ["a", "b"],
      ["b", "c"],
      ["a", "c"],
      ["c", "d"],
    ];
    expect(Array.from(trainLsa(docs).vecs)).toEqual(Array.from(trainLsa(docs).vecs));
  });
});

describe("hashed weights", () => {
  it("spreads (feature, class) pairs over the table", () => {
    const mask = (1 << 16) - 1;
    const slots = new Set<number>();
    for (let c = 0; c < 100; c++) for (const t of ["刷", "卡", "pos"]) slots.add(slot(hashString(t), c, mask));
    expect(slots.size).toBeGreaterThan(295);
  });
});

describe("trained reranker", () => {
  // Two entries whose questions share most characters; their paraphrases tell them apart
  // by words the questions do not contain (刷卡机 = POS, 手机 = 云闪付).
  const entries = [
    entry("pos", "POS机坏了怎么办", ["刷卡机坏了", "刷卡机不能用了", "店里刷卡机出故障", "刷卡机没反应"], "请联系收单机构维修POS终端，刷卡机故障由收单机构处理"),
    entry("app", "云闪付坏了怎么办", ["手机付款不能用了", "手机上付不了钱", "手机支付出故障", "手机付款没反应"], "请更新云闪付APP，手机支付故障可重启后再试"),
    entry("card", "银行卡丢了怎么办", ["卡丢了", "卡片遗失", "卡被偷了", "丢卡了"], "请立即致电发卡行挂失银行卡"),
  ];

  it("below MIN_MODEL_EXAMPLES a set runs on BM25 alone (too few examples to learn from)", () => {
    const small = trainFaqModel(entries, {});
    expect(small.ranker).toBeUndefined();
    expect(small.params).toMatchObject({ ranker: 0, mix: 0, wLsa: 0 });
    const plain = buildFaqMatcher(entries, {});
    const m = buildFaqMatcher(entries, {}, { model: small });
    for (const q of ["刷卡机有问题", "手机付款失败", "卡丢了"]) expect(m.match(q)).toEqual(plain.match(q));
  });

  it("keeps the contract and ranks held-out paraphrases at least as well as BM25 alone", () => {
    // the earlier reranker (LSA + n-gram weights, no learned ranker), which trains on any size
    const reranker = trainFaqModel(entries, {}, { ranker: 0 });
    expect(reranker.classes).toEqual(["pos", "app", "card"]);
    expect(reranker.lsa).toBeDefined();
    const m = buildFaqMatcher(entries, {}, { model: reranker });
    const r = m.match("刷卡机坏掉了", { topK: 3 });
    expect(r.matches[0]?.entryId).toBe("pos");
    expect(r.matches.length).toBe(3);
    for (const x of r.matches) expect(x.score).toBeGreaterThanOrEqual(0);
    const plain = buildFaqMatcher(entries, {});
    const right = (mm: typeof m) => ["刷卡机有问题", "手机付款失败"].filter((q, i) => mm.match(q).matches[0]?.entryId === ["pos", "app"][i]).length;
    expect(right(m)).toBeGreaterThanOrEqual(right(plain));
  });

  it("trains per fold in cross-validation and is deterministic", () => {
    const a = crossValidate(entries, {}, 2, {});
    const b = crossValidate(entries, {}, 2, {});
    expect(a.length).toBe(12);
    expect(a).toEqual(b);
  });

  it("without a reranker the matcher is unchanged", () => {
    const plain = buildFaqMatcher(entries, {});
    expect(plain.model).toBeUndefined();
    expect(plain.match("卡丢了").matches[0]?.entryId).toBe("card");
  });
});
