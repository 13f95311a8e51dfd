/**
 * What a message carries besides text, read from the event's unknown fields (the event format
 * keeps them verbatim): an image, an order, goods, logistics. The console renders these as an
 * inline image and Chinese cards (docs/ui.md "图片和卡片"). Pure; every value is shown as text.
 *
 * Recognised shapes (the generic webhook's and what platform mappings keep):
 *  - image: `image: {url}` or `image: "<url>"`, `imageUrl`, `picUrl`, or `msgType`/`contentType`
 *    "image" (or "img", "pic") with `url`;
 *  - order: `order: {orderId|id, status, amount|price, goods|title, count}` or a bare `orderId`;
 *  - goods: `goods|item|product: {title|name, price, id|itemId, url, count}`;
 *  - logistics: `logistics: {company, trackingNo|waybillNo|no, status, updatedAt}`.
 */
export type CardKind = "order" | "goods" | "logistics";

export interface MessageImage {
  url: string;
}

export interface MessageCard {
  kind: CardKind;
  /** label (Chinese) and value, in a fixed order; only what the event has */
  rows: [string, string][];
}

export interface MessageContent {
  image?: MessageImage;
  cards: MessageCard[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const scalar = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim().slice(0, 500) : typeof v === "number" && Number.isFinite(v) ? String(v) : undefined);
const URL_OK = /^https?:\/\/[^\s"'<>]+$/i;

function pick(o: Obj, keys: string[]): string | undefined {
  for (const k of keys) {
    const v = scalar(o[k]);
    if (v !== undefined) return v;
  }
  return undefined;
}

function rows(o: Obj, spec: [string, string[]][]): [string, string][] {
  const out: [string, string][] = [];
  for (const [label, keys] of spec) {
    const v = pick(o, keys);
    if (v !== undefined) out.push([label, v]);
  }
  return out;
}

function imageOf(extra: Obj): MessageImage | undefined {
  const candidates: unknown[] = [isObj(extra.image) ? extra.image.url : extra.image, extra.imageUrl, extra.picUrl];
  const kind = String(extra.msgType ?? extra.contentType ?? "").toLowerCase();
  if (["image", "img", "pic", "picture"].includes(kind)) candidates.push(extra.url);
  for (const c of candidates) if (typeof c === "string" && isImageUrl(c.trim())) return { url: c.trim() };
  return undefined;
}

const ORDER: [string, string[]][] = [
  ["订单号", ["orderId", "id", "tid", "no"]],
  ["状态", ["status", "statusText"]],
  ["金额", ["amount", "price", "payment", "total"]],
  ["商品", ["goods", "title", "itemTitle"]],
  ["数量", ["count", "quantity", "num"]],
];
const GOODS: [string, string[]][] = [
  ["商品", ["title", "name"]],
  ["价格", ["price"]],
  ["商品编号", ["id", "itemId", "goodsId", "productId"]],
  ["数量", ["count", "quantity", "num"]],
  ["链接", ["url", "link"]],
];
const LOGISTICS: [string, string[]][] = [
  ["物流公司", ["company", "companyName", "express"]],
  ["运单号", ["trackingNo", "waybillNo", "no", "mailNo"]],
  ["物流状态", ["status", "statusText"]],
  ["更新时间", ["updatedAt", "time"]],
];

/** The fields a card of each kind may carry, as the event format names them (what a sent card may hold). */
export const CARD_FIELDS: Record<CardKind, readonly string[]> = {
  order: ORDER.flatMap(([, keys]) => keys),
  goods: GOODS.flatMap(([, keys]) => keys),
  logistics: LOGISTICS.flatMap(([, keys]) => keys),
};

/** An http(s) URL an image may be fetched from (the server proxy fetches it; never a script URL). */
export function isImageUrl(v: string): boolean {
  return URL_OK.test(v) && v.length <= 2000;
}

export function messageContent(extra: unknown): MessageContent {
  const cards: MessageCard[] = [];
  if (!isObj(extra)) return { cards };
  const order = isObj(extra.order) ? rows(extra.order, ORDER) : scalar(extra.orderId) ? [["订单号", scalar(extra.orderId)!] as [string, string]] : [];
  if (order.length) cards.push({ kind: "order", rows: order });
  const goodsObj = [extra.goods, extra.item, extra.product].find(isObj);
  if (goodsObj) {
    const g = rows(goodsObj, GOODS);
    if (g.length) cards.push({ kind: "goods", rows: g });
  }
  if (isObj(extra.logistics)) {
    const l = rows(extra.logistics, LOGISTICS);
    if (l.length) cards.push({ kind: "logistics", rows: l });
  }
  const image = imageOf(extra);
  return image ? { image, cards } : { cards };
}
