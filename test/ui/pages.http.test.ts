/**
 * The pages and their JSON routes without a browser: every page answers 200 on an empty
 * database, for an unknown shop and for a rule without data (the empty state is the client's
 * job, but nothing may 500); the dashboard API answers empty series; assets are served locally.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, T0, buyer } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const admin = { authorization: "Bearer admin-token-default" };

describe("pages", () => {
  // typed calls: each page's answer checked against its contract
  const pages = {
    "/": () => h.call("GET /", {}),
    "/console": () => h.call("GET /console", {}),
    "/dashboard": () => h.call("GET /dashboard", {}),
    "/dashboard?shop=nope": () => h.call("GET /dashboard", { query: { shop: "nope" } }),
    "/dashboard?shop=default&rule=kuaishou.agent-5min": () => h.call("GET /dashboard", { query: { shop: "default", rule: "kuaishou.agent-5min" } }),
    "/dashboard?rule=nope": () => h.call("GET /dashboard", { query: { rule: "nope" } }),
  };
  it.each(Object.keys(pages) as (keyof typeof pages)[])("GET %s → 200 HTML with a strict CSP", async (path) => {
    const res = await pages[path]();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = res.body;
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain('lang="zh-CN"');
    // everything is served by the app itself: no CDN
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it("serves the client assets (uPlot included) with a content hash, and 404s unknown ones", async () => {
    const html = (await h.call("GET /dashboard", {})).body;
    const srcs = [...html.matchAll(/(?:src|href)="(\/ui\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(srcs.some((s) => s.startsWith("/ui/assets/uPlot.iife.min.js?v="))).toBe(true);
    for (const src of srcs) {
      const [, name, v] = /^\/ui\/assets\/([^?]+)\?v=(.*)$/.exec(src)!;
      const res = await h.call("GET /ui/assets/:name", { params: { name: name! }, query: { v: v! } });
      expect(res.status, src).toBe(200);
      expect(res.headers.get("cache-control")).toContain("immutable");
      expect(res.body.length).toBeGreaterThan(100);
    }
    expect((await h.app.request("/ui/assets/nope.js")).status).toBe(404);
    // names of the asset table's object, not assets: never a 200 with an etag of "undefined"
    for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      const res = await h.app.request(`/ui/assets/${name}?v=undefined`);
      expect(res.status, name).toBe(404);
      expect(res.headers.get("etag"), name).toBeNull();
    }
  });
});

describe("GET /api/admin/dashboard", () => {
  it("answers empty series on an empty database", async () => {
    const res = await h.call("GET /api/admin/dashboard", {});
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body.rules.map((r) => r.rule)).toEqual(["douyin.manual-3min", "douyin.first-reply-2min", "taobao.rounds-3min", "taobao.daily-3min", "taobao.reply-rate", "kuaishou.shop-5min", "kuaishou.agent-5min"]);
    for (const r of body.rules) {
      expect(r.status).toBe("grey");
      expect(r.today.rate).toBeNull();
      expect(r.days).toHaveLength(30);
    }
    expect(body.atRisk).toEqual([]);
    expect(body.late.items).toEqual([]);
    expect(body.lateByHour.byHour).toEqual(new Array(24).fill(0));
  });

  it("a rule without data answers that rule only, empty; an unknown rule or day is a 400; an unknown shop a 403", async () => {
    await h.postEvents([buyer("douyin", "c1", T0 - 1000, "在吗")]);
    const one = (await (await h.app.request("/api/admin/dashboard?rule=kuaishou.shop-5min", { headers: admin })).json()) as { rules: { rule: string; last30: { denominator: number } }[] };
    expect(one.rules).toHaveLength(1);
    expect(one.rules[0]).toMatchObject({ rule: "kuaishou.shop-5min", last30: { denominator: 0 } });
    expect((await h.app.request("/api/admin/dashboard?rule=nope", { headers: admin })).status).toBe(400);
    expect((await h.app.request("/api/admin/dashboard?day=2026-13-01", { headers: admin })).status).toBe(400);
    expect((await h.app.request("/api/admin/dashboard?shop=nope", { headers: admin })).status).toBe(403);
    expect((await h.app.request("/api/admin/dashboard")).status).toBe(401);
  });

  it("computes today's figure with the compliance engine: a late reply is late, in the list, in the heatmap", async () => {
    await h.postEvents([
      buyer("douyin", "c1", T0 - 600_000, "在吗"),
      { id: "r1", platform: "douyin", conversation: "c1", at: new Date(T0 - 600_000 + 200_000).toISOString(), from: "human", agent: "a1", text: "在的" },
      buyer("douyin", "c2", T0 - 300_000, "发货了吗"),
      { id: "r2", platform: "douyin", conversation: "c2", at: new Date(T0 - 300_000 + 30_000).toISOString(), from: "human", agent: "a2", text: "发了" },
    ]);
    const body = (await (await h.app.request("/api/admin/dashboard?rule=douyin.manual-3min", { headers: admin })).json()) as {
      rules: { today: { numerator: number; denominator: number; rate: number; status: string; penalties: string[] }; days: { rate: number | null }[] }[];
      late: { items: { conversation: string; seconds: number }[] };
      lateByHour: { byHour: number[] };
      agents: { id: string; repliesToday: number }[];
      freshness: { upToDate: boolean; eventsNotYetFolded: number };
    };
    // folded on read here (no storage worker): the page is told its figures are current
    expect(body.freshness).toMatchObject({ upToDate: true, eventsNotYetFolded: 0 });
    expect(body.rules[0]!.today).toMatchObject({ numerator: 1, denominator: 2, rate: 0.5, status: "amber", penalties: [] });
    expect(body.rules[0]!.days.at(-1)!.rate).toBe(0.5);
    expect(body.late.items).toMatchObject([{ conversation: "c1", seconds: 200 }]);
    expect(body.lateByHour.byHour[9]).toBe(1); // 09:50 Beijing time
    expect(body.agents).toMatchObject([
      { id: "a1", repliesToday: 1 },
      { id: "a2", repliesToday: 1 },
    ]);
  });
});

describe("FAQ try and the shops list", () => {
  it("runs the matcher and the decision per platform", async () => {
    const res = await h.call("POST /api/admin/dashboard/try", { body: { text: "什么时候发货" } });
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body.normalized).toBe("什么时候发货");
    const by = Object.fromEntries(body.platforms.map((p) => [p.platform, p]));
    expect(by.kuaishou).toMatchObject({ autoAnswer: true, reason: "faq-confident" });
    expect(by.douyin).toMatchObject({ autoAnswer: false, reason: "bot-not-counted" });
    expect(by.taobao).toMatchObject({ autoAnswer: false, reason: "bot-not-eligible" });
    expect(by.douyin!.matches[0]!.id).toBe("shipping-time");
    expect((await h.app.request("/api/admin/dashboard/try", { method: "POST", headers: { ...admin, "content-type": "application/json" }, body: "{}" })).status).toBe(400);
    expect((await h.call("GET /api/admin/dashboard/try", { query: { q: "在吗" } })).status).toBe(200);
  });

  it("lists the shops of an admin token", async () => {
    const res = await h.call("GET /api/dashboard/shops", {});
    expect(res.body).toEqual({ shops: [{ id: "default", name: "店铺 default", platforms: ["taobao", "douyin", "kuaishou"] }] });
    expect((await h.app.request("/api/dashboard/shops", { headers: { authorization: "Bearer nope" } })).status).toBe(401);
  });
});

describe("GET /api/agent/events", () => {
  it("streams a chats snapshot at once, then a delta with the new chat and its message when a buyer writes", async () => {
    await h.agent("default", "a1", "PUT", "/status", { online: true });
    const ctrl = new AbortController();
    const res = await h.call("GET /api/agent/events", { agent: "a1", signal: ctrl.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buf = "";
    const next = async (event: string) => {
      for (;;) {
        const m = new RegExp(`event: ${event}\ndata: (.*)\n`).exec(buf);
        if (m) {
          buf = buf.slice(m.index + m[0].length);
          return JSON.parse(m[1]!);
        }
        const { value, done } = await reader.read();
        if (done) throw new Error("stream ended");
        buf += value;
      }
    };
    expect(await next("chats")).toMatchObject({ chats: [], queue: [] });
    await h.postEvents([buyer("douyin", "live-1", T0, "这个质量怎么样")]);
    const delta = (await next("delta")) as { upsert: { conversation: string; agent: string }[]; remove: number[]; messages: { conversation: string; from: string; text: string }[] };
    expect(delta.upsert.map((c) => [c.conversation, c.agent])).toEqual([["live-1", "a1"]]);
    expect(delta.remove).toEqual([]);
    expect(delta.messages.filter((m) => m.from === "buyer")).toMatchObject([{ conversation: "live-1", text: "这个质量怎么样" }]);
    ctrl.abort();
    await reader.cancel().catch(() => {});
    expect((await h.app.request("/api/agent/events")).status).toBe(401);
  });

  it("the dashboard's feed (GET /api/admin/dashboard/events) is an event stream whose first frame is an event", async () => {
    const ctrl = new AbortController();
    const res = await h.call("GET /api/admin/dashboard/events", { signal: ctrl.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const { value } = await reader.read();
    expect(value).toMatch(/^(event: \w+\ndata: |: )/);
    ctrl.abort();
    await reader.cancel().catch(() => {});
  });
});

describe("GET /api/agent/chats/:id/context", () => {
  it("shows the buyer's order records and order fields sent with the messages; empty when none", async () => {
    const { platformRecords } = await import("../../src/store/schema/index.js");
    await h.postEvents([buyer("douyin", "buyer-9", T0, "这个质量怎么样", { order_id: "6912345678901234567", goods: { sku: "红色 M" } }), buyer("douyin", "buyer-10", T0, "这个质量怎么样")]);
    await h.ctx.db.insert(platformRecords).values({ shop: "default", platform: "douyin", recordId: "rec-1", kind: "101", category: "order", at: T0 - 3600_000, buyer: "buyer-9", orderId: "6912345678901234567", receivedAt: T0 });
    const chats = (await (await h.admin("default", "/queue")).json()) as { chats: { id: number; conversation: string }[] };
    const id = (c: string) => chats.chats.find((x) => x.conversation === c)!.id;
    const res = await h.call("GET /api/agent/chats/:id/context", { agent: "a1", params: { id: id("buyer-9") } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      orders: [{ category: "order", kind: "101", orderId: "6912345678901234567", at: "2026-01-07T09:00:00+08:00" }],
      fields: { order_id: "6912345678901234567", "goods.sku": "红色 M" },
    });
    expect(await (await h.agent("default", "a1", "GET", `/chats/${id("buyer-10")}/context`)).json()).toEqual({ orders: [], fields: {} });
    expect((await h.agent("default", "a1", "GET", "/chats/99999/context")).status).toBe(404);
    expect((await h.agent("other", "a1", "GET", `/chats/${id("buyer-9")}/context`)).status).toBe(401);
  });
});

describe("GET /api/agent/chats/:id", () => {
  it("answers the newest 200 messages of a long conversation, oldest first", async () => {
    const evs = Array.from({ length: 230 }, (_, i) => buyer("taobao", "long-talk", T0 - 230_000 + i * 1000, `第${i}句`));
    expect((await h.postEvents(evs)).status).toBe(200);
    const chats = (await (await h.admin("default", "/queue")).json()) as { chats: { id: number; conversation: string }[] };
    const id = chats.chats.find((x) => x.conversation === "long-talk")!.id;
    const body = (await (await h.agent("default", "a1", "GET", `/chats/${id}`)).json()) as { messages: { text: string | null }[] };
    const texts = body.messages.filter((m) => m.text?.startsWith("第")).map((m) => m.text);
    expect(texts).toHaveLength(200);
    expect(texts[0]).toBe("第30句");
    expect(texts.at(-1)).toBe("第229句");
  });
});
