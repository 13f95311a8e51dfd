/**
 * The Workers FAQ bundle (scripts/bundle-faq.ts → src/worker/faq.ts) against the Node
 * registry (src/node/faq-registry.ts): the same files give the same entries and versions,
 * and a broken file fails the build with the same file:line errors Node reports.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { bundleFaq, readFaqBundle, trainBundleModels } from "../../scripts/bundle-faq.js";
import { formatFaqError } from "../../src/core/faq/parse.js";
import { openFaqRegistry } from "../../src/node/faq-registry.js";
import { faqFromBundle, lazyFaqFromBundle } from "../../src/worker/faq.js";

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

describe("FAQ bundle for Workers", () => {
  it("the repository's faq/ gives the same matchers as the Node registry, shared and per shop", async () => {
    const bundled = faqFromBundle(await readFaqBundle("faq"));
    const registry = await openFaqRegistry({ dir: "faq", watch: false, log: () => {} });
    try {
      expect(bundled.errors).toEqual([]);
      expect(bundled.shared.version).toBe(registry.sharedMatcher.version);
      expect([...bundled.shops.keys()].sort()).toEqual(registry.shopIds.sort());
      for (const id of registry.shopIds) expect(bundled.forShop(id)!.version).toBe(registry.forShop(id).version);
      expect(bundled.forShop("no-such-shop")!.version).toBe(registry.forShop("no-such-shop").version);
      for (const q of ["什么时候发货", "怎么退货", "在吗"]) expect(bundled.shared.match(q)).toEqual(registry.sharedMatcher.match(q));
    } finally {
      registry.close();
    }
  });

  it("the Worker's lazy FAQ builds a shop's matcher on its first use only, answering as the eager build does", async () => {
    const read = await readFaqBundle("faq");
    const bundle = { ...read, models: trainBundleModels(read) };
    const eager = faqFromBundle(bundle);
    const lazy = lazyFaqFromBundle(bundle);
    expect(lazy.built()).toBe(0);
    const shop = [...eager.shops.keys()][0]!;
    expect(lazy.forShop(shop)!.version).toBe(eager.forShop(shop)!.version);
    expect(lazy.built()).toBe(1);
    expect(lazy.forShop(shop)).toBe(lazy.forShop(shop));
    expect(lazy.built()).toBe(1);
    for (const q of ["什么时候发货", "怎么退货", "在吗"]) {
      expect(lazy.forShop(shop)!.match(q)).toEqual(eager.forShop(shop)!.match(q));
      expect(lazy.forShop("no-such-shop")!.match(q)).toEqual(eager.shared.match(q));
    }
    expect(lazy.built()).toBe(2);
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
    const mod = (await import(out)) as { default: { version: string; root: string; files: unknown[] } };
    expect(mod.default).toMatchObject({ version: r.version, root: "faq" });
    expect(faqFromBundle(mod.default as never).shared.version).toBe(r.version);
  });
});
