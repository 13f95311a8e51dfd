// 快捷短语 in the console (docs/ui.md "快捷短语"): typing "/" in the reply box opens a picker
// that searches the shop's phrases, the agent's own and the shop's FAQ answers as one types;
// ↑/↓ choose, Enter puts the choice in place of "/…", Esc closes. Keyboard only: the focus never
// leaves the reply box (the list is its aria-activedescendant). The agent's own phrases are
// managed in the side panel ("我的快捷短语").
(function () {
  "use strict";
  var FR = window.FR, $ = FR.$, h = FR.h;
  var store = FR.tokenStore("fr.agentToken");
  var ta = $("#reply"), picker = $("#phrase-picker");
  var data = null, loadedAt = 0, loading = null;
  var platform = null, chatId = null;
  var open = false, items = [], active = 0, slashAt = -1, dismissedAt = -1;
  var SHOWN = 8, STALE_MS = 60000;

  function token() { return store.get(); }

  async function load(force) {
    if (!force && data && Date.now() - loadedAt < STALE_MS) return data;
    if (loading) return loading;
    loading = FR.api(token(), "GET", "/api/agent/phrases").then(function (r) { data = r; loadedAt = Date.now(); return r; }, function (e) { data = data || { phrases: [], faq: [], error: e.message }; return data; });
    try { return await loading; } finally { loading = null; }
  }

  /** the "/query" ending at the caret: "/" at the start or after a space, no space inside */
  function trigger() {
    var end = ta.selectionStart;
    if (end !== ta.selectionEnd) return null;
    var before = ta.value.slice(0, end);
    var at = before.lastIndexOf("/");
    if (at < 0 || (at > 0 && !/\s/.test(before.charAt(at - 1)))) return null;
    var query = before.slice(at + 1);
    if (/\s/.test(query) || query.length > 20) return null;
    return { at: at, query: query };
  }

  /** every candidate with a rank: name starts with the query, name has it, text has it */
  function search(query) {
    var q = query.toLowerCase(), out = [];
    function rank(name, text) {
      name = (name || "").toLowerCase(); text = (text || "").toLowerCase();
      if (!q) return 2;
      if (name.indexOf(q) === 0) return 0;
      if (name.indexOf(q) >= 0) return 1;
      return text.indexOf(q) >= 0 ? 2 : -1;
    }
    (data.phrases || []).forEach(function (p, i) {
      var r = rank(p.title, p.content);
      if (r >= 0) out.push({ kind: p.scope === "shop" ? "店铺" : "我的", title: p.title, text: p.content, rank: r, order: i });
    });
    (data.faq || []).forEach(function (f, i) {
      var answer = (platform && f.answers && f.answers[platform]) || f.answer;
      // an empty query lists the phrases only: hundreds of FAQ answers would bury them
      var r = q ? rank(f.question, answer) : -1;
      if (r >= 0) out.push({ kind: "FAQ", title: f.question, text: answer, rank: r + 0.5, order: 100000 + i });
    });
    return out.sort(function (a, b) { return a.rank - b.rank || a.order - b.order; });
  }

  function close() {
    if (!open) return;
    open = false;
    picker.hidden = true;
    ta.removeAttribute("aria-activedescendant");
  }

  function render(query) {
    FR.clear(picker);
    var found = search(query);
    items = found.slice(0, SHOWN);
    if (active >= items.length) active = 0;
    if (data.error && !(data.phrases || []).length) picker.appendChild(h("li", { class: "picker-note", role: "presentation", text: "快捷短语加载失败：" + data.error }));
    else if (!items.length) picker.appendChild(h("li", { class: "picker-note", role: "presentation", text: query ? "没有匹配“" + query + "”的短语或FAQ答案" : "还没有快捷短语：可在右侧“我的快捷短语”添加，或继续输入搜索FAQ答案" }));
    items.forEach(function (it, i) {
      picker.appendChild(h("li", { id: "phrase-opt-" + i, role: "option", class: "picker-item" + (i === active ? " active" : ""), "aria-selected": String(i === active), dataset: { index: String(i) },
        onmousedown: function (e) { e.preventDefault(); choose(i); } },
        h("span", { class: "chip", text: it.kind }), " ", h("b", { text: it.title }), h("span", { class: "picker-text", text: it.text })));
    });
    if (found.length > SHOWN) picker.appendChild(h("li", { class: "picker-note", role: "presentation", text: "共 " + found.length + " 条，继续输入以缩小范围" }));
    picker.hidden = false;
    open = true;
    if (items.length) ta.setAttribute("aria-activedescendant", "phrase-opt-" + active);
    else ta.removeAttribute("aria-activedescendant");
    var act = picker.querySelector(".active");
    if (act && act.scrollIntoView) act.scrollIntoView({ block: "nearest" });
  }

  async function update() {
    var t = trigger();
    if (!t || t.at === dismissedAt) { if (!t) dismissedAt = -1; close(); return; }
    if (t.at !== slashAt) active = 0;
    slashAt = t.at;
    await load(false);
    // the text may have changed while the list loaded
    var now = trigger();
    if (!now || now.at === dismissedAt) { close(); return; }
    render(now.query);
  }

  function choose(i) {
    var it = items[i], t = trigger();
    if (!it || !t) { close(); return; }
    var end = ta.selectionStart;
    ta.value = ta.value.slice(0, t.at) + it.text + ta.value.slice(end);
    ta.selectionStart = ta.selectionEnd = t.at + it.text.length;
    close();
    // console.js keeps the draft on "input"; the inserted text is not a new "/" query
    dismissedAt = -1;
    suppress = true;
    ta.dispatchEvent(new Event("input", { bubbles: true }));
    suppress = false;
    ta.focus();
  }

  var suppress = false;
  ta.addEventListener("input", function () { if (!suppress) update(); });
  ta.addEventListener("click", update);
  ta.addEventListener("blur", function () { setTimeout(close, 150); });
  ta.addEventListener("keydown", function (e) {
    if (!open || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!items.length) return;
      active = (active + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      var t = trigger();
      render(t ? t.query : "");
    } else if (e.key === "Enter") {
      // nothing to choose: Enter closes the list and types nothing
      if (!items.length) { e.preventDefault(); dismissedAt = slashAt; close(); return; }
      e.preventDefault();
      choose(active);
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      dismissedAt = slashAt;
      close();
    } else if (e.key === "ArrowLeft" || e.key === "ArrowRight" || e.key === "Home" || e.key === "End") setTimeout(update, 0);
  });

  // a chat switch empties or swaps the reply box without an input event: the picker goes
  document.addEventListener("fr:chat", function (e) {
    var chat = e.detail && e.detail.data && e.detail.data.chat;
    if (!chat) return;
    platform = chat.platform;
    if (chat.id !== chatId) { chatId = chat.id; dismissedAt = -1; close(); }
  });

  var manager = FR.phraseManager($("#my-phrases"), {
    scope: "personal",
    token: token,
    path: function (p) { return "/api/agent" + p; },
    onChange: function () { load(true); },
  });
  // the side panel's list loads once the console is logged in (console.js shows #app)
  var shown = new MutationObserver(function () { if (!$("#app").hidden && token()) { manager.load(); load(true); } });
  shown.observe($("#app"), { attributes: true, attributeFilter: ["hidden"] });
})();
