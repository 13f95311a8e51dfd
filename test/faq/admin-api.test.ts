import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/core/crypto.js";
import type { AppEnv } from "../../src/http/env.js";
import { handleError } from "../../src/http/errors.js";
import { adminRoutes } from "../../src/http/routes/admin/index.js";
import type { ServiceContext, Shop } from "../../src/services/context.js";
import { type FaqRegistry, openFaqRegistry } from "../../src/node/faq-registry.js";
import { typedCalls } from "../support/harness.js";

const SHARED = `entries:
  - id: shipping-time
    question: 什么时候发货？
    examples: [几天能发货, 今天能发吗]
    answer: 48小时内发货。
  - id: free-shipping
    question: 包邮吗？
    examples: [免运费吗]
    answer: 满49包邮。
`;

let dir: string;
let registry: FaqRegistry;
let app: Hono<AppEnv>;
const TOKEN_A = "admin-token-a";
const TOKEN_B = "admin-token-b";

async function shop(id: string, token: string): Promise<Shop> {
  return { config: { id, adminTokenSha256: [await sha256Hex(token)] }, rules: {}, agentsById: new Map() } as unknown as Shop;
}

beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), "faq-api-")), "faq");
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "shipping.yaml"), SHARED);
  registry = await openFaqRegistry({ dir, watch: false, log: () => {} });
  app = await mount(registry);
});

/** The admin routes over a registry, with only what they and requireAdmin touch: the shops and the FAQ provider. */
async function mount(faq: FaqRegistry): Promise<Hono<AppEnv>> {
  const shops = new Map([
    ["a", await shop("a", TOKEN_A)],
    ["b", await shop("b", TOKEN_B)],
  ]);
  const ctx = { shops, faq } as unknown as ServiceContext;
  const a = new Hono<AppEnv>();
  a.onError(handleError);
  a.use("*", async (c, next) => {
    c.set("ctx", ctx);
    await next();
  });
  a.route("/api/admin", adminRoutes());
  return a;
}

afterEach(async () => {
  registry.close();
  await rm(join(dir, ".."), { recursive: true, force: true });
});

function call(method: string, path: string, token: string | undefined, body?: unknown) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  return app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** the admin routes' typed calls (test/support/harness.ts), as shop a's admin */
const typed = () => typedCalls(app);
const asA = { token: TOKEN_A };

describe("FAQ admin API", () => {
  it("needs an admin token", async () => {
    expect((await call("GET", "/api/admin/faq", undefined)).status).toBe(401);
    expect((await call("GET", "/api/admin/faq", "wrong")).status).toBe(401);
  });

  it("lists the shop's live entries with version and threshold", async () => {
    const r = await typed().call("GET /api/admin/faq", asA);
    expect(r.status).toBe(200);
    const body = r.body;
    expect(body.shop).toBe("a");
    expect(body.entries.map((e) => [e.id, e.origin])).toEqual([
      ["shipping-time", "shared"],
      ["free-shipping", "shared"],
    ]);
    expect(body.version).toBe(registry.forShop("a").version);
    expect(body.errors).toEqual([]);
  });

  it("saves a shop's entry atomically into its own directory, live on return, invisible to other shops", async () => {
    const put = await typed().call("PUT /api/admin/faq/entries/:id", {
      ...asA,
      params: { id: "free-shipping" },
      body: {
        question: "包邮吗？",
        examples: ["免运费吗", "包不包邮"],
        answer: "本店全场包邮。",
        answers: { douyin: "抖音订单全场包邮。" },
      },
    });
    expect(put.status).toBe(200);
    const res = put.body;
    expect(res.file).toBe("faq/shops/a/entries.yaml");
    expect(res.version).toBe(registry.forShop("a").version);
    expect(registry.forShop("a").match("包不包邮").matches[0]!.answer).toBe("本店全场包邮。");
    expect(registry.forShop("a").match("包不包邮", { platform: "douyin" }).matches[0]!.answer).toBe("抖音订单全场包邮。");
    expect(registry.forShop("b").match("包不包邮").matches[0]!.answer).toBe("满49包邮。");
    // shared file untouched, no temp file left behind
    expect(await readFile(join(dir, "shipping.yaml"), "utf8")).toBe(SHARED);
    expect(await readdir(join(dir, "shops", "a"))).toEqual(["entries.yaml"]);

    const list = (await (await call("GET", "/api/admin/faq", TOKEN_A)).json()) as { entries: { id: string; origin: string }[] };
    expect(list.entries.find((e) => e.id === "free-shipping")!.origin).toBe("shop");

    // editing again replaces the entry in the same file, comments and others kept
    const again = await call("PUT", "/api/admin/faq/entries/free-shipping", TOKEN_A, { question: "包邮吗？", answer: "满9.9包邮。" });
    expect(again.status).toBe(200);
    const text = await readFile(join(dir, "shops", "a", "entries.yaml"), "utf8");
    expect(text).toContain("# Entries saved through the admin API");
    expect(text.match(/id: free-shipping/g)).toHaveLength(1);
    // block style, id first, as the shared files are written by hand (not one flow-style line)
    expect(text).toContain("entries:\n  - id: free-shipping\n    question: 包邮吗？\n    examples:\n      - 免运费吗\n      - 包不包邮\n    answer: 满9.9包邮。\n    answers:\n      douyin: 抖音订单全场包邮。\n");
    // it overrides a shared entry: the list says so (the dashboard offers 恢复共享版本)
    const after = (await (await call("GET", "/api/admin/faq", TOKEN_A)).json()) as { entries: { id: string; overrides?: boolean }[] };
    expect(after.entries.find((e) => e.id === "free-shipping")!.overrides).toBe(true);
    expect(registry.forShop("a").match("包邮吗").matches[0]!.answer).toBe("满9.9包邮。");
  });

  it("rejects an invalid entry with file:line errors and writes nothing", async () => {
    const before = registry.forShop("a").version;
    const r = await call("PUT", "/api/admin/faq/entries/gift", TOKEN_A, { question: "有赠品吗", answer: "", colour: "red", enabled: "yes" });
    expect(r.status).toBe(400);
    const body = (await r.json()) as { error: { code: string; errors: { file: string; line: number; message: string }[] } };
    expect(body.error.code).toBe("bad_request");
    const messages = body.error.errors.map((e) => `${e.file}:${e.line}: ${e.message}`);
    expect(messages.some((m) => m.startsWith("faq/shops/a/entries.yaml:") && m.includes("gift: answer is empty"))).toBe(true);
    expect(messages.some((m) => m.includes('unknown field "colour"'))).toBe(true);
    expect(messages.some((m) => m.includes("enabled must be true or false"))).toBe(true);
    // each with its Chinese for the dashboard
    expect(body.error.errors.map((e) => (e as { zh?: string }).zh)).toEqual(expect.arrayContaining(["条目 gift：答案不能为空", "启用必须为 true 或 false"]));
    expect(registry.forShop("a").version).toBe(before);
    await expect(readdir(join(dir, "shops", "a"))).rejects.toThrow();
  });

  it("rejects a body whose id differs from the path", async () => {
    const r = await call("PUT", "/api/admin/faq/entries/gift", TOKEN_A, { id: "other", question: "q", answer: "a" });
    expect(r.status).toBe(400);
  });

  it("deletes the shop's own entry so the shared one shows again; 404 for shared ones", async () => {
    await call("PUT", "/api/admin/faq/entries/free-shipping", TOKEN_A, { question: "包邮吗？", answer: "本店全场包邮。" });
    expect((await call("DELETE", "/api/admin/faq/entries/shipping-time", TOKEN_A)).status).toBe(404);
    const del = await typed().call("DELETE /api/admin/faq/entries/:id", { ...asA, params: { id: "free-shipping" } });
    expect(del.status).toBe(200);
    expect(registry.forShop("a").match("包邮吗").matches[0]!.answer).toBe("满49包邮。");
  });

  it("keeps hand-written comments and flow lists of other entries when one entry is edited; an old flow-style file is written back as blocks", async () => {
    await mkdir(join(dir, "shops", "a"), { recursive: true });
    const own = join(dir, "shops", "a", "own.yaml");
    await writeFile(
      own,
      "# 本店自己的条目\nentries:\n  - id: gift\n    question: 有赠品吗？\n    examples: [送什么]\n    # 赠品随季节换\n    answer: 有小样。 # 11 月\n  - id: wrap\n    question: 能包装吗？\n    examples: [礼品包装]\n    answer: 可以。\n",
    );
    await registry.reload();
    expect((await call("PUT", "/api/admin/faq/entries/gift", TOKEN_A, { answer: "送定制帆布袋。", examples: ["送什么", "有啥赠品"] })).status).toBe(200);
    expect(await readFile(own, "utf8")).toBe(
      "# 本店自己的条目\nentries:\n  - id: gift\n    question: 有赠品吗？\n    examples:\n      - 送什么\n      - 有啥赠品\n    # 赠品随季节换\n    answer: 送定制帆布袋。 # 11 月\n  - id: wrap\n    question: 能包装吗？\n    examples: [ 礼品包装 ]\n    answer: 可以。\n",
    );
    // entries.yaml as the old editor seeded it: `entries: []`, entries as one flow line
    const seeded = join(dir, "shops", "a", "entries.yaml");
    await writeFile(seeded, "# Entries saved through the admin API.\nentries: [ { id: old, question: 旧问题？, examples: [ 旧 ], answer: 旧答案 } ]\n");
    await registry.reload();
    expect((await call("PUT", "/api/admin/faq/entries/fresh", TOKEN_A, { question: "新问题？", examples: ["新"], answer: "新答案" })).status).toBe(200);
    const text = await readFile(seeded, "utf8");
    expect(text).toMatch(/^entries:\n {2}- \{/m); // the old entry keeps its own style …
    expect(text).toContain("\n  - id: fresh\n    question: 新问题？\n    examples:\n      - 新\n    answer: 新答案\n"); // … the new one is a block
  });

  it("reverts an override: DELETE removes the shop's copy and the shared entry is live again, no longer marked", async () => {
    await call("PUT", "/api/admin/faq/entries/shipping-time", TOKEN_A, { answer: "本店24小时内发货。" });
    const before = (await (await call("GET", "/api/admin/faq", TOKEN_A)).json()) as { entries: { id: string; origin: string; overrides?: boolean }[] };
    expect(before.entries.find((e) => e.id === "shipping-time")).toMatchObject({ origin: "shop", overrides: true });
    expect((await call("DELETE", "/api/admin/faq/entries/shipping-time", TOKEN_A)).status).toBe(200);
    const after = (await (await call("GET", "/api/admin/faq", TOKEN_A)).json()) as { entries: { id: string; origin: string; overrides?: boolean; answer: string }[] };
    const entry = after.entries.find((e) => e.id === "shipping-time")!;
    expect(entry).toMatchObject({ origin: "shared", answer: "48小时内发货。" });
    expect(entry.overrides).toBeUndefined();
  });

  it("gets one entry and tries a question against the live FAQ", async () => {
    const g = await typed().call("GET /api/admin/faq/entries/:id", { ...asA, params: { id: "shipping-time" } });
    expect(g.status).toBe(200);
    expect(g.body.answer).toBe("48小时内发货。");
    expect((await call("GET", "/api/admin/faq/entries/nope", TOKEN_A)).status).toBe(404);
    const t = await typed().call("POST /api/admin/faq/try", { ...asA, body: { text: "亲，几天能發貨？" } });
    expect(t.status).toBe(200);
    const body = t.body;
    expect(body.normalized).toBe("几天能发货");
    expect(body.matches[0]!.entryId).toBe("shipping-time");
    expect((await call("POST", "/api/admin/faq/try", TOKEN_A, { text: "x", platform: "pdd" })).status).toBe(400);
  });

  it("saves at once: each answers with a version whose set contains its entry", async () => {
    // the entries of shop a in each version that went live
    const idsOf = new Map<string, Set<string>>();
    const off = registry.onReload(() => idsOf.set(registry.forShop("a").version, new Set(registry.forShop("a").entries.map((e) => e.id))));
    const saves = await Promise.all(Array.from({ length: 12 }, (_, i) => call("PUT", `/api/admin/faq/entries/e${i}`, TOKEN_A, { question: `问题${i}？`, examples: [`例句${i}`], answer: `答案${i}` })));
    off();
    for (const [i, res] of saves.entries()) {
      expect(res.status).toBe(200);
      const { version } = (await res.json()) as { version: string };
      expect(idsOf.get(version)?.has(`e${i}`), `e${i} in ${version}`).toBe(true);
    }
  });

  it("a save whose rebuild outlasts the wait answers 202 pending, and goes live in the background", async () => {
    registry.close();
    registry = await openFaqRegistry({ dir, watch: false, log: () => {}, saveWaitMs: 0 });
    app = await mount(registry);
    const before = registry.forShop("a").version;
    const res = await call("PUT", "/api/admin/faq/entries/later", TOKEN_A, { question: "稍后？", examples: ["等一下"], answer: "好的" });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ id: "later", pending: true, version: before });
    const until = Date.now() + 5000;
    while (registry.forShop("a").version === before && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(registry.forShop("a").entries.some((e) => e.id === "later")).toBe(true);
  });

  it("PUT {enabled: false} hides a shared entry for the shop only, as documented; fields not sent keep their values", async () => {
    const res = await call("PUT", "/api/admin/faq/entries/shipping-time", TOKEN_A, { enabled: false });
    expect(res.status).toBe(200);
    expect(registry.forShop("a").entries.find((e) => e.id === "shipping-time")?.enabled).toBe(false);
    expect(
      registry
        .forShop("a")
        .match("几天能发货")
        .matches.map((m) => m.entryId),
    ).not.toContain("shipping-time");
    expect(registry.forShop("b").match("几天能发货").matches[0]!.entryId).toBe("shipping-time");
    // shown again with its question and answer as they were
    expect((await call("PUT", "/api/admin/faq/entries/shipping-time", TOKEN_A, { enabled: true })).status).toBe(200);
    expect(registry.forShop("a").entries.find((e) => e.id === "shipping-time")).toMatchObject({ question: "什么时候发货？", answer: "48小时内发货。" });
  });

  it("refuses fields of the wrong JSON type (answer: 42) and writes nothing", async () => {
    for (const [body, message] of [
      [{ question: "价格？", examples: ["多少钱"], answer: 42 }, "answer must be a string"],
      [{ question: "价格？", examples: [99], answer: "99元" }, "each of examples must be a string"],
      [{ question: "价格？", examples: ["多少钱"], answer: "99元", answers: { douyin: 99 } }, "answers must map a platform to a string"],
    ] as const) {
      const res = await call("PUT", "/api/admin/faq/entries/price", TOKEN_A, body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain(message);
    }
    await expect(readdir(join(dir, "shops"))).rejects.toThrow();
  });
});
