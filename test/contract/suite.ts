/**
 * The contract suite: what the generic, Douyin and Kuaishou webhooks, the decisions, the
 * agent flow, the admin views (queue, decisions, escalations, outbox) and delivery promise,
 * written once against a `ContractRuntime` and run against both runtimes:
 *   - Node: test/contract/node.test.ts (better-sqlite3 file, app.request)
 *   - Workers: test/worker/contract.test.ts (inside workerd, D1 with db/ migrations applied)
 * The clock is injected through the ServiceContext on both, so deadline tests move time.
 */
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { createDeliver } from "../../src/delivery/deliver.js";
import { signGenericBody } from "../../src/core/generic-signature.js";
import { buildDouyinPush } from "../../src/platforms/douyin/codec.js";
import { encryptKuaishouPush } from "../../src/platforms/kuaishou/codec.js";
import { sweepEscalations } from "../../src/services/escalation.js";
import { deliverDueOutbox, retryDelayMs } from "../../src/services/outbox.js";
import { buyer, DEFAULT_SCRIPT, DY, KS, scriptedFaq, SECRET, shopConfig, T0, type ContractRuntime, type MakeRuntime, type RuntimeOptions } from "./fixtures.js";
import { typedCalls } from "../support/typed-calls.js";

interface Sent {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A fetch that records what would leave the app and answers from a script (no network, same in both runtimes). */
function recordingFetch(answer: (n: number, url: string) => { status: number; body?: unknown } = () => ({ status: 200 })) {
  const sent: Sent[] = [];
  const impl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    sent.push({ url, headers, body: typeof init?.body === "string" ? init.body : "" });
    const a = answer(sent.length, url);
    return new Response(a.body === undefined ? "" : JSON.stringify(a.body), { status: a.status, headers: { "content-type": "application/json" } });
  }) as typeof fetch;
  return { sent, fetch: impl };
}

export function contractSuite(make: MakeRuntime): void {
  let rt: ContractRuntime | undefined;
  afterEach(async () => {
    await rt?.close();
    rt = undefined;
  });
  const start = async (opts: RuntimeOptions = {}) => {
    rt = await make({ faq: scriptedFaq(DEFAULT_SCRIPT), ...opts });
    return rt;
  };
  const h = () => rt!;
  const count = async (table: string, where = "1=1") => (await h().run((ctx) => ctx.db.all<{ n: number }>(sql.raw(`select count(*) n from ${table} where ${where}`))))[0]!.n;
  const postRaw = async (raw: string, o: { shop?: string; secret?: string; t?: number } = {}) => {
    const t = o.t ?? Math.floor(h().clock.now / 1000);
    const sig = await signGenericBody(o.secret ?? SECRET, raw, t);
    return h().request(`/webhooks/generic/${o.shop ?? "default"}`, { method: "POST", body: raw, headers: { "content-type": "application/json", "x-signature": sig } });
  };
  const postEvents = (body: unknown, o: { shop?: string; secret?: string; t?: number } = {}) => postRaw(typeof body === "string" ? body : JSON.stringify(body), o);
  const agent = (agentId: string, method: string, path: string, body?: unknown) =>
    h().request(`/api/agent${path}`, {
      method,
      headers: { authorization: `Bearer default-${agentId}-token`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const admin = async (path: string, init: RequestInit = {}) => (await h().request(`/api/admin${path}`, { ...init, headers: { authorization: "Bearer admin-token-default", ...(init.headers ?? {}) } })).json();
  const online = (a: string, on = true) => agent(a, "PUT", "/status", { online: on });

  describe("generic webhook", () => {
    it("accepts one event and stores it with its decision and our answer", async () => {
      await start();
      const res = await postEvents(buyer("kuaishou", "c1", T0, "什么时候发货"));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ accepted: 1, duplicates: 0 });
      expect(await count("events")).toBe(2);
      expect(await count("decisions")).toBe(1);
    });

    it("counts re-delivered ids as duplicates and never acts twice; the key is platform + shop + id", async () => {
      await start();
      const a = buyer("kuaishou", "c1", T0, "什么时候发货");
      const b = buyer("douyin", "c2", T0 + 1000, "什么时候发货");
      expect(await (await postEvents([a, b])).json()).toEqual({ accepted: 2, duplicates: 0 });
      expect(await (await postEvents([a, b, buyer("taobao", "c3", T0, "这个质量怎么样")])).json()).toEqual({ accepted: 1, duplicates: 2 });
      expect(await count("decisions")).toBe(3);
      expect(await count("outbox")).toBe(1);
      expect(
        await (
          await postEvents([
            { ...a, id: "same" },
            { ...a, id: "same", platform: "taobao" },
          ])
        ).json(),
      ).toEqual({ accepted: 2, duplicates: 0 });
    });

    it("takes epoch milliseconds, keeps unknown fields, accepts an empty batch", async () => {
      await start();
      expect((await postEvents({ id: "x1", platform: "taobao", conversation: "c9", at: T0, from: "buyer", text: "hi", orderId: "O-1" })).status).toBe(200);
      const [row] = await h().run((ctx) => ctx.db.all<{ at: number; extra: string }>(sql`select at, extra from events where msg_id = 'x1'`));
      expect(row).toEqual({ at: T0, extra: JSON.stringify({ orderId: "O-1" }) });
      expect(await (await postEvents([])).json()).toEqual({ accepted: 0, duplicates: 0 });
    });

    it("400 for malformed JSON and for a bad field (with its index), storing nothing of that batch", async () => {
      await start();
      const bad = await postEvents("{not json");
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.code).toBe("invalid_json");
      const res = await postEvents([buyer("kuaishou", "c1", T0, "x"), { ...buyer("kuaishou", "c2", T0, "y"), platform: "pinduoduo" }]);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatchObject({ code: "invalid_event", field: "platform", index: 1 });
      expect(await count("events")).toBe(0);
    });

    it("413 over the body limit, 404 for an unknown shop", async () => {
      await start({ maxBodyBytes: 4096 });
      const big = await postEvents(buyer("taobao", "c", T0, "很".repeat(3000)));
      expect(big.status).toBe(413);
      expect((await big.json()).error.code).toBe("payload_too_large");
      expect((await postEvents(buyer("taobao", "c", T0, "x"), { shop: "nope" })).status).toBe(404);
    });

    it("401 without a signature, with the wrong secret, for a changed body, or a timestamp over 5 minutes away", async () => {
      await start();
      const raw = JSON.stringify(buyer("kuaishou", "c1", T0, "在吗"));
      const t = Math.floor(T0 / 1000);
      const unsigned = await h().request("/webhooks/generic/default", { method: "POST", body: raw });
      expect(unsigned.status).toBe(401);
      expect((await unsigned.json()).error.code).toBe("unauthorized");
      expect((await postRaw(raw, { secret: "wrong" })).status).toBe(401);
      const sig = await signGenericBody(SECRET, raw, t);
      expect((await h().request("/webhooks/generic/default", { method: "POST", body: raw.replace("在吗", "在不"), headers: { "x-signature": sig } })).status).toBe(401);
      for (const skew of [-301, 301]) expect((await postRaw(raw, { t: t + skew })).status).toBe(401);
      expect((await postRaw(raw, { t: t - 300 })).status).toBe(200);
      expect(await count("events", `"from" = 'buyer'`)).toBe(1);
    });
  });

  describe("Douyin and Kuaishou webhooks", () => {
    const platformShops = async () => [await shopConfig("default", { credentials: { douyin: { ...DY }, kuaishou: { ...KS } } }), await shopConfig("bare")];
    const douyinChat = (msgId: string, conversation: string, text: string) => ({
      tag: "im_buyer_message",
      msg_id: msgId,
      data: { conversation_id: conversation, create_time: Math.floor(T0 / 1000), content: text },
    });

    it("Douyin: a signed push answers exactly {code:0,msg:success}; re-deliveries are never acted on twice", async () => {
      await start({ shops: await platformShops() });
      const p = buildDouyinPush(DY, [douyinChat("c1", "buyer-1", "什么时候发货"), { tag: "100", msg_id: "o1", data: { p_id: "1" } }]);
      for (let i = 0; i < 3; i++) {
        const res = await h().request("/webhooks/douyin/default", { method: "POST", body: p.body, headers: p.headers });
        expect(res.status).toBe(200);
        expect(await res.text()).toBe('{"code":0,"msg":"success"}');
      }
      expect(await count("events", `"from" = 'buyer'`)).toBe(1);
      expect(await count("decisions")).toBe(1);
      expect(await count("platform_records")).toBe(1);
      expect(await count("chats")).toBe(1);
    });

    it("Douyin: a bad signature is refused and stores nothing", async () => {
      await start({ shops: await platformShops() });
      const p = buildDouyinPush({ ...DY, appSecret: "wrong" }, [douyinChat("c1", "buyer-1", "在吗")]);
      const res = await h().request("/webhooks/douyin/default", { method: "POST", body: p.body, headers: p.headers });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(await count("events")).toBe(0);
    });

    it("Kuaishou: encrypted pushes answer {result:1}, de-duplicated on eventId; test probes store nothing", async () => {
      await start({ shops: await platformShops() });
      const body = await encryptKuaishouPush(
        JSON.stringify({ appKey: KS.appKey, test: false, createTime: T0, eventId: "e-1", event: "kwaishop_cs_buyer_message", info: JSON.stringify({ buyerOpenId: "b9", text: "什么时候发货" }) }),
        KS.msgKey,
      );
      for (let i = 0; i < 3; i++) {
        const res = await h().request("/webhooks/kuaishou/default", { method: "POST", body, headers: { "content-type": "text/plain" } });
        expect(await res.text()).toBe('{"result":1}');
      }
      expect(await count("events", `"from" = 'buyer'`)).toBe(1);
      expect(await count("outbox")).toBe(1);
      const probe = await h().request("/webhooks/kuaishou/default", { method: "POST", body: '{"test":true}', headers: { "content-type": "text/plain" } });
      expect(await probe.json()).toEqual({ result: 1 });
      expect(await count("events", `"from" = 'buyer'`)).toBe(1);
    });
  });

  describe("decisions", () => {
    async function decisionFor(event: ReturnType<typeof buyer>) {
      expect((await postEvents(event)).status).toBe(200);
      const [d] = await h().run((ctx) =>
        ctx.db.all<Record<string, unknown>>(
          sql`select d.action, d.reason, d.faq_id faqId, d.suggestion, d.clock_runs clockRuns, d.instant_sent instantSent, d.deadline_at deadlineAt
              from decisions d join events e on e.seq = d.event_seq where e.msg_id = ${event.id}`,
        ),
      );
      const replies = await h().run((ctx) => ctx.db.all<Record<string, unknown>>(sql`select "from", bot, mode, text from events where conversation = ${event.conversation} and "from" in ('bot','human')`));
      return { d: d!, replies };
    }

    it("Kuaishou: a confident match is answered by the bot at once", async () => {
      await start();
      const { d, replies } = await decisionFor(buyer("kuaishou", "k1", T0, "什么时候发货"));
      expect(d).toMatchObject({ action: "auto-answer", reason: "faq-confident", faqId: "shipping-time", clockRuns: 1 });
      expect(replies).toEqual([{ from: "bot", bot: "first-responder", mode: "auto", text: "亲,付款后48小时内发货哦" }]);
      expect((await admin("/queue")).chats).toEqual([]);
    });

    it("Douyin: never auto-answered; routed with the answer as a suggestion and a 180 s deadline", async () => {
      await start();
      const { d, replies } = await decisionFor(buyer("douyin", "d1", T0, "什么时候发货"));
      expect(d).toMatchObject({ action: "route", reason: "bot-not-counted", faqId: "shipping-time", suggestion: "亲,付款后48小时内发货哦", instantSent: 0, deadlineAt: T0 + 180_000 });
      expect(replies).toEqual([]);
    });

    it("Taobao: routed unless an eligible assist-mode bot is configured", async () => {
      await start();
      expect((await decisionFor(buyer("taobao", "t1", T0, "什么时候发货"))).d).toMatchObject({ action: "route", reason: "bot-not-eligible" });
      await rt!.close();
      await start({ shops: [await shopConfig("default", { taobaoAssistBot: { bot: "xiaoduo", mode: "assist" } })] });
      const { d, replies } = await decisionFor(buyer("taobao", "t1", T0, "什么时候发货"));
      expect(d).toMatchObject({ action: "auto-answer", reason: "faq-confident" });
      expect(replies).toEqual([{ from: "bot", bot: "xiaoduo", mode: "assist", text: "亲,付款后48小时内发货哦" }]);
    });

    it("below the threshold, no match, no text, outside the window", async () => {
      await start();
      expect((await decisionFor(buyer("kuaishou", "k-q", T0, "这个质量怎么样"))).d).toMatchObject({ action: "route", reason: "faq-not-confident", faqId: "quality" });
      expect((await decisionFor(buyer("kuaishou", "k2", T0, "这个是正品吗"))).d).toMatchObject({ action: "route", reason: "no-faq-match", faqId: null });
      expect((await decisionFor(buyer("kuaishou", "k3", T0, undefined))).d).toMatchObject({ action: "route", reason: "no-text" });
      expect((await decisionFor(buyer("kuaishou", "k-night", Date.parse("2026-01-07T07:59:59+08:00"), "什么时候发货"))).d).toMatchObject({ action: "auto-answer", clockRuns: 0 });
    });
  });

  describe("conversation-aware decisions (issue 12)", () => {
    /** Posts one buyer message at `at` (the clock moves there first) and returns its decision and the chat. */
    async function say(conversation: string, at: number, text: string, platform: "kuaishou" | "douyin" | "taobao" = "kuaishou") {
      h().clock.now = at;
      const e = buyer(platform, conversation, at, text);
      expect((await postEvents(e)).status).toBe(200);
      const [d] = await h().run((ctx) =>
        ctx.db.all<{ action: string; reason: string; suggestion: string | null }>(sql`select d.action, d.reason, d.suggestion from decisions d join events e on e.seq = d.event_seq where e.msg_id = ${e.id}`),
      );
      const [chat] = await h().run((ctx) => ctx.db.all<{ status: string; pendingSince: number | null }>(sql`select status, pending_since pendingSince from chats where conversation = ${conversation}`));
      return { d: d!, chat };
    }
    const botTexts = async (conversation: string) => (await h().run((ctx) => ctx.db.all<{ text: string }>(sql`select text from events where conversation = ${conversation} and "from" = 'bot' order by seq`))).map((r) => r.text);

    it("转人工 reaches the queue and stays open: acknowledged once, never answered by the bot, until a person replies", async () => {
      await start();
      const first = await say("k", T0, "转人工！！");
      expect(first.d).toMatchObject({ action: "route", reason: "human-requested", suggestion: null });
      expect(first.chat).toMatchObject({ status: "waiting", pendingSince: T0 });
      expect(await botTexts("k")).toEqual([expect.stringContaining("转接人工")]);
      // a FAQ question while waiting for the person: still the person's, and not acknowledged again
      const second = await say("k", T0 + 5_000, "什么时候发货");
      expect(second.d).toMatchObject({ action: "route", reason: "human-requested" });
      expect(second.chat).toMatchObject({ status: "waiting", pendingSince: T0 });
      expect(await botTexts("k")).toHaveLength(1);
      // the platform echoing our acknowledgement does not settle the chat
      expect((await postEvents({ id: "echo-1", platform: "kuaishou", conversation: "k", at: new Date(T0 + 6_000).toISOString(), from: "bot", bot: "first-responder", mode: "auto", text: "正在为您转接" })).status).toBe(200);
      expect((await h().run((ctx) => ctx.db.all<{ status: string }>(sql`select status from chats where conversation = 'k'`)))[0]!.status).toBe("waiting");
      // complaints in real spellings are requests for a person too
      for (const [c, text] of [
        ["c1", "我要投诉 找你们负责人"],
        ["c2", "你们再不处理我就给差评了"],
        ["c3", "叫你们老板出来"],
        ["c4", "真人客服呢"],
      ] as const) {
        expect((await say(c, T0, text)).d.reason).toBe("human-requested");
      }
    });

    it("no bot answer into a chat a human is answering, within the hold time; after it the bot answers again", async () => {
      await start();
      expect((await postEvents({ id: "h1", platform: "kuaishou", conversation: "k", at: new Date(T0).toISOString(), from: "human", agent: "a1", text: "您收到的衣服颜色对吗？" })).status).toBe(200);
      const during = await say("k", T0 + 60_000, "什么时候发货");
      expect(during.d).toMatchObject({ action: "route", reason: "human-active", suggestion: "亲,付款后48小时内发货哦" });
      expect(await botTexts("k")).toEqual([]);
      const after = await say("k", T0 + 601_000, "包邮吗");
      expect(after.d).toMatchObject({ action: "auto-answer", reason: "faq-confident" });
    });

    it("acknowledgements and negations are not answered, but still reach a human", async () => {
      await start();
      for (const [c, text] of [
        ["a", "对"],
        ["b", "好的 谢谢"],
        ["c", "[订单x]"],
        ["d", "👌"],
        ["e", "13812345678"],
      ] as const) {
        const r = await say(c, T0, text);
        expect(r.d).toMatchObject({ action: "route", reason: "not-a-question", suggestion: null });
        expect(r.chat).toMatchObject({ status: "waiting" });
      }
      // a statement of two topic characters is not a question either; the negation also stops it
      const neg = await say("n", T0, "我不要发票");
      expect(neg.d).toMatchObject({ action: "route", suggestion: null });
      expect(["negated", "not-a-question"]).toContain(neg.d.reason);
      expect(await botTexts("n")).toEqual([]);
    });

    it("the same answer is not sent twice in a row: the second ask goes to a human", async () => {
      await start();
      expect((await say("k", T0, "什么时候发货")).d).toMatchObject({ action: "auto-answer" });
      const again = await say("k", T0 + 30_000, "什么时候发货");
      expect(again.d).toMatchObject({ action: "route", reason: "repeat" });
      expect(await botTexts("k")).toEqual(["亲,付款后48小时内发货哦"]);
    });

    it("plain FAQ questions in fresh chats are still answered at once; empty, long and binary-looking text get a human", async () => {
      await start();
      expect((await say("f1", T0, "什么时候发货")).d).toMatchObject({ action: "auto-answer", reason: "faq-confident" });
      expect((await say("f2", T0, "包邮吗")).d).toMatchObject({ action: "auto-answer", reason: "faq-confident" });
      for (const [c, text] of [
        ["w", "   "],
        ["l", "发".repeat(2000)],
        ["x", "\u0000\u0001\ufffd\ufffd%PDF-1.4"],
      ] as const) {
        const r = await say(c, T0, text);
        expect(r.d.action).toBe("route");
        expect(r.chat).toMatchObject({ status: "waiting" });
      }
    });
  });

  describe("agent flow", () => {
    it("queue by deadline; assignment to the least-loaded online agent within caps", async () => {
      await start();
      await postEvents([buyer("kuaishou", "k", T0, "我要找你们老板"), buyer("taobao", "t", T0 + 60_000, "我要找你们老板"), buyer("douyin", "d", T0 + 30_000, "我要找你们老板")]);
      h().clock.now = T0 + 90_000;
      const { chats } = await admin("/queue");
      expect(chats.map((c: { conversation: string }) => c.conversation)).toEqual(["d", "t", "k"]);
      expect(chats.map((c: { secondsLeft: number }) => c.secondsLeft)).toEqual([120, 150, 210]);
      await online("a1");
      await online("a2");
      const a1 = (await (await agent("a1", "GET", "/chats")).json()).chats;
      const a2 = (await (await agent("a2", "GET", "/chats")).json()).chats;
      expect([a1.length, a2.length]).toEqual([2, 1]);
    });

    it("reply: stored as human, sent through the outbox, and the chat leaves the queue", async () => {
      await start();
      await online("a1");
      await postEvents(buyer("douyin", "d", T0, "什么时候发货"));
      const [chat] = (await (await agent("a1", "GET", "/chats")).json()).chats;
      expect(chat.suggestion).toEqual({ faqId: "shipping-time", answer: "亲,付款后48小时内发货哦" });
      h().clock.now = T0 + 30_000;
      expect((await agent("a1", "POST", `/chats/${chat.id}/reply`, { text: chat.suggestion.answer })).status).toBe(201);
      expect(await h().run((ctx) => ctx.db.all(sql`select "from", agent, text, at from events where "from" = 'human'`))).toEqual([{ from: "human", agent: "a1", text: "亲,付款后48小时内发货哦", at: T0 + 30_000 }]);
      expect(await count("outbox", "kind = 'reply'")).toBe(1);
      expect((await admin("/queue")).chats).toEqual([]);
    });

    it("claim, transfer (409 to an offline colleague), release; conversation in order", async () => {
      await start();
      await postEvents([buyer("douyin", "d", T0, "我要找你们老板"), buyer("douyin", "d", T0 + 1000, "人呢")]);
      const [waiting] = (await (await agent("a1", "GET", "/queue")).json()).chats;
      const claimed = await agent("a1", "POST", `/chats/${waiting.id}/claim`);
      expect((await claimed.json()).chat).toMatchObject({ status: "assigned", agent: "a1" });
      expect((await agent("a1", "POST", `/chats/${waiting.id}/transfer`, { agent: "a2" })).status).toBe(409);
      await online("a2");
      expect((await (await agent("a1", "POST", `/chats/${waiting.id}/transfer`, { agent: "a2" })).json()).chat).toMatchObject({ agent: "a2" });
      expect((await agent("a1", "POST", `/chats/${waiting.id}/reply`, { text: "x" })).status).toBe(409);
      expect((await (await agent("a2", "POST", `/chats/${waiting.id}/release`)).json()).chat).toMatchObject({ status: "waiting", agent: null });
      const detail = await (await agent("a1", "GET", `/chats/${waiting.id}`)).json();
      expect(detail.messages.filter((m: { from: string }) => m.from === "buyer").map((m: { text: string }) => m.text)).toEqual(["我要找你们老板", "人呢"]);
    });

    it("401 without a token, and one shop's token never reaches another shop's chats", async () => {
      await start({ shops: [await shopConfig("default"), await shopConfig("other")] });
      expect((await h().request("/api/agent/chats")).status).toBe(401);
      await postEvents(buyer("douyin", "d", T0, "我要找你们老板"), { shop: "other" });
      expect((await (await agent("a1", "GET", "/queue")).json()).chats).toEqual([]);
    });
  });

  describe("admin views (the shop's figures)", () => {
    it("decisions, outbox and agents as the owner sees them", async () => {
      await start();
      await postEvents([buyer("kuaishou", "k", T0, "什么时候发货"), buyer("douyin", "d", T0, "这个质量怎么样")]);
      const { decisions } = await admin("/decisions");
      expect(decisions.map((d: { action: string; reason: string }) => [d.action, d.reason]).sort()).toEqual([
        ["auto-answer", "faq-confident"],
        ["route", "faq-not-confident"],
      ]);
      const out = await admin("/outbox");
      expect(JSON.stringify(out)).toContain("pending");
      expect((await h().request("/api/admin/decisions", { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    });
  });

  describe("the bot's visible side (flags, bot report)", () => {
    it("an agent flags a bot answer once; the report lists it with routed reasons and unanswered questions", async () => {
      await start();
      await online("a1");
      await postEvents([buyer("kuaishou", "k", T0, "什么时候发货"), buyer("kuaishou", "k", T0 + 1000, "这个质量怎么样"), buyer("douyin", "d", T0 + 2000, "这个质量怎么样")]);
      const chat = (await (await agent("a1", "GET", "/chats")).json()).chats.find((c: { conversation: string }) => c.conversation === "k");
      const detail = await (await agent("a1", "GET", `/chats/${chat.id}`)).json();
      expect(detail.decision).toMatchObject({ reason: "faq-not-confident", faq: { id: "quality", confidence: { level: "suggest" } } });
      const bot = detail.messages.find((m: { from: string }) => m.from === "bot");
      expect((await agent("a1", "POST", `/chats/${chat.id}/flag`, { msgId: bot.id })).status).toBe(201);
      expect((await agent("a1", "POST", `/chats/${chat.id}/flag`, { msgId: bot.id })).status).toBe(200);
      expect(await count("bot_flags")).toBe(1);
      const report = await admin("/bot");
      expect(report).toMatchObject({ answered: 1, routed: { total: 2 }, flags: [{ faqId: "shipping-time", buyer: { text: "什么时候发货" } }] });
      expect(report.unanswered.groups).toMatchObject([{ size: 2, examples: [{ text: "这个质量怎么样" }] }]);
    });
  });

  describe("快捷短语 (quick phrases)", () => {
    it("the shop's phrases (admin) and an agent's own: the agent lists both, a colleague only the shop's; others' ids are 404", async () => {
      await start();
      const send = (method: string, path: string, body?: unknown) =>
        h().request(`/api/admin${path}`, { method, headers: { authorization: "Bearer admin-token-default", "content-type": "application/json" }, ...(body ? { body: JSON.stringify(body) } : {}) });
      const shop = await send("POST", "/phrases", { title: "发货时间", content: "48小时内发货" });
      expect(shop.status).toBe(201);
      const mine = await (await agent("a1", "POST", "/phrases", { title: "问候", content: "您好" })).json();
      const a1 = await (await agent("a1", "GET", "/phrases")).json();
      expect(a1.phrases.map((p: { scope: string; content: string }) => `${p.scope}:${p.content}`)).toEqual(["shop:48小时内发货", "personal:您好"]);
      expect((await (await agent("a2", "GET", "/phrases")).json()).phrases).toHaveLength(1);
      expect((await agent("a2", "DELETE", `/phrases/${mine.phrase.id}`)).status).toBe(404);
      expect((await agent("a1", "PUT", `/phrases/${mine.phrase.id}`, { content: "您好呀" })).status).toBe(200);
      expect((await send("DELETE", `/phrases/${mine.phrase.id}`)).status).toBe(404);
      expect(await count("quick_phrases")).toBe(2);
    });
  });

  describe("agents managed from the dashboard", () => {
    it("where the runtime signs agents in against the shop (Node) a new agent's token works at once; elsewhere (Workers) 501, said by `editable`", async () => {
      await start();
      const list = await admin("/agents");
      const res = await h().request("/api/admin/agents", { method: "POST", headers: { authorization: "Bearer admin-token-default", "content-type": "application/json" }, body: JSON.stringify({ id: "xiaoli", name: "小李" }) });
      if (list.editable) {
        expect(res.status).toBe(201);
        const { token } = await res.json();
        expect((await h().request("/api/agent/me", { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      } else {
        expect(res.status).toBe(501);
        expect((await res.json()).error).toMatchObject({ code: "not_configured", reason: "agents-not-editable" });
        expect(await count("shop_agents")).toBe(0);
      }
      expect(h().name === "node" ? list.editable : !list.editable).toBe(true);
    });
  });

  describe("history and search", () => {
    it("finds conversations by message text through the FTS5 index, by buyer and by order id; lists a buyer's days", async () => {
      await start();
      await postEvents([
        buyer("taobao", "tb-alice", T0 - 2 * 86_400_000, "我的快递显示已签收但是没收到"),
        buyer("taobao", "tb-alice", T0, "请问什么时候退款到账", { orderId: "T20260107001" }),
        buyer("douyin", "dy-bob", T0, "衣服尺码偏大吗"),
      ]);
      // typed calls: each answer checked against its route's contract, on this runtime
      const api = typedCalls(h(), { now: () => h().clock.now });
      const search = async (q: string) => (await api.call("GET /api/agent/search", { agent: "a1", query: { query: q } })).body;
      const text = await search("已签收");
      // the trigram index answers a 3-character query, here and inside workerd alike
      expect(text).toMatchObject({ index: "fts5", conversations: [{ platform: "taobao", conversation: "tb-alice", matchedBy: ["text"], hits: [{ text: "我的快递显示已签收但是没收到" }] }] });
      expect((await search("尺码")).conversations.map((c) => c.conversation)).toEqual(["dy-bob"]);
      expect((await search("bob")).conversations[0]).toMatchObject({ conversation: "dy-bob", matchedBy: ["buyer"] });
      expect((await search("T20260107001")).conversations[0]).toMatchObject({ conversation: "tb-alice", matchedBy: ["order"] });
      const days = (await api.call("GET /api/agent/history", { agent: "a1", query: { platform: "taobao", conversation: "tb-alice" } })).body;
      expect(days.days!.map((d) => [d.day, d.buyerMessages])).toEqual([
        ["2026-01-07", 1],
        ["2026-01-05", 1],
      ]);
      const day = (await api.call("GET /api/agent/history", { agent: "a1", query: { platform: "taobao", conversation: "tb-alice", day: "2026-01-05" } })).body;
      expect(day.messages!.map((m) => m.text)).toEqual(["我的快递显示已签收但是没收到"]);
    });
  });

  describe("stats API", () => {
    /** A Taobao round answered within 3 minutes, and one answered late. */
    const fastAndLate = () => [
      buyer("taobao", "t-fast", T0, "在吗"),
      { id: "h-fast", platform: "taobao", conversation: "t-fast", at: new Date(T0 + 60_000).toISOString(), from: "human", agent: "a1", text: "在的" },
      buyer("taobao", "t-late", T0, "在吗"),
      { id: "h-late", platform: "taobao", conversation: "t-late", at: new Date(T0 + 200_000).toISOString(), from: "human", agent: "a1", text: "在的" },
    ];

    it("GET /api/stats: a Taobao round answered by a human within 3 minutes counts, one answered late does not", async () => {
      await start();
      await postEvents(fastAndLate());
      const api = typedCalls(h());
      const res = await api.call("GET /api/stats", { query: { rule: "taobao.rounds-3min", to: "2026-01-07" } });
      expect(res.status).toBe(200);
      const body = res.body;
      expect(body.results).toEqual([expect.objectContaining({ rule: "taobao.rounds-3min", shop: "default", to: "2026-01-07", numerator: 1, denominator: 2, rate: 0.5 })]);
      const explain = await api.call("GET /api/stats/explain", { query: { rule: "taobao.rounds-3min", day: "2026-01-07" } });
      expect(explain.status).toBe(200);
      expect(explain.body.items.length).toBeGreaterThanOrEqual(2);
      expect((await h().request("/api/stats", { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    });

    it("POST /api/admin/compliance/rebuild: folds the shop's events again, repairing its figures; other shops' rows untouched", async () => {
      await start();
      await postEvents([...fastAndLate(), buyer("douyin", "d-1", T0, "我要找你们老板")]);
      const stats = async () => (await h().request("/api/stats?to=2026-01-07", { headers: { authorization: "Bearer admin-token-default" } })).json();
      const before = await stats();
      const dailyRows = () => h().run((ctx) => ctx.db.all(sql`select * from compliance_daily order by shop, platform, day, rule, agent`));
      const good = await dailyRows();
      expect(good.length).toBeGreaterThan(0);
      // drift of the kind two racing folds made on D1, and a row of another shop
      await h().run((ctx) => ctx.db.run(sql`update compliance_daily set numerator = numerator + 5, denominator = denominator + 7`));
      await h().run((ctx) => ctx.db.run(sql`insert into compliance_daily values ('taobao', 'other', 20460, 'taobao.rounds-3min', '', 1, 9, 0, 0, 0, 0, 0)`));
      expect(await stats()).not.toEqual(before);
      expect((await h().request("/api/admin/compliance/rebuild", { method: "POST" })).status).toBe(401);
      const res = await h().request("/api/admin/compliance/rebuild?shop=default", { method: "POST", headers: { authorization: "Bearer admin-token-default" } });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ shop: "default", folded: await count("events") });
      expect(await stats()).toEqual(before);
      const after = (await dailyRows()) as { shop: string }[];
      expect(after.filter((r) => r.shop === "default")).toEqual(good);
      expect(after.filter((r) => r.shop === "other")).toHaveLength(1);
    });
  });

  describe("outbox and escalations", () => {
    it("delivers an auto-answer once, signed, with the reply id as idempotency key; retries with backoff", async () => {
      await start({ shops: [await shopConfig("default", { outboundUrl: "https://shop.example/replies", outboundSecret: "out-secret" })] });
      const out = recordingFetch((n) => (n === 1 ? { status: 503 } : { status: 200 }));
      const deliver = createDeliver({ fetch: out.fetch, now: () => h().clock.now });
      const run = () => h().run((ctx) => deliverDueOutbox({ ctx, input: { deliver } }));
      await postEvents(buyer("kuaishou", "k", T0, "什么时候发货"));
      expect(await run()).toEqual({ sent: 0, retried: 1, failed: 0 });
      expect(await run()).toEqual({ sent: 0, retried: 0, failed: 0 }); // not due yet
      h().clock.now = T0 + retryDelayMs(1);
      expect(await run()).toEqual({ sent: 1, retried: 0, failed: 0 });
      expect(await run()).toEqual({ sent: 0, retried: 0, failed: 0 });
      expect(out.sent).toHaveLength(2);
      const last = out.sent[1]!;
      const body = JSON.parse(last.body);
      expect(body).toMatchObject({ platform: "kuaishou", conversation: "k", text: "亲,付款后48小时内发货哦" });
      expect(last.headers["idempotency-key"]).toBe(body.id);
      expect(out.sent[0]!.headers["idempotency-key"]).toBe(body.id);
      expect(last.headers["x-signature"]).toBe(await signGenericBody("out-secret", last.body, Math.floor(h().clock.now / 1000)));
    });

    it("an auto-answer whose delivery fails goes back to the queue at once (回复未送达), and is answered again once a retry gets through", async () => {
      await start({ shops: [await shopConfig("default", { outboundUrl: "https://shop.example/replies" })] });
      const out = recordingFetch((n) => (n === 1 ? { status: 503 } : { status: 200 }));
      const deliver = createDeliver({ fetch: out.fetch, now: () => h().clock.now });
      const run = () => h().run((ctx) => deliverDueOutbox({ ctx, input: { deliver } }));
      await postEvents(buyer("kuaishou", "k", T0, "什么时候发货"));
      expect((await admin("/queue")).chats).toEqual([]);
      expect(await run()).toEqual({ sent: 0, retried: 1, failed: 0 });
      const { chats } = await admin("/queue");
      expect(chats).toHaveLength(1);
      expect(chats[0]).toMatchObject({ conversation: "k", status: "waiting", deadlineAt: "2026-01-07T10:05:00+08:00", suggestion: { answer: "亲,付款后48小时内发货哦" } });
      const decided = await admin("/decisions?conversation=k");
      expect(decided.decisions[0]).toMatchObject({ reason: "reply-undelivered", action: "route" });
      expect(decided.decisions[0].reasonLabel).toContain("回复未送达（正在重试）");
      h().clock.now = T0 + retryDelayMs(1);
      expect(await run()).toEqual({ sent: 1, retried: 0, failed: 0 });
      expect((await admin("/queue")).chats).toEqual([]);
      expect((await admin("/decisions?conversation=k")).decisions[0]).toMatchObject({ reason: "reply-delivered-late" });
    });

    it("two delivery passes at once never send a row twice", async () => {
      await start({ shops: [await shopConfig("default", { outboundUrl: "https://shop.example/replies" })] });
      for (let i = 0; i < 5; i++) await postEvents(buyer("kuaishou", `k${i}`, T0, "什么时候发货"));
      const out = recordingFetch();
      const deliver = createDeliver({ fetch: out.fetch, now: () => h().clock.now });
      const pass = () => h().run((ctx) => deliverDueOutbox({ ctx, input: { deliver } }));
      const rounds = await Promise.all([pass(), pass()]);
      expect(rounds[0]!.sent + rounds[1]!.sent).toBe(5);
      expect(new Set(out.sent.map((s) => s.headers["idempotency-key"])).size).toBe(5);
      expect(out.sent).toHaveLength(5);
    });

    it("escalates exactly at deadline minus the lead, once, and posts to the group robot", async () => {
      await start({ shops: [await shopConfig("default", { escalation: { leadSeconds: 60, targets: [{ kind: "dingtalk", url: "https://oapi.dingtalk.example/robot/send?access_token=x" }] } })] });
      await postEvents(buyer("douyin", "d", T0, "我要找你们老板"));
      h().clock.now = T0 + 119_999;
      expect(await h().run((ctx) => sweepEscalations({ ctx }))).toBe(0);
      h().clock.now = T0 + 120_000;
      expect(await h().run((ctx) => sweepEscalations({ ctx }))).toBe(1);
      expect(await h().run((ctx) => sweepEscalations({ ctx }))).toBe(0);
      const list = await admin("/escalations");
      expect(list.escalations).toHaveLength(1);
      expect(list.escalations[0]).toMatchObject({ conversation: "d", secondsBeforeDeadline: 60, deadlineAt: "2026-01-07T10:03:00+08:00" });
      const robot = recordingFetch(() => ({ status: 200, body: { errcode: 0, errmsg: "ok" } }));
      expect(await h().run((ctx) => deliverDueOutbox({ ctx, input: { deliver: createDeliver({ fetch: robot.fetch, now: () => h().clock.now }) } }))).toEqual({ sent: 1, retried: 0, failed: 0 });
      expect(JSON.parse(robot.sent[0]!.body)).toMatchObject({ msgtype: "text" });
    });
  });
}
