/**
 * Agents added, disabled and re-tokened through the admin API, live without a restart: the new
 * token signs in at once, the old or a disabled one is refused, a disabled agent's chats go back
 * to the queue, tokens are answered once and stored hashed, and the changes survive a restart.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { sha256Hex } from "../../src/core/crypto.js";
import { createApp } from "../../src/http/app.js";
import { createServiceContext } from "../../src/node/context.js";
import { applyAllStoredAgents } from "../../src/services/agents.js";
import { silentLogger } from "../../src/services/context.js";
import { buyer, createHarness, scriptedFaq, DEFAULT_SCRIPT, shopConfig, T0, type Harness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ shops: [await shopConfig("default"), await shopConfig("other")] });
});
afterEach(() => h.close());

const json = async <T = any>(res: Response | Promise<Response>): Promise<T> => (await res).json() as Promise<T>;
const send = (method: string, path: string, body?: unknown, shop = "default") => h.admin(shop, path, { method, headers: { "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const asAgent = (token: string, path = "/api/agent/me") => h.app.request(path, { headers: { authorization: `Bearer ${token}` } });

describe("managing agents from the dashboard", () => {
  it("adds an agent whose token works at once, is answered once and stored only as its SHA-256", async () => {
    const res = await h.call("POST /api/admin/agents", { body: { id: "xiaoli", name: "小李", maxConcurrent: 3 } });
    expect(res.status).toBe(201);
    const { agent, token } = res.body;
    expect(agent).toEqual({ id: "xiaoli", name: "小李", maxConcurrent: 3, disabled: false });
    expect(token).toMatch(/^agt_[0-9a-f]{64}$/);
    const me = await json(asAgent(token));
    expect(me.agent).toMatchObject({ id: "xiaoli", name: "小李" });
    // colleagues see the new agent by name (transfer list)
    expect((await json(h.agent("default", "a1", "GET", "/me"))).agents.map((a: { name: string }) => a.name)).toContain("小李");
    const [row] = await h.ctx.db.all<{ token_sha256: string }>(sql`select token_sha256 from shop_agents where agent_id = 'xiaoli'`);
    expect(row!.token_sha256).toBe(await sha256Hex(token));
    const list = await h.call("GET /api/admin/agents", {});
    const text = JSON.stringify(list.body);
    expect(text).not.toContain(token);
    expect(text).not.toContain(row!.token_sha256);
    expect(JSON.parse(text)).toMatchObject({ editable: true, agents: [{ id: "a1", managed: false }, { id: "a2" }, { id: "xiaoli", managed: true, disabled: false }] });
    // another shop's agent token never reaches this shop, and its admin sees none of it
    expect((await json(send("GET", "/agents", undefined, "other"))).agents.map((a: { id: string }) => a.id)).toEqual(["a1", "a2"]);
  });

  it("re-tokens: the old token is refused from the next request, the new one works", async () => {
    const { token: first } = await json(send("POST", "/agents", { id: "xiaoli", name: "小李" }));
    const { token: second } = (await h.call("POST /api/admin/agents/:id/token", { params: { id: "xiaoli" } })).body;
    expect(second).not.toBe(first);
    expect((await asAgent(first)).status).toBe(401);
    expect((await asAgent(second)).status).toBe(200);
    // a configured agent too: its env/YAML token stops working
    const { token: a1 } = await json(send("POST", "/agents/a1/token"));
    expect((await h.agent("default", "a1", "GET", "/me")).status).toBe(401);
    expect((await json(asAgent(a1))).agent.name).toBe("小美");
  });

  it("disables an agent: the token is refused and their open chats go back to the queue, to whoever has room; enabling restores them", async () => {
    await h.agent("default", "a1", "PUT", "/status", { online: true });
    await h.postEvents(buyer("taobao", "c1", T0, "在吗"));
    const [chat] = (await json(h.agent("default", "a1", "GET", "/chats"))).chats;
    expect(chat.agent).toBe("a1");
    await h.agent("default", "a2", "PUT", "/status", { online: true });

    const off = await h.call("PUT /api/admin/agents/:id", { params: { id: "a1" }, body: { disabled: true } });
    expect(off.status).toBe(200);
    expect(off.body.agent).toMatchObject({ id: "a1", disabled: true });
    expect((await h.agent("default", "a1", "GET", "/me")).status).toBe(401);
    expect((await json(h.agent("default", "a2", "GET", "/chats"))).chats.map((c: { conversation: string }) => c.conversation)).toEqual(["c1"]);
    // the queue never hands a disabled agent anything
    await h.postEvents(buyer("taobao", "c2", T0 + 1000, "在吗"));
    await h.postEvents(buyer("taobao", "c3", T0 + 2000, "在吗")); // a2 is full (2): c3 waits
    expect((await json(h.agent("default", "a2", "GET", "/queue"))).chats.map((c: { conversation: string }) => c.conversation)).toEqual(["c3"]);

    await send("PUT", "/agents/a1", { disabled: false, name: "小美美", maxConcurrent: 4 });
    expect((await json(h.agent("default", "a1", "GET", "/me"))).agent).toMatchObject({ name: "小美美", maxConcurrent: 4 });
  });

  it("survives a restart: a new process applies the stored agents", async () => {
    const { token } = await json(send("POST", "/agents", { id: "xiaoli", name: "小李" }));
    await send("PUT", "/agents/a2", { disabled: true });
    const shops = [await shopConfig("default"), await shopConfig("other")];
    const ctx = createServiceContext({ db: h.ctx.db, config: { ...h.ctx.config, shops }, faq: scriptedFaq(DEFAULT_SCRIPT), now: () => h.clock.now, log: silentLogger });
    await applyAllStoredAgents({ ctx });
    const app = createApp(ctx);
    expect((await app.request("/api/agent/me", { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await app.request("/api/agent/me", { headers: { authorization: "Bearer default-a2-token" } })).status).toBe(401);
  });

  it("names the bad input and refuses what does not exist or exists already", async () => {
    const cases: Array<[string, string, unknown, number, Record<string, unknown>]> = [
      ["POST", "/agents", { id: "Bad Id", name: "x" }, 400, { field: "id", reason: "bad-agent-id" }],
      ["POST", "/agents", { id: "ok", name: " " }, 400, { field: "name", reason: "required" }],
      ["POST", "/agents", { id: "ok", name: "名".repeat(21) }, 400, { field: "name", reason: "too-long" }],
      ["POST", "/agents", { id: "ok", name: "x", maxConcurrent: 0 }, 400, { field: "maxConcurrent", reason: "out-of-range" }],
      ["POST", "/agents", { id: "ok", name: "x", maxConcurrent: 51 }, 400, { field: "maxConcurrent", reason: "out-of-range" }],
      ["POST", "/agents", { id: "ok", name: "x", maxConcurrent: "3" }, 400, { field: "maxConcurrent", reason: "out-of-range" }],
      ["POST", "/agents", { id: "a1", name: "重复" }, 409, { field: "id", reason: "agent-exists" }],
      ["PUT", "/agents/nobody", { disabled: true }, 404, { reason: "unknown-agent" }],
      ["PUT", "/agents/a1", { disabled: "yes" }, 400, { field: "disabled", reason: "not-boolean" }],
      ["POST", "/agents/nobody/token", undefined, 404, { reason: "unknown-agent" }],
    ];
    for (const [method, path, body, status, error] of cases) {
      const res = await send(method, path, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(status);
      expect((await json(res)).error, `${method} ${path}`).toMatchObject(error);
    }
    // another shop's admin cannot touch this shop's agents (its own shop has no such row; ?shop= is 403)
    expect((await send("PUT", "/agents/a1?shop=default", { disabled: true }, "other")).status).toBe(403);
    expect((await h.agent("default", "a1", "GET", "/me")).status).toBe(200);
    // an agent token cannot manage agents
    const res = await h.app.request("/api/admin/agents", { method: "POST", headers: { authorization: "Bearer default-a1-token", "content-type": "application/json" }, body: JSON.stringify({ id: "x", name: "x" }) });
    expect(res.status).toBe(401);
  });
});
