// Images and cards in the conversation (docs/ui.md "图片和卡片"). The server reads them from the
// event's fields (core/message-content.ts): `m.image` is fetched through /api/agent/media with
// the token and shown from a blob: URL (the CSP allows no remote image); `m.cards` are order,
// goods and logistics cards with Chinese labels. Every value is set as text, never as HTML.
(function () {
  "use strict";
  var FR = window.FR, h = FR.h;
  var TITLE = { order: "订单", goods: "商品", logistics: "物流" };
  var blobs = new Map(); // message → object URL or Chinese error, so re-renders fetch nothing again

  function loadImage(box, key, platform, m, token) {
    var known = blobs.get(key);
    if (known) return show(box, known, m.from);
    FR.api.raw(token, "/api/agent/media/" + encodeURIComponent(platform) + "/" + encodeURIComponent(m.id)).then(function (r) {
      blobs.set(key, r);
      show(box, r, m.from);
    });
  }
  function show(box, r, from) {
    FR.clear(box);
    if (r.url) box.appendChild(h("img", { src: r.url, alt: from === "buyer" ? "买家发送的图片" : "店铺发送的图片", loading: "lazy" }));
    else box.appendChild(h("span", { class: "muted", text: "［" + r.error + "］" }));
  }

  FR.messageExtras = function (m, platform, token) {
    if (!m.image && !m.cards) return null;
    var out = [];
    if (m.image) {
      var box = h("div", { class: "msg-image" }, h("span", { class: "muted", text: "图片加载中…" }));
      loadImage(box, platform + "\u0000" + m.id, platform, m, token);
      out.push(box);
    }
    (m.cards || []).forEach(function (c) {
      var dl = h("dl", { class: "kv" });
      c.rows.forEach(function (r) { dl.appendChild(h("dt", { text: r[0] })); dl.appendChild(h("dd", { text: r[1] })); });
      out.push(h("div", { class: "msg-card card-" + c.kind }, h("b", { text: TITLE[c.kind] || "卡片" }), dl));
    });
    return out;
  };
})();
