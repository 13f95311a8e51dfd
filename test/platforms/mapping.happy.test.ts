/** Pushes → chat events or platform records, through the documented mapping places. */
import { describe, expect, it } from "vitest";
import { mapDouyinItems, parseDouyinBatch } from "../../src/platforms/douyin/codec.js";
import { mapKuaishouMessage, openKuaishouPush } from "../../src/platforms/kuaishou/codec.js";
import { mapTaobaoMessage, tmcMessageFromFrame } from "../../src/platforms/taobao/messages.js";
import { decodeTmcFrame } from "../../src/platforms/taobao/tmc-frames.js";
import { parsePlatformInstant } from "../../src/core/platforms/mapping.js";
import { unhex, vectors } from "./vectors.js";

describe("Douyin batch", () => {
  it("maps the chat tag to an event and keeps the trade tag as an order record", () => {
    const parsed = parseDouyinBatch(vectors.douyin.body);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const items = mapDouyinItems(parsed.items, { shop: "default", receivedAt: 0 });
    expect(items[0]).toEqual({
      kind: "chat",
      event: {
        id: "7300000000000000001",
        platform: "douyin",
        shop: "default",
        conversation: "buyer-42",
        at: Date.parse("2026-01-07T10:10:15+08:00"),
        from: "buyer",
        type: "message",
        text: "你好，什么时候发货？",
        extra: { douyinTag: "im_buyer_message" },
      },
    });
    expect(items[1]).toMatchObject({ kind: "record", record: { id: "7300000000000000002", kind: "100", category: "order", at: Date.parse("2026-01-07T10:10:00+08:00") } });
  });
  it("refund tags are refunds; unknown tags are kept as other; invalid elements never fail the batch", () => {
    const body = JSON.stringify([{ tag: "201", msg_id: "a", data: '{"aftersale_id":"99","p_id":"123"}' }, { tag: "999", msg_id: "b", data: "not json" }, { tag: "100" }, "junk"]);
    const parsed = parseDouyinBatch(body);
    if (!parsed.ok) throw new Error("should parse");
    expect(parsed.invalid).toHaveLength(2);
    const items = mapDouyinItems(parsed.items, { shop: "s1", receivedAt: 0 });
    expect(items[0]).toMatchObject({ kind: "record", record: { category: "refund", orderId: "123" } });
    expect(items[1]).toMatchObject({ kind: "record", record: { category: "other", payload: "not json" } });
  });
  it("a configured chat tag replaces the default; an unmappable chat push is kept with its problem", () => {
    const parsed = parseDouyinBatch(JSON.stringify([{ tag: "5001", msg_id: "m1", data: '{"text":"hi"}' }]));
    if (!parsed.ok) throw new Error("should parse");
    const items = mapDouyinItems(parsed.items, { shop: "s1", chatTags: ["5001"], receivedAt: 0 });
    expect(items[0]).toMatchObject({ kind: "record", record: { category: "chat-unmapped" } });
  });
  it("a non-array body is an error", () => {
    expect(parseDouyinBatch('{"tag":"1"}').ok).toBe(false);
    expect(parseDouyinBatch("[").ok).toBe(false);
  });
});

describe("Kuaishou event", () => {
  it("maps the chat event via info", async () => {
    const v = vectors.kuaishouPush;
    const r = await openKuaishouPush(v.ciphertext, { appKey: v.appKey, msgKey: v.msgKey });
    if (r.kind !== "event") throw new Error("should open");
    const item = mapKuaishouMessage(r.message, { shop: "default", receivedAt: 0 });
    expect(item).toMatchObject({ kind: "chat", event: { id: "ev-0001", conversation: "buyer-7", at: 1767751815000, from: "buyer", text: "在吗？这个有货吗" } });
  });
  it("keeps order events as records", () => {
    const item = mapKuaishouMessage({ eventId: "e2", event: "kwaishop_order_paySuccess", info: '{"oid":42}', infoParsed: { oid: 42 }, test: false, createTime: 1767751815000 }, { shop: "default", receivedAt: 0 });
    expect(item).toMatchObject({ kind: "record", record: { id: "e2", category: "order", orderId: "42", at: 1767751815000 } });
  });
});

describe("Taobao TMC message", () => {
  it("keeps a trade topic as an order record with its id beyond 2^53 exact", () => {
    const m = tmcMessageFromFrame(decodeTmcFrame(unhex(vectors.tmc.sendFrameHex)));
    expect(m?.id).toBe("9007199254740993");
    const item = mapTaobaoMessage(m!, { shop: "default", receivedAt: 0 });
    expect(item).toMatchObject({ kind: "record", record: { id: "9007199254740993", category: "order", orderId: "1234567890123", buyer: "买家小王" } });
  });
  it("maps the chat topic, times in platform time", () => {
    const item = mapTaobaoMessage({ id: "1", topic: "taobao_cs_BuyerMessage", content: "", parsed: { buyer_nick: "tb-buyer", send_time: "2026-01-07 10:10:15", content: "在吗", to_nick: "店:小美" } }, { shop: "default", receivedAt: 0 });
    expect(item).toMatchObject({ kind: "chat", event: { conversation: "tb-buyer", at: Date.parse("2026-01-07T10:10:15+08:00"), agent: "店:小美", text: "在吗" } });
  });
});

describe("platform instants", () => {
  it("seconds, ms, local platform time, ISO", () => {
    const t = Date.parse("2026-01-07T10:10:15+08:00");
    expect(parsePlatformInstant(t / 1000)).toBe(t);
    expect(parsePlatformInstant(t)).toBe(t);
    expect(parsePlatformInstant(String(t / 1000))).toBe(t);
    expect(parsePlatformInstant("2026-01-07 10:10:15")).toBe(t);
    expect(parsePlatformInstant("2026-01-07T10:10:15+08:00")).toBe(t);
    expect(parsePlatformInstant("yesterday")).toBeUndefined();
  });
});

describe("exact JSON", () => {
  it("keeps big integers exact outside strings and leaves strings alone", async () => {
    const { parseJsonExact } = await import("../../src/core/platforms/mapping.js");
    expect(parseJsonExact('{"p_id":6912345678901234567,"n":12,"f":1.5e3,"s":"x\\":9007199254740993}","neg":-9007199254740993}')).toEqual({
      p_id: "6912345678901234567",
      n: 12,
      f: 1500,
      s: 'x":9007199254740993}',
      neg: "-9007199254740993",
    });
  });
  it("Douyin order ids survive", () => {
    const parsed = parseDouyinBatch(vectors.douyin.body);
    if (!parsed.ok) throw new Error("should parse");
    const items = mapDouyinItems(parsed.items, { shop: "default", receivedAt: 0 });
    expect(items[1]).toMatchObject({ kind: "record", record: { orderId: "6912345678901234567" } });
  });
});
