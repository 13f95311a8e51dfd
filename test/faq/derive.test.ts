/**
 * An overriding shop's matcher derived from the shared set's (matcher.ts BuildOptions.base:
 * the entries the shop did not change keep the shared engine's documents, term sets and
 * vectors; only the shop's own are tokenised) answers exactly as the matcher built from the
 * merged texts: the same version, top 5 and scores for every text of the set and for
 * questions with words only the shared set had, words only the shop has, Latin words and
 * words no text has; and the same ranking (raw scores of the top 30). Checked with the
 * shared engine as built and as a Worker restores it from its compact form.
 */
import { describe, expect, it } from "vitest";
import { ExtendedVocabulary } from "../../src/core/faq/bm25.js";
import { compactMatcher, matcherFromCompact } from "../../src/core/faq/compact-model.js";
import { trainFaqModel } from "../../src/core/faq/train.js";
import { buildFaqMatcher, type FaqRankingMatcher, type FaqSettings, faqVersion } from "../../src/core/faq/matcher.js";
import { mergeFaqSets, type ParsedFaqSet } from "../../src/core/faq/parse.js";
import type { FaqEntry } from "../../src/core/faq/types.js";
import { rankerFaqEntries } from "../support/ranker-faq.js";

const sharedEntries = rankerFaqEntries();
const sharedSettings: FaqSettings = { outOfScope: ["是正品吗", "好的谢谢"], synonyms: [["包邮", "免运费"]] };
const model = trainFaqModel(sharedEntries, sharedSettings);
const built = buildFaqMatcher(sharedEntries, sharedSettings, { model });
// as a Worker has it: restored from the compact form, before anything was asked of it
const restored = matcherFromCompact(sharedEntries, sharedSettings, compactMatcher(buildFaqMatcher(sharedEntries, sharedSettings, { model })));

const set = (entries: FaqEntry[], settings: FaqSettings = {}): ParsedFaqSet => ({ entries, settings, errors: [] });
const entry = (id: string, question: string, examples: string[], answer: string, extra: Partial<FaqEntry> = {}): FaqEntry => ({ id, question, examples, answer, enabled: true, ...extra });
const at = (id: string) => sharedEntries.find((e) => e.id === id)!;

/** Shops as they override the shared set, each a different kind of change. */
const shops: Record<string, ParsedFaqSet> = {
  // the bench's kind: three entries with an example and an answer note added, one entry added
  "replaced-and-added": set([
    ...["p0-t1", "p3-t4", "p9-t5"].map((id) => ({ ...at(id), examples: [...at(id).examples, `本店的${at(id).question}`], answer: `${at(id).answer}（本店专属）` })),
    entry("pickup", "可以到门店自提吗？", ["能自己去店里拿吗", "门店自提", "ZX-9000 门店有货吗"], "支持门店自提。"),
  ]),
  // an entry rewritten in words no other text has (its old words leave the set: 电脑 only stays through other entries), one disabled
  "rewritten-and-disabled": set([entry("p1-t0", "韩国寄过来的能退吗？", ["海外直邮退货", "从首尔发的包裹退回"], "海外直邮商品不支持七天无理由。"), { ...at("p2-t3"), enabled: false }]),
  // keywords, its own out-of-scope lines and threshold, an entry without examples
  "keywords-oos-threshold": set([{ ...at("p4-t2"), keywords: ["延保", "保修卡"] }, entry("vip", "会员有什么权益？", [], "会员享九五折。", { keywords: ["VIP"] })], { outOfScope: ["你是机器人吗"], threshold: 0.8 }),
  // its own synonyms: every text normalises differently, so the matcher is built, not derived
  "own-synonyms": set([entry("gift", "可以礼品包装吗？", ["送人用的包装", "有没有礼盒"], "可以，下单备注。")], { synonyms: [["礼盒", "礼品盒"]] }),
};

function textsOf(m: FaqRankingMatcher): string[] {
  return [...m.entries.flatMap((e) => [e.question, ...e.examples, ...(e.keywords ?? [])]), ...(m.settings.outOfScope ?? [])];
}

const questions = ["电脑坏了保几年", "韩国买的手机能退吗", "ZX-9000 有货吗", "免运费吗", "我的耳机连不上怎么办", "会员 VIP 打折吗", "这个东西正品吗", "完全无关的一句话", "xyz 123"];

function isDerived(m: FaqRankingMatcher): boolean {
  // white box: a derived engine's vocabulary extends the base's instead of being its own Map
  return (m as unknown as { docIndex: { terms: unknown } }).docIndex.terms instanceof ExtendedVocabulary;
}

describe("an overriding shop's matcher derived from the shared one", () => {
  for (const [name, shop] of Object.entries(shops)) {
    it(`${name}: the same version, top 5, scores and ranking as the matcher built from the merged texts`, () => {
      const merged = mergeFaqSets(set(sharedEntries, sharedSettings), shop);
      const full = buildFaqMatcher(merged.entries, merged.settings, { model });
      // the Worker passes the base's own model (the restored one is an equal copy of `model`)
      for (const base of [built, restored]) {
        const derived = buildFaqMatcher(merged.entries, merged.settings, { model: base.model, base, version: faqVersion(merged.entries, merged.settings) });
        expect(isDerived(derived)).toBe(name !== "own-synonyms");
        expect(derived.version).toBe(full.version);
        expect(derived.threshold).toBe(full.threshold);
        const texts = [...textsOf(full), ...textsOf(base), ...questions];
        for (const q of texts) {
          expect(derived.match(q, { topK: 5 }), q).toEqual(full.match(q, { topK: 5 }));
          const rank = (m: FaqRankingMatcher) => m.rank(q, 30).candidates.map((c) => [c.entry.id, c.raw, ...c.features]);
          expect(rank(derived), q).toEqual(rank(full));
        }
        expect(derived.evidence!("电脑坏了保几年", "p1-t2")).toEqual(full.evidence!("电脑坏了保几年", "p1-t2"));
        expect(derived.entryTexts!("p1-t0")).toEqual(full.entryTexts!("p1-t0"));
      }
      // the shared engine is not changed by what was derived from it
      for (const q of questions) expect(restored.match(q, { topK: 5 })).toEqual(built.match(q, { topK: 5 }));
    }, 60_000);
  }

  it("without a model (BM25 only) and with a different one: derived only where the model is the base's", () => {
    const plain = buildFaqMatcher(sharedEntries, sharedSettings);
    const merged = mergeFaqSets(set(sharedEntries, sharedSettings), shops["replaced-and-added"]!);
    const full = buildFaqMatcher(merged.entries, merged.settings);
    const derived = buildFaqMatcher(merged.entries, merged.settings, { base: plain });
    expect(isDerived(derived)).toBe(true);
    for (const q of [...textsOf(full), ...questions]) expect(derived.match(q, { topK: 5 }), q).toEqual(full.match(q, { topK: 5 }));
    // the base runs no model, this set does: built, not derived
    expect(isDerived(buildFaqMatcher(merged.entries, merged.settings, { model: model, base: plain }))).toBe(false);
  });
});
