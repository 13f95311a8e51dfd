/**
 * The FAQ inside workerd: the matchers a Worker restores from the compiled bundle (the shared
 * set's compact form) and makes for an overriding shop (restored where the bundle carries its
 * compact matcher, else derived from the shared matcher with its delta) give the Node build's
 * top 5 and scores for the texts of faq/ (its questions, keywords, out-of-scope lines and
 * 1,200 of its examples, evenly spread), per shop. The Node answers come from the global set-up.
 */
import { describe, expect, it } from "vitest";
import faqBundle from "../../src/worker/faq-bundle.generated.js";
import { lazyFaqFromBundle } from "../../src/worker/faq.js";
import nodeSets from "./faq-node-answers.generated.js";

describe("the bundled FAQ inside workerd", () => {
  it("answers the texts of faq/ with the Node build's top 5 and scores, shared and per overriding shop", () => {
    expect(compareWithNode(lazyFaqFromBundle(faqBundle))).toBeGreaterThan(1000);
  });

  it("derives an overriding shop's matcher from the shared one (no precompiled matcher in the bundle) and answers as Node", () => {
    const faq = lazyFaqFromBundle({ ...faqBundle, shops: faqBundle.shops.map(({ matcher: _precompiled, ...delta }) => delta) });
    expect(compareWithNode(faq)).toBeGreaterThan(1000);
  });
});

/** Every set's answers against Node's; how many texts were compared. */
function compareWithNode(faq: ReturnType<typeof lazyFaqFromBundle>): number {
  let compared = 0;
  for (const set of nodeSets) {
    const m = faq.forShop(set.shop);
    expect(m.version, set.shop).toBe(set.version);
    for (const [q, expected] of set.answers) {
      expect(m.match(q, { topK: 5 }), `${set.shop}: ${q}`).toEqual(expected);
      compared++;
    }
  }
  expect(nodeSets.map((s) => s.shop)).toContain("demo-flagship");
  return compared;
}
