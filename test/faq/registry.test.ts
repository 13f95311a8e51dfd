import { mkdtemp, mkdir, rm, writeFile, rename } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FaqRegistry, openFaqRegistry } from "../../src/node/faq-registry.js";

const SHIPPING = `entries:
  - id: shipping-time
    question: 什么时候发货？
    examples: [几天能发货, 今天能发吗, 多久发货]
    answer: 48小时内发货。
  - id: free-shipping
    question: 包邮吗？
    examples: [免运费吗, 运费多少]
    answer: 满49包邮。
`;

let dir: string;
let registry: FaqRegistry | undefined;
const logs: string[] = [];

beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), "faq-reg-")), "faq");
  await mkdir(join(dir, "shops", "s1"), { recursive: true });
  await writeFile(join(dir, "shipping.yaml"), SHIPPING);
  logs.length = 0;
});

afterEach(async () => {
  registry?.close();
  registry = undefined;
  await rm(join(dir, ".."), { recursive: true, force: true });
});

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error("timed out waiting for the registry");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("FaqRegistry", () => {
  it("loads the shared set and applies a shop's overrides", async () => {
    await writeFile(join(dir, "shops", "s1", "overrides.yaml"), "entries:\n  - id: free-shipping\n    question: 包邮吗？\n    answer: 全场包邮。\n  - id: gift\n    question: 有赠品吗\n    answer: 送袜子。\n");
    registry = await openFaqRegistry({ dir, watch: false, log: (l) => logs.push(l) });
    expect(registry.lastErrors).toEqual([]);
    expect(registry.forShop("other").match("免运费吗").matches[0]!.answer).toBe("满49包邮。");
    expect(registry.forShop("s1").match("免运费吗").matches[0]!.answer).toBe("全场包邮。");
    expect(registry.forShop("s1").match("有赠品吗").matches[0]!.entryId).toBe("gift");
    expect(
      registry
        .forShop("other")
        .match("有赠品吗")
        .matches.map((m) => m.entryId),
    ).not.toContain("gift");
  });

  it("keeps the last good set live on a broken edit and reports file:line", async () => {
    registry = await openFaqRegistry({ dir, watch: false, log: (l) => logs.push(l) });
    const good = registry.forShop("x").version;
    await writeFile(join(dir, "shipping.yaml"), SHIPPING.replace("answer: 满49包邮。", "answer: ''"));
    const r = await registry.reload();
    expect(r.ok).toBe(false);
    expect(registry.lastErrors).toEqual([{ file: "faq/shipping.yaml", line: 9, message: "free-shipping: answer is empty" }]);
    expect(registry.forShop("x").version).toBe(good);
    expect(registry.forShop("x").match("免运费吗").matches[0]!.answer).toBe("满49包邮。");
    expect(logs.some((l) => l.includes("faq/shipping.yaml:9: free-shipping: answer is empty"))).toBe(true);

    await writeFile(join(dir, "shipping.yaml"), SHIPPING.replace("满49包邮。", "满59包邮。"));
    const fixed = await registry.reload();
    expect(fixed.ok).toBe(true);
    expect(registry.lastErrors).toEqual([]);
    expect(registry.forShop("x").version).not.toBe(good);
    expect(registry.forShop("x").match("免运费吗").matches[0]!.answer).toBe("满59包邮。");
  });

  it("reloads on file change (fs.watch, debounced), also after an atomic rename", async () => {
    registry = await openFaqRegistry({ dir, watch: true, debounceMs: 50, log: (l) => logs.push(l) });
    const before = registry.forShop("x").version;
    await writeFile(join(dir, "shipping.yaml.tmp"), SHIPPING.replace("满49包邮。", "满99包邮。"));
    await rename(join(dir, "shipping.yaml.tmp"), join(dir, "shipping.yaml"));
    await waitFor(() => registry!.forShop("x").version !== before).catch((e) => {
      throw new Error(`${e.message}; log: ${logs.join(" / ")}`);
    });
    expect(registry.forShop("x").match("包邮吗").matches[0]!.answer).toBe("满99包邮。");

    // A broken edit arriving through the watcher: errors reported, answers unchanged.
    const live = registry.forShop("x").version;
    await writeFile(join(dir, "shipping.yaml"), "entries:\n  - id: x\n    question: [oops\n");
    await waitFor(() => registry!.lastErrors.length > 0);
    expect(registry.lastErrors[0]!.file).toBe("faq/shipping.yaml");
    expect(registry.forShop("x").version).toBe(live);
  });

  it("serves the valid entries when the very first load has errors", async () => {
    await writeFile(join(dir, "broken.yaml"), "entries:\n  - id: broken\n    question: 坏的\n");
    registry = await openFaqRegistry({ dir, watch: false, log: (l) => logs.push(l) });
    expect(registry.lastErrors.map((e) => `${e.file}:${e.line}`)).toEqual(["faq/broken.yaml:2"]);
    expect(registry.forShop("x").match("几天能发货").matches[0]!.entryId).toBe("shipping-time");
  });

  it("an emptied file is an error: the last good set stays live", async () => {
    registry = await openFaqRegistry({ dir, watch: false, log: (l) => logs.push(l) });
    const version = registry.sharedMatcher.version;
    await writeFile(join(dir, "shipping.yaml"), "# nothing here any more\n\n");
    const r = await registry.reload();
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => `${e.file}:${e.line}`)).toEqual(["faq/shipping.yaml:1"]);
    expect(r.errors[0]!.message).toContain("empty");
    expect(registry.sharedMatcher.version).toBe(version);
    expect(registry.forShop("x").match("几天能发货").matches[0]!.entryId).toBe("shipping-time");
  });

  it("a restart with broken files serves the last good snapshot and says so", async () => {
    const snapshotPath = join(dir, "..", "faq-snapshot.json");
    registry = await openFaqRegistry({ dir, watch: false, log: (l) => logs.push(l), snapshotPath });
    const version = registry.sharedMatcher.version;
    registry.close();
    // broken while the server was down: one file emptied, another half-written
    await writeFile(join(dir, "shipping.yaml"), "");
    await writeFile(join(dir, "returns.yaml"), "entries:\n  - id: returns\n    question: 退货\n");
    registry = await openFaqRegistry({ dir, watch: false, log: (l) => logs.push(l), snapshotPath });
    expect(registry.sharedMatcher.version).toBe(version);
    expect(registry.forShop("x").match("几天能发货").matches[0]!.entryId).toBe("shipping-time");
    expect(registry.lastErrors[0]!.message).toContain("serving the last good FAQ");
    expect(registry.lastErrors.map((e) => e.file)).toEqual([snapshotPath, "faq/shipping.yaml", "faq/returns.yaml"]);
    expect(logs.some((l) => l.includes("serving the last good FAQ"))).toBe(true);
    // once fixed, the files are live again and the snapshot follows them
    await writeFile(join(dir, "shipping.yaml"), SHIPPING);
    await writeFile(join(dir, "returns.yaml"), "entries:\n  - id: returns\n    question: 怎么退货？\n    answer: 七天无理由。\n");
    expect((await registry.reload()).ok).toBe(true);
    expect(registry.lastErrors).toEqual([]);
    expect(registry.sharedMatcher.entries.map((e) => e.id).sort()).toEqual(["free-shipping", "returns", "shipping-time"]);
  });

  it("reloads asked for during a run share the one run after it", async () => {
    registry = await openFaqRegistry({ dir, watch: false, log: (l) => logs.push(l) });
    logs.length = 0;
    const runs = await Promise.all(Array.from({ length: 10 }, () => registry!.reload()));
    expect(logs.filter((l) => l.startsWith("faq: loaded"))).toHaveLength(2);
    expect(new Set(runs.slice(1)).size).toBe(1); // every later caller got the second run's result
  });
});
