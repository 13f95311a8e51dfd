// History and search in the console's side panel (docs/ui.md "History and search"):
//  - 历史会话: the open chat's buyer by day over the last 30 days; a day opens its messages;
//  - 搜索: the shop's last 30 days by buyer, order id or message text; a result shows that
//    buyer's days the same way (or opens the chat when it is in my list).
(function () {
  "use strict";
  var FR = window.FR, $ = FR.$, h = FR.h;
  var store = FR.tokenStore("fr.agentToken");
  var current = null; // { platform, conversation } whose days are shown
  var seq = 0;
  var WHO = { buyer: "买家", human: "客服", bot: "机器人", platform: "平台" };
  var MATCH = { buyer: "买家", order: "订单号", text: "聊天内容" };

  function api(path) { return FR.api(store.get(), "GET", path); }
  function qs(o) { return Object.keys(o).map(function (k) { return k + "=" + encodeURIComponent(o[k]); }).join("&"); }

  /** the days of one buyer's conversation, newest first; each opens its messages */
  async function showDays(platform, conversation, title) {
    var mine = ++seq;
    current = { platform: platform, conversation: conversation };
    var box = FR.clear($("#history-body"));
    $("#history-title").textContent = title || "历史会话";
    box.appendChild(h("p", { class: "muted", text: "加载中…" }));
    var r;
    try { r = await api("/api/agent/history?" + qs({ platform: platform, conversation: conversation })); } catch (e) { if (mine === seq) FR.clear(box).appendChild(h("p", { class: "error", text: e.message })); return; }
    if (mine !== seq) return;
    FR.clear(box);
    if (!r.days.length) { box.appendChild(h("p", { class: "empty", text: "近 30 天没有聊天记录" })); return; }
    var list = h("ul", { class: "history-days" });
    r.days.forEach(function (d) {
      var msgs = h("ol", { class: "history-messages", hidden: true });
      var btn = h("button", { type: "button", class: "history-day", "aria-expanded": "false", dataset: { day: d.day } },
        h("b", { text: d.day.slice(5) }), " ", h("span", { text: d.messages + " 条" + (d.agents.length ? " · " + d.agents.join("、") : "") }),
        h("span", { class: "muted history-first", text: d.firstBuyerText || "（非文本消息）" }));
      btn.addEventListener("click", function () { toggleDay(btn, msgs, platform, conversation, d.day); });
      list.appendChild(h("li", {}, btn, msgs));
    });
    box.appendChild(list);
  }

  async function toggleDay(btn, box, platform, conversation, day) {
    var open = btn.getAttribute("aria-expanded") !== "true";
    btn.setAttribute("aria-expanded", String(open));
    box.hidden = !open;
    if (!open || box.dataset.loaded) return;
    box.appendChild(h("li", { class: "muted", text: "加载中…" }));
    var r;
    try { r = await api("/api/agent/history?" + qs({ platform: platform, conversation: conversation, day: day })); } catch (e) { FR.clear(box).appendChild(h("li", { class: "error", text: e.message })); return; }
    FR.clear(box);
    box.dataset.loaded = "1";
    r.messages.forEach(function (m) {
      if (m.type !== "message") return;
      box.appendChild(h("li", { class: "history-msg " + m.from }, h("span", { class: "muted", text: FR.clock(m.at) + " " + (WHO[m.from] || m.from) + " " }), m.text || "［非文本消息］"));
    });
  }

  async function runSearch(query) {
    var box = FR.clear($("#search-results"));
    query = query.trim();
    if (!query) { box.appendChild(h("p", { class: "error", text: "请输入买家、订单号或聊天内容" })); return; }
    box.appendChild(h("p", { class: "muted", text: "搜索中…" }));
    var r;
    try { r = await api("/api/agent/search?" + qs({ query: query })); } catch (e) { FR.clear(box).appendChild(h("p", { class: "error", text: e.message })); return; }
    FR.clear(box);
    box.appendChild(h("p", { class: "muted", role: "status", text: r.conversations.length ? "近 " + r.days + " 天找到 " + r.conversations.length + " 个会话" : "近 " + r.days + " 天没有找到“" + r.query + "”" }));
    var list = h("ul", { class: "search-list" });
    r.conversations.forEach(function (c) {
      var li = h("li", { class: "search-item" },
        h("div", {}, FR.platformBadge(c.platform), " ", h("b", { text: c.conversation }), " ", h("span", { class: "muted", text: FR.dayTime(c.lastAt) }),
          " ", c.matchedBy.map(function (k) { return h("span", { class: "chip", text: MATCH[k] || k }); })),
        c.hits.map(function (x) { return h("div", { class: "search-hit", text: (WHO[x.from] || x.from) + "：" + (x.text || "［非文本消息］") }); }),
        h("button", { type: "button", text: "查看记录", "aria-label": "查看记录：" + c.conversation + " 的历史会话", onclick: function () { openResult(c); } }));
      list.appendChild(li);
    });
    box.appendChild(list);
  }

  /** a result in my list opens as the chat; any other shows its days here */
  function openResult(c) {
    var row = c.chatId ? $('#mine .chat-item[data-id="' + c.chatId + '"]') : null;
    showDays(c.platform, c.conversation, "历史会话 · " + c.conversation);
    if (row) row.click();
    var title = $("#history-title");
    if (title.scrollIntoView) title.scrollIntoView({ block: "start" });
  }

  // the open chat's buyer: shown when the chat changes (not on every refresh of the same chat)
  document.addEventListener("fr:chat", function (e) {
    var chat = e.detail && e.detail.data && e.detail.data.chat;
    if (!chat || (current && current.platform === chat.platform && current.conversation === chat.conversation)) return;
    showDays(chat.platform, chat.conversation, "历史会话 · " + chat.conversation);
  });
  $("#search-form").addEventListener("submit", function (e) { e.preventDefault(); runSearch($("#search-q").value); });
})();
