/**
 * 快捷短语 over real HTTP routes on a real SQLite file: the shop's phrases (admin), each agent's
 * own (agent), and that nobody reaches another shop's or a colleague's phrases.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { MAX_PERSONAL_PHRASES } from "../../src/services/quick-phrases.js";
import { createHarness, shopConfig, type Harness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ shops: [await shopConfig("default"), await shopConfig("other")] });
});
afterEach(() => h.close());

const json = async <T = any>(res: Response | Promise<Response>): Promise<T> => (await res).json() as Promise<T>;
const adminSend = (shop: string, method: string, path: string, body?: unknown) => h.admin(shop, path, { method, headers: { "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const rows = async () => (await h.ctx.db.all<{ n: number }>(sql`select count(*) as n from quick_phrases`))[0]!.n;

describe("shop phrases (admin)", () => {
  it("creates, lists, edits and deletes the shop's phrases", async () => {
    const created = await h.call("POST /api/admin/phrases", { body: { title: "发货时间", content: "亲，付款后48小时内发货哦" } });
    expect(created.status).toBe(201);
    const { phrase } = created.body;
    expect(phrase).toMatchObject({ scope: "shop", title: "发货时间", content: "亲，付款后48小时内发货哦" });

    h.clock.now += 60_000;
    const edited = (await h.call("PUT /api/admin/phrases/:id", { params: { id: phrase.id }, body: { content: "亲，付款后24小时内发货哦" } })).body;
    expect(edited.phrase).toMatchObject({ id: phrase.id, title: "发货时间", content: "亲，付款后24小时内发货哦", updatedAt: h.clock.now });
    expect((await h.call("GET /api/admin/phrases", {})).body.phrases.map((p) => p.title)).toEqual(["发货时间"]);

    expect((await h.call("DELETE /api/admin/phrases/:id", { params: { id: phrase.id } })).body).toEqual({ deleted: phrase.id });
    expect((await json(h.admin("default", "/phrases"))).phrases).toEqual([]);
    // deleting again: gone
    const again = await adminSend("default", "DELETE", `/phrases/${phrase.id}`);
    expect(again.status).toBe(404);
    expect((await json(again)).error).toMatchObject({ code: "not_found", reason: "phrase-not-found" });
  });

  it("names the bad field: empty title, content over 2000 characters, an update with neither, a non-numeric id", async () => {
    const cases: Array<[string, string, unknown, string, string]> = [
      ["POST", "/phrases", { title: " ", content: "x" }, "title", "required"],
      ["POST", "/phrases", { title: "长", content: "好".repeat(2001) }, "content", "too-long"],
      ["POST", "/phrases", { title: "名".repeat(41), content: "x" }, "title", "too-long"],
      ["PUT", "/phrases/1", {}, "content", "required"],
      ["PUT", "/phrases/abc", { title: "x" }, "id", "not-a-number"],
    ];
    for (const [method, path, body, field, reason] of cases) {
      const res = await adminSend("default", method, path, body);
      expect(res.status, `${method} ${path}`).toBe(400);
      expect((await json(res)).error, `${method} ${path}`).toMatchObject({ code: "bad_request", field, reason });
    }
    const notJson = await h.admin("default", "/phrases", { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(notJson.status).toBe(400);
    expect(await rows()).toBe(0);
  });

  it("stays in its shop: another shop's admin neither sees, edits nor deletes it (404), and its own list is empty", async () => {
    const { phrase } = await json(adminSend("default", "POST", "/phrases", { title: "退货", content: "七天无理由退货" }));
    expect((await json(h.admin("other", "/phrases"))).phrases).toEqual([]);
    expect((await adminSend("other", "PUT", `/phrases/${phrase.id}`, { content: "改掉" })).status).toBe(404);
    expect((await adminSend("other", "DELETE", `/phrases/${phrase.id}`)).status).toBe(404);
    expect((await h.admin("other", "/phrases?shop=default")).status).toBe(403);
    expect((await json(h.admin("default", "/phrases"))).phrases[0].content).toBe("七天无理由退货");
  });

  it("needs an admin token: an agent token is 401 on the admin routes", async () => {
    const res = await h.app.request("/api/admin/phrases", { method: "POST", headers: { authorization: "Bearer default-a1-token", "content-type": "application/json" }, body: JSON.stringify({ title: "a", content: "b" }) });
    expect(res.status).toBe(401);
    expect(await rows()).toBe(0);
  });
});

describe("personal phrases (agent)", () => {
  it("an agent sees the shop's phrases and their own, never a colleague's; shop phrases first", async () => {
    await adminSend("default", "POST", "/phrases", { title: "发货时间", content: "48小时内发货" });
    const mine = await h.call("POST /api/agent/phrases", { agent: "a1", body: { title: "问候", content: "您好，我是小美" } });
    expect(mine.status).toBe(201);
    await h.agent("default", "a2", "POST", "/phrases", { title: "问候", content: "您好，我是小王" });

    const a1 = (await h.call("GET /api/agent/phrases", { agent: "a1" })).body;
    expect(a1.phrases.map((p) => [p.scope, p.content])).toEqual([
      ["shop", "48小时内发货"],
      ["personal", "您好，我是小美"],
    ]);
    expect(Array.isArray(a1.faq)).toBe(true);
    const a2 = await json(h.agent("default", "a2", "GET", "/phrases"));
    expect(a2.phrases.map((p: { content: string }) => p.content)).toEqual(["48小时内发货", "您好，我是小王"]);
    // the other shop's agent sees nothing of this shop
    expect((await json(h.agent("other", "a1", "GET", "/phrases"))).phrases).toEqual([]);
  });

  it("an agent edits and deletes only their own phrases: a colleague's, the shop's or another shop's are 404", async () => {
    const { phrase: shopPhrase } = await json(adminSend("default", "POST", "/phrases", { title: "发货时间", content: "48小时内发货" }));
    const { phrase: own } = await json(h.agent("default", "a1", "POST", "/phrases", { title: "问候", content: "您好" }));
    for (const [shop, agent, id] of [
      ["default", "a2", own.id],
      ["other", "a1", own.id],
      ["default", "a1", shopPhrase.id],
    ] as const) {
      expect((await h.agent(shop, agent, "PUT", `/phrases/${id}`, { content: "改掉" })).status, `${shop}/${agent} PUT ${id}`).toBe(404);
      expect((await h.agent(shop, agent, "DELETE", `/phrases/${id}`)).status, `${shop}/${agent} DELETE ${id}`).toBe(404);
    }
    expect((await h.call("PUT /api/agent/phrases/:id", { agent: "a1", params: { id: own.id }, body: { title: "开场白" } })).body.phrase).toMatchObject({ title: "开场白", content: "您好", scope: "personal" });
    expect((await h.call("DELETE /api/agent/phrases/:id", { agent: "a1", params: { id: own.id } })).status).toBe(200);
    expect(await rows()).toBe(1); // the shop's phrase is untouched
  });

  it(`stops at ${MAX_PERSONAL_PHRASES} personal phrases with 409 too-many-phrases; a colleague can still add`, async () => {
    for (let i = 0; i < MAX_PERSONAL_PHRASES; i++) {
      const res = await h.agent("default", "a1", "POST", "/phrases", { title: `短语${i}`, content: `内容${i}` });
      expect(res.status).toBe(201);
    }
    const over = await h.agent("default", "a1", "POST", "/phrases", { title: "再来一条", content: "内容" });
    expect(over.status).toBe(409);
    expect((await json(over)).error).toMatchObject({ code: "conflict", reason: "too-many-phrases", limit: MAX_PERSONAL_PHRASES });
    expect((await h.agent("default", "a2", "POST", "/phrases", { title: "问候", content: "您好" })).status).toBe(201);
  });

  it("keeps markup as text", async () => {
    const content = '<img src=x onerror=alert(1)>"; drop table quick_phrases; --';
    await h.agent("default", "a1", "POST", "/phrases", { title: "<b>x</b>", content });
    const { phrases } = await json(h.agent("default", "a1", "GET", "/phrases"));
    expect(phrases[0]).toMatchObject({ title: "<b>x</b>", content });
  });
});
