/**
 * Images and cards of messages: what is read from an event's fields (core/message-content.ts),
 * and the image route over real HTTP against a real image server on 127.0.0.1: the size limit
 * (declared and actual), raster types only, only the URL stored with a message of my shop.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { messageContent } from "../../src/core/message-content.js";
import { MAX_IMAGE_BYTES } from "../../src/http/routes/agent/message-image.js";
import { PNG, startImageServer } from "../support/images.js";
import { buyer, createHarness, shopConfig, T0, type Harness } from "../support/harness.js";

describe("message content", () => {
  it("reads an image and order, goods and logistics cards; values as text, labels in Chinese", () => {
    const c = messageContent({
      msgType: "image",
      url: "https://img.example.com/a.jpg",
      order: { orderId: "O1", status: "已发货", amount: 99.5 },
      goods: { title: "纯棉T恤", price: "59", url: "https://shop.example.com/i/1" },
      logistics: { company: "中通", trackingNo: "ZT123", status: "派送中" },
    });
    expect(c.image).toEqual({ url: "https://img.example.com/a.jpg" });
    expect(c.cards).toEqual([
      {
        kind: "order",
        rows: [
          ["订单号", "O1"],
          ["状态", "已发货"],
          ["金额", "99.5"],
        ],
      },
      {
        kind: "goods",
        rows: [
          ["商品", "纯棉T恤"],
          ["价格", "59"],
          ["链接", "https://shop.example.com/i/1"],
        ],
      },
      {
        kind: "logistics",
        rows: [
          ["物流公司", "中通"],
          ["运单号", "ZT123"],
          ["物流状态", "派送中"],
        ],
      },
    ]);
    expect(messageContent({ orderId: 12345 }).cards).toEqual([{ kind: "order", rows: [["订单号", "12345"]] }]);
  });

  it("takes no image from anything but an http(s) URL, and nothing from nothing", () => {
    for (const url of ["javascript:alert(1)", "data:image/png;base64,xx", "//evil", "https://a b", ""]) expect(messageContent({ imageUrl: url }).image, url).toBeUndefined();
    expect(messageContent(null)).toEqual({ cards: [] });
    expect(messageContent({ image: { url: 42 }, order: {} })).toEqual({ cards: [] });
  });
});

describe("GET /api/agent/media/:platform/:msgId", () => {
  let host: Awaited<ReturnType<typeof startImageServer>>;
  let h: Harness;
  beforeAll(async () => {
    host = await startImageServer();
  });
  afterAll(() => host.close());
  beforeEach(async () => {
    h = await createHarness({ shops: [await shopConfig("default"), await shopConfig("other")], mediaProxyAllowPrivate: true });
  });
  afterEach(() => h.close());

  const post = (id: string, extra: Record<string, unknown>) => h.postEvents({ ...buyer("kuaishou", "k1", T0, undefined, extra), id });
  const get = (id: string, shop = "default") => h.agent(shop, "a1", "GET", `/media/kuaishou/${id}`);

  it("answers the message's image as bytes, with its type and no-script headers; the chat shows it and its cards", async () => {
    await post("img-1", { image: { url: `${host.url}/ok.png` }, order: { orderId: "O-9" } });
    const res = await h.call("GET /api/agent/media/:platform/:msgId", { agent: "a1", params: { platform: "kuaishou", msgId: "img-1" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'");
    expect(Buffer.from(res.body).equals(PNG)).toBe(true);
    const { chats } = await (await h.agent("default", "a1", "GET", "/queue")).json();
    const detail = await (await h.agent("default", "a1", "GET", `/chats/${chats[0].id}`)).json();
    expect(detail.messages[0]).toMatchObject({ id: "img-1", image: { url: `${host.url}/ok.png` }, cards: [{ kind: "order", rows: [["订单号", "O-9"]] }] });
  });

  it("refuses an image over 2 MiB, declared or counted (413), an SVG or a missing one (404 image-unavailable)", async () => {
    await post("big", { imageUrl: `${host.url}/big.png` });
    await post("liar", { imageUrl: `${host.url}/liar.png` });
    await post("svg", { imageUrl: `${host.url}/x.svg` });
    await post("gone", { imageUrl: `${host.url}/missing.png` });
    await post("text", { note: "no image here" });
    for (const id of ["big", "liar"]) {
      const res = await get(id);
      expect(res.status, id).toBe(413);
      expect((await res.json()).error, id).toMatchObject({ code: "payload_too_large", reason: "image-too-large", max: MAX_IMAGE_BYTES });
    }
    for (const id of ["svg", "gone", "text"]) {
      const res = await get(id);
      expect(res.status, id).toBe(404);
      expect((await res.json()).error, id).toMatchObject({ reason: "image-unavailable" });
    }
  });

  it("an image whose body stalls past the 5 s timeout is unavailable (404), not a server error", async () => {
    await post("stall", { imageUrl: `${host.url}/stall.png` });
    const res = await get("stall");
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatchObject({ code: "not_found", reason: "image-unavailable" });
  });

  it("serves only messages of my shop: another shop's agent gets 404 and no fetch is made for it", async () => {
    await post("img-1", { image: `${host.url}/ok.png` });
    const res = await get("img-1", "other");
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatchObject({ reason: "message-not-found" });
    expect((await h.agent("default", "a1", "GET", "/media/pdd/img-1")).status).toBe(400);
  });
});
