import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buyer, createHarness, shopConfig, T0, type Harness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ shops: [await shopConfig("shopA"), await shopConfig("shopB")] });
});
afterEach(() => h.close());

describe("tenancy and tokens", () => {
  it("401 without a token or with an unknown one", async () => {
    expect((await h.app.request("/api/agent/chats")).status).toBe(401);
    const res = await h.app.request("/api/agent/chats", { headers: { authorization: "Bearer nope" } });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("unauthorized");
  });

  it("an agent of one shop never sees or touches another shop's chats", async () => {
    await h.postEvents(buyer("douyin", "secret-buyer", T0, "在吗"), { shop: "shopB" });
    const queueA = await (await h.agent("shopA", "a1", "GET", "/queue")).json();
    expect(queueA.chats).toEqual([]);
    const chatB = (await (await h.agent("shopB", "a1", "GET", "/queue")).json()).chats[0];
    expect((await h.agent("shopA", "a1", "GET", `/chats/${chatB.id}`)).status).toBe(404);
    expect((await h.agent("shopA", "a1", "POST", `/chats/${chatB.id}/claim`)).status).toBe(404);
    expect((await h.agent("shopA", "a1", "POST", `/chats/${chatB.id}/reply`, { text: "hi" })).status).toBe(404);
  });

  it("admin routes need the shop's admin token: agent tokens are 401, another shop is 403", async () => {
    expect((await h.app.request("/api/admin/queue", { headers: { authorization: "Bearer shopA-a1-token" } })).status).toBe(401);
    expect((await h.admin("shopA", "/queue?shop=shopB")).status).toBe(403);
    expect((await h.admin("shopA", "/queue?shop=shopA")).status).toBe(200);
    expect((await h.admin("shopA", "/queue")).status).toBe(200);
  });

  it("a webhook signed with one shop's secret is refused by a shop with another", async () => {
    const other = await createHarness({ shops: [await shopConfig("shopA", { genericWebhookSecret: "different" })] });
    try {
      expect((await other.postEvents(buyer("douyin", "x", T0, "在吗"), { shop: "shopA" })).status).toBe(401);
    } finally {
      other.close();
    }
  });
});
