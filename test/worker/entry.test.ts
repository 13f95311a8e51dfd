/**
 * The Worker entry itself inside workerd: bindings from wrangler.toml (one Durable Object per
 * shop), config from variables, the FAQ bundled from faq/, real time. Requests go through SELF
 * (the deployed fetch handler, which forwards a shop's requests to its object); the cron
 * handler is called as the runtime would.
 */
import { createExecutionContext, env, listDurableObjectIds, runInDurableObject, SELF, waitOnExecutionContext, createScheduledController } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { configFromBindings } from "../../src/worker/context.js";
import worker from "../../src/worker/index.js";
import type { WorkerEnv } from "../../src/worker/env.js";
import faqBundle from "../../src/worker/faq-bundle.generated.js";
import { postGeneric, SHOP, shopRows, wipeShop } from "./shop.js";
import { REPLY_DELIVERY_REASONS } from "../../src/core/undelivered.js";

const e = env as unknown as WorkerEnv;
const shopStub = SHOP.get(SHOP.idFromName("default"));
const first = async <T>(query: string): Promise<T | undefined> => (await shopRows<T>(shopStub, query))[0];

beforeEach(() => wipeShop(shopStub));

const post = (events: unknown) => postGeneric(events, (url, init) => SELF.fetch(url, init));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const admin = async (path: string): Promise<any> => (await SELF.fetch(`https://fr.example/api/admin${path}`, { headers: { authorization: "Bearer worker-admin-token" } })).json();
let n = 0;
const msg = (platform: string, conversation: string, at: number, text: string) => ({ id: `w-${Date.now()}-${++n}`, platform, conversation, at, from: "buyer", text });

async function waitFor<T>(probe: () => Promise<T | undefined>, ms: number): Promise<T | undefined> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("config from bindings", () => {
  it("reads the single shop from variables without FR_CONFIG, as configFromEnv does on Node", async () => {
    const config = await configFromBindings({ SHOP, GENERIC_WEBHOOK_SECRET: "s", ADMIN_TOKEN: "t", AGENT_TOKENS: "a1=x,a2=y", ESCALATION_LEAD_SECONDS: "90" });
    expect(config.shops.map((s) => s.id)).toEqual(["default"]);
    expect(config.shops[0]).toMatchObject({ genericWebhookSecret: "s", escalation: { leadSeconds: 90 } });
    expect(config.shops[0]!.agents.map((a) => a.id)).toEqual(["a1", "a2"]);
  });

  it("refuses a FR_CONFIG whose secret is not set, naming the variable", async () => {
    await expect(configFromBindings({ SHOP, FR_CONFIG: "shops:\n  - id: x\n    genericWebhookSecret: { env: MISSING_SECRET }\n" })).rejects.toThrow(/MISSING_SECRET/);
  });
});

describe("Worker entry", () => {
  it("serves the app with the shops of FR_CONFIG, secrets from bindings", async () => {
    const res = await SELF.fetch("https://fr.example/healthz");
    expect(await res.json()).toEqual({ ok: true, shops: ["default"] });
    expect((await SELF.fetch("https://fr.example/api/admin/queue")).status).toBe(401);
  });

  it("answers from the FAQ bundled at build time (same parser and matcher as Node)", async () => {
    expect((await post(msg("kuaishou", "k1", Date.now(), "什么时候发货"))).status).toBe(200);
    // the buyer message's decision (an answer this shop cannot deliver, having no outbound URL, adds its own: core/undelivered.ts)
    const decisions = (await admin("/decisions")).decisions.filter((d: { reason: string }) => !(REPLY_DELIVERY_REASONS as readonly string[]).includes(d.reason));
    expect(decisions).toHaveLength(1);
    expect(decisions[0].faq?.version).toBe(faqBundle.version);
  });

  it("stores the shop's data in the shop's own object, named by the shop (SHOP.idFromName)", async () => {
    expect((await post(msg("douyin", "own", Date.now(), "在吗"))).status).toBe(200);
    const ids = (await listDurableObjectIds(SHOP)).map((id) => id.toString());
    expect(ids).toContain(SHOP.idFromName("default").toString());
    expect(await first("select conversation from chats")).toEqual({ conversation: "own" });
  });

  it("arms the shop's Durable Object at deadline − lead, and its alarm escalates on time", async () => {
    // a Douyin chat (180 s) whose escalation (lead 60 s) is due 1.5 s from now
    const due = Date.now() + 1500;
    const at = due + 60_000 - 180_000;
    const before = Date.now();
    expect((await post(msg("douyin", "d1", at, "我要找你们老板"))).status).toBe(200);
    const after = Date.now();
    // the object arms before it answers; the alarm is on the runtime's clock, the due moment on the shop's
    const alarm = await runInDurableObject(shopStub, (_i, state) => state.storage.getAlarm());
    expect(alarm).toBeGreaterThanOrEqual(due - (after - before) - 5);
    expect(alarm).toBeLessThanOrEqual(due + 5);
    const row = await waitFor(() => first<{ created_at: number; deadline_at: number }>("select created_at, deadline_at from escalations"), 5000);
    expect(row).toBeDefined();
    const lateMs = row!.created_at - (row!.deadline_at - 60_000);
    console.log(`durable-object alarm escalation: ${lateMs} ms after deadline − lead`);
    expect(lateMs).toBeGreaterThanOrEqual(0);
    expect(lateMs).toBeLessThan(1000);
    const { escalations } = await admin("/escalations");
    expect(escalations).toHaveLength(1);
  });

  it("an agent's reply that cannot be delivered yet sets the shop's alarm to its retry time", async () => {
    await post(msg("douyin", "d-retry", Date.now(), "我要找你们老板"));
    const agent = (method: string, path: string, body?: unknown) =>
      SELF.fetch(`https://fr.example/api/agent${path}`, { method, headers: { authorization: "Bearer worker-a1-token", "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    const [waiting] = ((await (await agent("GET", "/queue")).json()) as { chats: { id: number }[] }).chats;
    expect((await agent("POST", `/chats/${waiting!.id}/claim`)).status).toBe(200);
    // the outbound URL of the test shop refuses connections: the send fails and is retried
    expect((await agent("POST", `/chats/${waiting!.id}/reply`, { text: "您好" })).status).toBe(201);
    const row = await waitFor(() => first<{ next_attempt_at: number }>("select status, next_attempt_at from outbox where kind = 'reply' and status = 'pending' and attempts = 1"), 3000);
    expect(row).toBeDefined();
    const alarm = await waitFor(async () => {
      const a = await runInDurableObject(shopStub, (_i, state) => state.storage.getAlarm());
      return a !== null && a <= row!.next_attempt_at ? a : undefined;
    }, 3000);
    expect(alarm).toBe(row!.next_attempt_at);
  });

  it("the cron handler ticks every shop's object (an overdue escalation is emitted once) and folds compliance", async () => {
    const at = Date.now() - 130_000; // due 10 s ago
    await post(msg("taobao", "t1", at, "我要找你们老板"));
    for (let i = 0; i < 2; i++) {
      const ctx = createExecutionContext();
      await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "* * * * *" }) as never, e, ctx as never);
      await waitOnExecutionContext(ctx);
    }
    const { escalations } = await admin("/escalations");
    expect(escalations).toHaveLength(1);
    expect(escalations[0]).toMatchObject({ conversation: "t1" });
    // and folded the stored events into the compliance aggregates
    const folded = await first<{ n: number }>("select count(*) n from compliance_daily");
    expect(folded!.n).toBeGreaterThan(0);
  });
});

describe("on Workers too", () => {
  const agentGet = (path: string) => SELF.fetch(`https://fr.example/api/agent${path}`, { headers: { authorization: "Bearer worker-a1-token" } });

  it("keeps the shop's 提醒设置 in its object's storage: the admin changes them, the agent reads them", async () => {
    const put = await SELF.fetch("https://fr.example/api/admin/attention", {
      method: "PUT",
      headers: { authorization: "Bearer worker-admin-token", "content-type": "application/json" },
      body: JSON.stringify({ sound: false, remindLeadSeconds: { "douyin.manual-3min": 120 } }),
    });
    expect(put.status).toBe(200);
    const read = (await (await agentGet("/attention")).json()) as { sound: boolean; reminders: { rule: string; leadSeconds: number; custom: boolean }[] };
    expect(read.sound).toBe(false);
    expect(read.reminders.find((r) => r.rule === "douyin.manual-3min")).toMatchObject({ leadSeconds: 120, custom: true });
    expect(await first<{ sound: number }>("select sound from shop_attention")).toEqual({ sound: 0 });
  });

  it("pushes a change of 提醒设置 to an open console's live stream, from the same shop object", async () => {
    const res = await agentGet("/events");
    expect(res.status).toBe(200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buf = "";
    /** the next event's name and data, skipping comments */
    const next = async (): Promise<{ event: string; data: { sound?: boolean } }> => {
      for (;;) {
        const i = buf.indexOf("\n\n");
        if (i >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) return { event, data: JSON.parse(data) };
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error("the stream ended");
        buf += value;
      }
    };
    expect(await next()).toMatchObject({ event: "attention", data: { sound: true } });
    expect((await next()).event).toBe("chats");
    const put = await SELF.fetch("https://fr.example/api/admin/attention", {
      method: "PUT",
      headers: { authorization: "Bearer worker-admin-token", "content-type": "application/json" },
      body: JSON.stringify({ sound: false }),
    });
    expect(put.status).toBe(200);
    expect(await next()).toEqual({ event: "attention", data: await put.json() });
    await reader.cancel();
  });

  it("refuses an image at an address of the server's own network with 403 private-address, as on Node", async () => {
    const id = `img-${Date.now()}`;
    expect((await post([{ ...msg("kuaishou", "w-img", Date.now(), "看图"), id, image: { url: "http://127.0.0.1:9/x.png" } }])).status).toBe(200);
    const res = await agentGet(`/media/kuaishou/${id}`);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: unknown }).error).toMatchObject({ code: "forbidden", reason: "private-address", host: "127.0.0.1" });
  });
});
