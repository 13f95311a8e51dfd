// 快捷短语 list + add/edit form (markup: src/http/pages/phrases.tsx), shared by the console (an
// agent's own phrases, /api/agent/phrases) and the dashboard (the shop's, /api/admin/phrases).
// FR.phraseManager(root, { path(p) → url, token() → bearer, onChange() }) → { load() }.
(function () {
  "use strict";
  var FR = window.FR, h = FR.h;

  FR.phraseManager = function (root, opts) {
    var list = root.querySelector(".phrase-list"), empty = root.querySelector(".phrase-empty");
    var form = root.querySelector(".phrase-form"), error = form.querySelector(".error");
    var submit = form.querySelector("button[type=submit]"), cancel = form.querySelector(".phrase-cancel");
    var editing = null, phrases = [];

    function reset() {
      editing = null;
      form.reset();
      submit.textContent = "添加短语";
      cancel.hidden = true;
    }
    function render() {
      FR.clear(list);
      empty.hidden = phrases.length > 0;
      phrases.forEach(function (p) {
        list.appendChild(h("li", { class: "phrase-item", dataset: { id: String(p.id) } },
          h("div", { class: "phrase-text" }, h("b", { text: p.title }), h("span", { class: "muted", text: p.content })),
          h("button", { type: "button", "aria-label": "编辑短语 " + p.title, text: "编辑", onclick: function () { edit(p); } }),
          h("button", { type: "button", "aria-label": "删除短语 " + p.title, text: "删除", onclick: function () { remove(p); } })));
      });
    }
    function edit(p) {
      editing = p.id;
      form.elements.title.value = p.title;
      form.elements.content.value = p.content;
      submit.textContent = "保存修改";
      cancel.hidden = false;
      error.textContent = "";
      form.elements.content.focus();
    }
    async function call(method, path, body) {
      error.textContent = "";
      try { return await FR.api(opts.token(), method, opts.path(path), body); } catch (e) { error.textContent = e.message; return null; }
    }
    async function load() {
      var r = await call("GET", "/phrases");
      if (!r) return;
      // an agent's list also holds the shop's phrases: only their own are theirs to manage
      phrases = r.phrases.filter(function (p) { return p.scope === (opts.scope || p.scope); });
      render();
    }
    async function remove(p) {
      if (await call("DELETE", "/phrases/" + p.id)) { if (editing === p.id) reset(); await load(); if (opts.onChange) opts.onChange(); }
    }
    form.addEventListener("submit", async function (e) {
      e.preventDefault();
      var body = { title: form.elements.title.value, content: form.elements.content.value };
      if (!body.title.trim() || !body.content.trim()) { error.textContent = "请填写短语名称和内容"; return; }
      var ok = editing === null ? await call("POST", "/phrases", body) : await call("PUT", "/phrases/" + editing, body);
      if (!ok) return;
      reset();
      await load();
      if (opts.onChange) opts.onChange();
    });
    cancel.addEventListener("click", reset);
    return { load: load };
  };
})();
