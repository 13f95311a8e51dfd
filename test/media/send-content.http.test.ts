/**
 * Sending an image or a card from the console (POST /api/agent/chats/:id/reply {image} | {card}):
 * where the reply leaves through the generic outbound webhook (our own JSON), it goes out in the
 * event format's fields over real HTTP and is stored like a buyer's image or card; where it
 * leaves through Kuaishou's send API, whose image and card formats are not known, it is refused
 * with 501 naming the problem and nothing is stored or queued. Bad input is a 400 naming the field.
 */
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import type { ShopConfig } from "../../src/config/types.js";
import { DeliveryError, type OutboundReply } from "../../src/core/outbound.js";
import { createDeliver } from "../../src/delivery/deliver.js";
import { kuaishouReplySender } from "../../src/platforms/kuaishou/sender.js";
import { resolveShops } from "../../src/services/context.js";
import { deliverDueOutbox } from "../../src/services/outbox.js";
import { FakePlatformApi } from "../../src/simulator/fake-platform-api.js";
import { buyer, createHarness, shopConfig, T0, type Harness } from "../support/harness.js";
import { PNG, startImageServer } from "../support/images.js";

const KUAISHOU = { appKey: "ks683741259617381234", msgKey: "AAECAwQFBgcICQoLDA0ODw==", signSecret: "ks-sign-secret-test" };
let h: Harness | undefined;
let api: FakePlatformApi | undefined;
afterEach(async () => {
  h?.close();
  await api?.close();
  h = undefined;
  api = undefined;
});

async function setUp(overrides: Partial<ShopConfig> = {}) {
  api = new FakePlatformApi({});
  await api.start();
  h = await createHarness({ shops: [await shopConfig("default", { outboundUrl: `${api.url}/outbound`, ...overrides })], mediaProxyAllowPrivate: true });
  await h.agent("default", "a1", "PUT", "/status", { online: true });
  return h;
}

/** a chat of a1 on the platform, its buyer asking for a person (always routed) */
async function chatOn(harness: Harness, platform: "taobao" | "kuaishou", conversation: string): Promise<number> {
  harness.clock.now = T0 + 60_000;
  expect((await harness.postEvents(buyer(platform, conversation, harness.clock.now - 1000, "我要找人工客服"))).status).toBe(200);
  const { chats } = (await (await harness.agent("default", "a1", "GET", "/chats")).json()) as { chats: { id: number; conversation: string }[] };
  return chats.find((c) => c.conversation === conversation)!.id;
}

const reply = (harness: Harness, chatId: number, body: unknown) => harness.agent("default", "a1", "POST", `/chats/${chatId}/reply`, body);
const counts = async (harness: Harness) => (await harness.ctx.db.all<{ events: number; outbox: number }>(sql`select (select count(*) from events where "from" = 'human') as events, (select count(*) from outbox) as outbox`))[0]!;

describe("sending an image or a card", () => {
  it("goes out through the generic outbound webhook in the event format's fields, and is stored like a buyer's", async () => {
    const harness = await setUp();
    const host = await startImageServer();
    const url = `${host.url}/ok.png`;
    const chatId = await chatOn(harness, "taobao", "tb-buyer");
    const image = await reply(harness, chatId, { image: { url } });
    expect(image.status).toBe(201);
    expect(((await image.json()) as { reply: unknown }).reply).toMatchObject({ text: "", image: { url } });
    expect((await reply(harness, chatId, { card: { kind: "order", orderId: "TB2026001", amount: 129, status: "已发货" } })).status).toBe(201);
    expect((await reply(harness, chatId, { card: { kind: "logistics", company: "中通快递", trackingNo: "ZT7788" } })).status).toBe(201);

    const round = await deliverDueOutbox({ ctx: harness.ctx, input: { deliver: createDeliver({ fetch, now: () => harness.clock.now }) } });
    expect(round).toMatchObject({ sent: 3 });
    expect(api!.replies.map((r) => [r.via, r.text, r.content])).toEqual([
      ["generic-webhook", "", { image: { url } }],
      ["generic-webhook", "", { order: { orderId: "TB2026001", amount: "129", status: "已发货" } }],
      ["generic-webhook", "", { logistics: { company: "中通快递", trackingNo: "ZT7788" } }],
    ]);

    // the conversation shows them as it shows a buyer's image and cards
    const chat = (await (await harness.agent("default", "a1", "GET", `/chats/${chatId}`)).json()) as { messages: { from: string; text: string | null; image?: unknown; cards?: unknown }[] };
    const mine = chat.messages.filter((m) => m.from === "human");
    expect(mine.map((m) => [m.text, m.image ?? null, m.cards ?? null])).toEqual([
      [null, { url }, null],
      [
        null,
        null,
        [
          {
            kind: "order",
            rows: [
              ["订单号", "TB2026001"],
              ["状态", "已发货"],
              ["金额", "129"],
            ],
          },
        ],
      ],
      [
        null,
        null,
        [
          {
            kind: "logistics",
            rows: [
              ["物流公司", "中通快递"],
              ["运单号", "ZT7788"],
            ],
          },
        ],
      ],
    ]);
    // a sent image is served by the app's image route like a buyer's (the stored URL, fetched by the server)
    const sentId = (await harness.ctx.db.all<{ msg_id: string }>(sql`select msg_id from events where "from" = 'human' and extra like '%image%'`))[0]!.msg_id;
    const media = await harness.agent("default", "a1", "GET", `/media/taobao/${sentId}`);
    expect(media.status).toBe(200);
    expect(Buffer.from(await media.arrayBuffer())).toEqual(PNG);
    await host.close();
  });

  it("an image or card reply that fails is listed with what it carried (not an empty text), and its retry delivers it", async () => {
    // no outbound URL: every Taobao reply fails visibly (the dashboard's 投递失败)
    const harness = await setUp({ outboundUrl: undefined });
    const chatId = await chatOn(harness, "taobao", "tb-failing");
    expect((await reply(harness, chatId, { image: { url: "https://img.example.com/a.png" } })).status).toBe(201);
    expect((await reply(harness, chatId, { card: { kind: "order", orderId: "TB-F1", status: "待发货" } })).status).toBe(201);
    const deliver = createDeliver({ fetch, now: () => harness.clock.now });
    expect(await deliverDueOutbox({ ctx: harness.ctx, input: { deliver } })).toMatchObject({ sent: 0, failed: 2 });
    const failed = (await (await harness.admin("default", "/outbox?status=failed")).json()) as { items: { id: number; text?: string; image?: unknown; cards?: unknown; conversation?: string }[] };
    const items = [...failed.items].sort((a, b) => a.id - b.id);
    expect(items.map((i) => ({ conversation: i.conversation, text: i.text, image: i.image, cards: i.cards }))).toEqual([
      { conversation: "tb-failing", text: undefined, image: { url: "https://img.example.com/a.png" }, cards: undefined },
      {
        conversation: "tb-failing",
        text: undefined,
        image: undefined,
        cards: [
          {
            kind: "order",
            rows: [
              ["订单号", "TB-F1"],
              ["状态", "待发货"],
            ],
          },
        ],
      },
    ]);
    // retried once the shop has an outbound URL: both go out as they were
    harness.ctx.shops.get("default")!.config.outboundUrl = `${api!.url}/outbound`;
    for (const i of items) expect((await harness.call("POST /api/admin/outbox/:id/retry", { params: { id: i.id } })).status).toBe(200);
    expect(await deliverDueOutbox({ ctx: harness.ctx, input: { deliver } })).toMatchObject({ sent: 2, failed: 0 });
    expect(api!.replies.map((r) => r.content)).toEqual([{ image: { url: "https://img.example.com/a.png" } }, { order: { orderId: "TB-F1", status: "待发货" } }]);
  });

  it("is refused with 501 where Kuaishou's send API sends the reply (its image and card formats are unknown); nothing stored or queued", async () => {
    const harness = await setUp({ credentials: { kuaishou: { ...KUAISHOU, accessToken: "tok-abc" } } as never });
    const chatId = await chatOn(harness, "kuaishou", "ks-buyer");
    const before = await counts(harness);
    const image = await reply(harness, chatId, { image: { url: "https://img.example.com/a.png" }, ref: "ref-image-1" });
    expect(image.status).toBe(501);
    expect(((await image.json()) as { error: unknown }).error).toMatchObject({ code: "not_configured", reason: "image-not-supported", platform: "kuaishou", content: "image" });
    const card = await reply(harness, chatId, { card: { kind: "goods", title: "纯棉T恤" } });
    expect(card.status).toBe(501);
    expect(((await card.json()) as { error: unknown }).error).toMatchObject({ reason: "card-not-supported", platform: "kuaishou", content: "card" });
    expect(await counts(harness)).toEqual(before);
    // text still goes
    expect((await reply(harness, chatId, { text: "您好" })).status).toBe(201);
    // a Taobao chat of the same shop still takes an image (its replies go to the outbound webhook)
    const tb = await chatOn(harness, "taobao", "tb-2");
    expect((await reply(harness, tb, { image: { url: "https://img.example.com/a.png" } })).status).toBe(201);
  });

  it("goes to the outbound webhook for a Kuaishou shop without an access token (no native sender then)", async () => {
    const harness = await setUp({ credentials: { kuaishou: KUAISHOU } as never });
    const chatId = await chatOn(harness, "kuaishou", "ks-buyer");
    expect((await reply(harness, chatId, { image: { url: "https://img.example.com/a.png" } })).status).toBe(201);
  });

  it("names the bad input", async () => {
    const harness = await setUp();
    const chatId = await chatOn(harness, "taobao", "tb-buyer");
    const cases: Array<[unknown, Record<string, unknown>]> = [
      [
        { text: "你好", image: { url: "https://x.example/a.png" } },
        { field: "image", reason: "one-content" },
      ],
      [
        { image: { url: "https://x.example/a.png" }, card: { kind: "order", orderId: "1" } },
        { field: "card", reason: "one-content" },
      ],
      [{ image: { url: "javascript:alert(1)" } }, { field: "image", reason: "bad-image-url" }],
      [{ image: "https://x.example/a.png" }, { field: "image", reason: "bad-image-url" }],
      [{ image: { url: `https://x.example/${"a".repeat(2000)}.png` } }, { field: "image", reason: "bad-image-url" }],
      [{ card: { kind: "coupon", id: "1" } }, { field: "card", reason: "bad-card-kind" }],
      [{ card: { kind: "order", orderId: "1", script: "<b>" } }, { field: "card.script", reason: "unknown-card-field" }],
      [{ card: { kind: "order", orderId: " " } }, { field: "card.orderId", reason: "bad-card-value" }],
      [{ card: { kind: "goods", title: "长".repeat(501) } }, { field: "card.title", reason: "bad-card-value", max: 500 }],
      [{ card: { kind: "logistics" } }, { field: "card", reason: "empty-card" }],
    ];
    const before = await counts(harness);
    for (const [body, error] of cases) {
      const res = await reply(harness, chatId, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(((await res.json()) as { error: unknown }).error, JSON.stringify(body).slice(0, 80)).toMatchObject({ code: "bad_request", ...error });
    }
    expect(await counts(harness)).toEqual(before);
  });
});

describe("the Kuaishou sender", () => {
  it("fails an image queued before the shop had a token at once, never sending it as an empty text", async () => {
    api = new FakePlatformApi({ kuaishou: { appKey: KUAISHOU.appKey, signSecret: KUAISHOU.signSecret, accessToken: "tok-abc" } });
    await api.start();
    const config = await shopConfig("default", { credentials: { kuaishou: { ...KUAISHOU, accessToken: "tok-abc", apiUrl: api.url } } as never });
    const shop = resolveShops({ port: 0, databaseUrl: ":memory:", faqDir: "faq", maxBodyBytes: 1e6, shops: [config] }).get("default")!;
    const queued: OutboundReply = { id: "fr-img", shop: "default", platform: "kuaishou", conversation: "b", text: "", image: { url: "https://img.example.com/a.png" }, source: { from: "human", agent: "a1" }, createdAt: T0 };
    const err = await kuaishouReplySender(fetch, Date.now)(queued, shop).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).retryable).toBe(false);
    expect(api.replies).toEqual([]);
  });
});
