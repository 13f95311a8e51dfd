// Images and cards in the conversation (docs/ui.md "图片和卡片"). The server reads them from the
// event's fields (core/message-content.ts): `m.image` is fetched through /api/agent/media with
// the token and shown from a blob: URL (the CSP allows no remote image); `m.cards` are order,
// goods and logistics cards with Chinese labels. Every value is set as text, never as HTML.
// Adds its part (MediaParts) to window.FR; console.ts calls it for every message it draws.
import type { CardKind } from "../../../core/message-content.js";
import type { PresentedMessage } from "../../present.js";

export interface MediaParts {
  /** the message's image and cards as elements, or null when it has neither */
  messageExtras(m: PresentedMessage, platform: string, token: string): HTMLElement[] | null;
}

type Loaded = Awaited<ReturnType<Window["FR"]["api"]["raw"]>>;

const FR = window.FR;
const h = FR.h;
const TITLE: Record<CardKind, string> = { order: "订单", goods: "商品", logistics: "物流" };
const blobs = new Map<string, Loaded>(); // message → object URL or Chinese error, so re-renders fetch nothing again

function loadImage(box: HTMLElement, key: string, platform: string, m: PresentedMessage, token: string) {
  const known = blobs.get(key);
  if (known) return show(box, known, m.from);
  FR.api.raw(token, "/api/agent/media/" + encodeURIComponent(platform) + "/" + encodeURIComponent(m.id)).then((r) => {
    blobs.set(key, r);
    show(box, r, m.from);
  });
}
function show(box: HTMLElement, r: Loaded, from: string) {
  FR.clear(box);
  if (r.url) box.appendChild(h("img", { src: r.url, alt: from === "buyer" ? "买家发送的图片" : "店铺发送的图片", loading: "lazy" }));
  else box.appendChild(h("span", { class: "muted", text: "［" + r.error + "］" }));
}

const parts: MediaParts = {
  messageExtras: (m, platform, token) => {
    if (!m.image && !m.cards) return null;
    const out: HTMLElement[] = [];
    if (m.image) {
      const box = h("div", { class: "msg-image" }, h("span", { class: "muted", text: "图片加载中…" }));
      loadImage(box, platform + "\u0000" + m.id, platform, m, token);
      out.push(box);
    }
    for (const c of m.cards || []) {
      const dl = h("dl", { class: "kv" });
      for (const r of c.rows) {
        dl.appendChild(h("dt", { text: r[0] }));
        dl.appendChild(h("dd", { text: r[1] }));
      }
      out.push(h("div", { class: "msg-card card-" + c.kind }, h("b", { text: TITLE[c.kind] || "卡片" }), dl));
    }
    return out;
  },
};
Object.assign(FR, parts);
