/**
 * POST /api/admin/faq/out-of-scope and …/remove on a real server with the demo FAQ: a text added
 * to the shop's 不回答的问题 is written to faq/shops/<shop>/_settings.yaml, listed by GET
 * /api/admin/faq, and from the version the answer names the message is no longer answered alone
 * (the nearest-text rule); adding it again changes nothing; removing it brings the answer back.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { typedCalls } from "../support/typed-calls.js";
import { AGENCY, api, outOfScopeSuite, untilLive } from "./out-of-scope-helpers.js";

const server = outOfScopeSuite();

const ADMIN = "admin-token-demo";
/** the same routes through the server's app, typed and checked by their contracts (test/http/openapi.test.ts) */
const typed = () => typedCalls(server().server.app);
const tryIt = async (text: string, shop = "demo", token = ADMIN) => (await api(server(), "POST", `/api/admin/faq/try?shop=${shop}`, token, { text })).body;

describe("the shop's 不回答的问题", { timeout: 120_000 }, () => {
  it("adds a text: written to the shop's settings file, listed, and the message is no longer answered alone", async () => {
    const before = await tryIt("定制刻字的也能七天无理由退吗");
    expect(before.confident).toBe(true);
    expect(before.matches[0].entryId).toBe("seven-day-return");

    const r = await api(server(), "POST", "/api/admin/faq/out-of-scope?shop=demo", ADMIN, { texts: ["  定制刻字的也能七天无理由退吗 "] });
    expect([200, 202]).toContain(r.status);
    expect(r.body).toMatchObject({ set: "shop", added: ["定制刻字的也能七天无理由退吗"], removed: [], outOfScope: ["定制刻字的也能七天无理由退吗"], file: "faq/shops/demo/_settings.yaml" });
    expect(r.body.pending === true).toBe(r.status === 202);
    const file = await readFile(join(server().faqDir, "shops/demo/_settings.yaml"), "utf8");
    expect(file).toMatch(/^outOfScope:\n {2}- 定制刻字的也能七天无理由退吗$/m);

    const version = await untilLive(server(), ADMIN, "demo", (o) => o.shop.includes("定制刻字的也能七天无理由退吗"));
    if (r.status === 200) expect(version).toBe(r.body.version);
    expect(version).not.toBe(before.version);
    const listed = (await api(server(), "GET", "/api/admin/faq?shop=demo", ADMIN)).body;
    // the shared list first, untouched; the shop's own after it
    expect(listed.outOfScope.shared).toContain("你是机器人吗");
    expect(listed.outOfScope.shared).not.toContain("定制刻字的也能七天无理由退吗");
    expect(listed.outOfScope.shop).toEqual(["定制刻字的也能七天无理由退吗"]);

    const after = await tryIt("定制刻字的也能七天无理由退吗");
    expect(after.version).toBe(version);
    expect(after.confident).toBe(false);
    expect((await tryIt("定制刻字的也能七天无理由退吗呀")).confident).toBe(false);
    // the FAQ's own questions are still answered alone
    expect((await tryIt("怎么退货")).confident).toBe(true);
    expect((await tryIt("发什么快递")).confident).toBe(true);
    // the other shop's set is not changed
    expect((await tryIt("定制刻字的也能七天无理由退吗", "other", "admin-token-other")).confident).toBe(true);
  });

  it("a text already listed is not an error and writes nothing (idempotent)", async () => {
    const path = join(server().faqDir, "shops/demo/_settings.yaml");
    const text = await readFile(path, "utf8");
    const version = (await api(server(), "GET", "/api/admin/faq?shop=demo", ADMIN)).body.version;
    const r = await typed().call("POST /api/admin/faq/out-of-scope", { token: ADMIN, query: { shop: "demo" }, body: { texts: ["定制刻字的也能七天无理由退吗", "定制刻字的也能七天无理由退吗"] } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ added: [], removed: [], outOfScope: ["定制刻字的也能七天无理由退吗"], version });
    expect(r.body.pending).toBeUndefined();
    expect(await readFile(path, "utf8")).toBe(text);
  });

  it("removes a text: the message is answered by the FAQ again; a text not listed is left out of `removed`", async () => {
    const r = await typed().call("POST /api/admin/faq/out-of-scope/remove", { token: ADMIN, query: { shop: "demo" }, body: { texts: ["定制刻字的也能七天无理由退吗", "从没加过的问题"] } });
    expect([200, 202]).toContain(r.status);
    expect(r.body).toMatchObject({ set: "shop", added: [], removed: ["定制刻字的也能七天无理由退吗"], outOfScope: [] });
    await untilLive(server(), ADMIN, "demo", (o) => o.shop.length === 0);
    expect((await tryIt("定制刻字的也能七天无理由退吗")).confident).toBe(true);
  });

  it("the shared set's list (faq/_settings.yaml) by an admin of every shop: every shop stops answering the text", async () => {
    const path = join(server().faqDir, "_settings.yaml");
    const original = await readFile(path, "utf8");
    const r = await api(server(), "POST", "/api/admin/faq/out-of-scope?shop=demo", AGENCY, { texts: ["能寄到香港吗"], set: "shared" });
    expect([200, 202]).toContain(r.status);
    expect(r.body).toMatchObject({ set: "shared", added: ["能寄到香港吗"], file: "faq/_settings.yaml" });
    expect(r.body.outOfScope).toContain("你是机器人吗");
    const written = await readFile(path, "utf8");
    // the rest of the hand-written file (comments, synonyms, threshold) is as it was
    expect(written.startsWith(original.split("outOfScope:")[0]!)).toBe(true);
    expect(written).toContain("  - 能寄到香港吗\n");
    for (const shop of ["demo", "other"]) {
      await untilLive(server(), AGENCY, shop, (o) => o.shared.includes("能寄到香港吗"));
      expect((await tryIt("能寄到香港吗", shop, AGENCY)).confident).toBe(false);
    }
    const back = await api(server(), "POST", "/api/admin/faq/out-of-scope/remove?shop=other", AGENCY, { texts: ["能寄到香港吗"], set: "shared" });
    expect(back.body.removed).toEqual(["能寄到香港吗"]);
    // and removing it gives the hand-written file back, byte for byte
    expect(await readFile(path, "utf8")).toBe(original);
  });
});
