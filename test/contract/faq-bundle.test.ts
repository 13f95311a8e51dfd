/**
 * The Workers FAQ bundle (scripts/bundle-faq.ts → src/worker/faq.ts: the shared matcher in
 * compact binary form, per-shop deltas) against the Node registry (src/node/faq-registry.ts):
 * the same files give the same entries, versions, top 5 and scores for every text the sets
 * were built from, and a broken file fails the build with the same file:line errors Node reports.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { bundleFaq, compileFaqBundle, readFaqFolder } from "../../scripts/bundle-faq.js";
import type { FaqRankingMatcher } from "../../src/core/faq/matcher.js";
import { formatFaqError } from "../../src/core/faq/parse.js";
import type { FaqEntry } from "../../src/core/faq/types.js";
import { openFaqRegistry } from "../../src/node/faq-registry.js";
import { faqFromBundle, type FaqBundle, lazyFaqFromBundle } from "../../src/worker/faq.js";
import { rankerFaqEntries } from "../support/ranker-faq.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempFaq(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "fr-faq-bundle-"));
  dirs.push(root);
  const dir = join(root, "faq");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Every text a set's matcher was built from: each entry's question, examples and keywords, and the out-of-scope lines. */
function textsOf(m: FaqRankingMatcher): string[] {
  return [...m.entries.flatMap((e) => [e.question, ...e.examples, ...(e.keywords ?? [])]), ...(m.settings.outOfScope ?? [])];
}

/** The Worker's matchers (restored and built from the compiled bundle, after a JSON round trip as in the generated module) answer every text of every set with Node's top 5 and scores. */
async function expectWorkerEqualsNode(dir: string, budget?: number): Promise<{ texts: number; shops: number; precompiled: number }> {
  const bundle = JSON.parse(JSON.stringify(compileFaqBundle(await readFaqFolder(dir), budget))) as FaqBundle;
  const worker = lazyFaqFromBundle(bundle);
  const registry = await openFaqRegistry({ dir, watch: false, log: () => {} });
  let texts = 0;
  try {
    expect(worker.shared().version).toBe(registry.sharedMatcher.version);
    expect(worker.shopIds.sort()).toEqual(registry.shopIds.sort());
    for (const id of [...registry.shopIds, "no-such-shop"]) {
      const node = registry.forShop(id) as FaqRankingMatcher;
      const w = worker.forShop(id);
      expect(w.version).toBe(node.version);
      expect(w.entries).toEqual(node.entries);
      for (const q of textsOf(node)) {
        texts++;
        expect(w.match(q, { topK: 5 })).toEqual(node.match(q, { topK: 5 }));
      }
    }
  } finally {
    registry.close();
  }
  return { texts, shops: registry.shopIds.length, precompiled: bundle.shops.filter((d) => d.matcher).length };
}

describe("FAQ bundle for Workers", () => {
  it("the repository's faq/: the Worker's matchers give Node's top 5 and scores for every example, shared and per shop", async () => {
    // the overriding shop's matcher precompiled (the default budget holds it: 0.41 MiB at
    // 3,700 examples with the varint encoding), and built from its delta (no budget)
    const r = await expectWorkerEqualsNode("faq");
    expect(r.shops).toBeGreaterThan(0);
    expect(r.precompiled).toBe(r.shops);
    expect(r.texts).toBeGreaterThan(1000);
    expect(await expectWorkerEqualsNode("faq", 0)).toMatchObject({ shops: r.shops, precompiled: 0 });
    // every example of the demo FAQ (2,000+), twice: 6 s alone, more beside other suites
  }, 90_000);

  it("a FAQ running the learned ranker, with two overriding shops: the Worker's matchers answer as Node's, with the shared set's model", async () => {
    const entries = rankerFaqEntries();
    const yaml = (list: FaqEntry[]) => stringify({ entries: list.map(({ id, question, examples, answer }) => ({ id, question, examples, answer })) });
    const dir = tempFaq({
      "products.yaml": yaml(entries),
      // one shop rewrites an entry's wording and answer, another adds an entry and its own synonyms
      "shops/s1/overrides.yaml": yaml([{ ...entries[3]!, question: "这款能开增值税发票吗？", examples: ["专票可以开吗", "公司报销要发票"], answer: "s1 可以开专票。" }]),
      "shops/s2/overrides.yaml": `${yaml([{ id: "gift-wrap", question: "可以礼品包装吗？", examples: ["送人用的包装", "有没有礼盒"], answer: "可以，下单备注。", enabled: true }])}`,
      "shops/s2/_settings.yaml": "synonyms:\n  - [礼盒, 礼品盒]\n",
    });
    const bundle = compileFaqBundle(await readFaqFolder(dir));
    expect(lazyFaqFromBundle(bundle).shared().model?.ranker).toBeDefined();
    expect(await expectWorkerEqualsNode(dir)).toMatchObject({ shops: 2, precompiled: 2 });
    // made from the deltas: s1 derived from the shared matcher, s2 (own synonyms) built from its texts
    expect(await expectWorkerEqualsNode(dir, 0)).toMatchObject({ shops: 2, precompiled: 0 });
  }, 60_000);

  it("the Worker's lazy FAQ decodes nothing until asked, restores the shared matcher once and builds a shop's from its delta on its first use only", async () => {
    const lazy = lazyFaqFromBundle(compileFaqBundle(await readFaqFolder("faq"), 0));
    expect(lazy.built()).toBe(0);
    const plain = lazy.forShop("no-such-shop");
    expect(lazy.built()).toBe(1);
    expect(lazy.forShop("another-plain-shop")).toBe(plain);
    expect(lazy.built()).toBe(1);
    const shop = lazy.shopIds[0]!;
    expect(lazy.forShop(shop)).toBe(lazy.forShop(shop));
    expect(lazy.built()).toBe(2);
    expect(lazy.forShop(shop).model).toBe(plain.model);
  });

  it("refuses a bundle of another format, naming the command that rebuilds it", async () => {
    const bundle = compileFaqBundle(await readFaqFolder("faq"));
    expect(() => lazyFaqFromBundle({ ...bundle, format: "faq-bundle-1" as never })).toThrow(/npm run bundle:faq/);
  });

  it("refuses to build a broken FAQ, naming file:line as Node does", async () => {
    const dir = tempFaq({
      "shipping.yaml": "entries:\n  - id: ok\n    question: 什么时候发货\n    answer: 48小时内\n  - id: Bad Id\n    question: x\n",
      "shops/s1/overrides.yaml": "entries:\n  - id: ok\n    question: 发货\n    answer: 24小时内\n",
    });
    const registry = await openFaqRegistry({ dir, watch: false, log: () => {} });
    const nodeErrors = registry.lastErrors.map(formatFaqError);
    registry.close();
    expect(nodeErrors.length).toBeGreaterThan(0);
    const out = join(dir, "..", "bundle.js");
    const err = await bundleFaq(dir, out).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(Error);
    for (const line of nodeErrors) expect(err!.message).toContain(line);
  });

  it("writes a bundle whose version is the shared set's", async () => {
    const dir = tempFaq({ "a.yaml": "entries:\n  - id: a\n    question: 在吗\n    answer: 在的\n" });
    const out = join(dir, "..", "bundle.js");
    const r = await bundleFaq(dir, out);
    const mod = (await import(out)) as { default: FaqBundle };
    expect(mod.default).toMatchObject({ version: r.version, root: "faq" });
    expect(faqFromBundle(mod.default).shared.version).toBe(r.version);
  });
});
