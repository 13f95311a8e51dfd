// FAQ editor of the dashboard: list and search the shop's entries, edit one, show validation
// errors inline next to the field they concern. Talks to the admin FAQ API (docs/ui.md):
//   GET /api/admin/faq?shop=            → { entries: [...], errors?: [...] }
//   PUT /api/admin/faq/entries/:id?shop= → 200 { entry } | 4xx { error: { message, field?, errors?: [{ message, zh, file, line }] } }
//   DELETE /api/admin/faq/entries/:id?shop= → the shop's own entry deleted, or its override of a shared one reverted
// Problems are shown by their Chinese (`zh`) with file and line; the English `message` only picks the field.
(function () {
  "use strict";
  var FR = window.FR, $ = FR.$, h = FR.h;
  var token = null, shop = null, entries = [], selected = null, loadedFor = null, creating = false;
  var FIELDS = ["id", "question", "examples", "answer", "answers", "keywords", "enabled"];
  // the per-platform answer fields the page rendered from the platform registry (no list copied here)
  var PLATFORMS = Array.prototype.map.call(document.querySelectorAll(".faq-answer-platform"), function (el) { return el.getAttribute("data-platform"); });

  function q(path) { return path + (path.indexOf("?") < 0 ? "?" : "&") + "shop=" + encodeURIComponent(shop); }

  async function open(t, s) {
    token = t;
    if (loadedFor === s) return;
    shop = s;
    loadedFor = s;
    await load();
  }

  async function load() {
    var list = FR.clear($("#faq-list"));
    list.appendChild(h("li", { class: "muted", text: "加载中…" }));
    try {
      var r = await FR.api(token, "GET", q("/api/admin/faq"));
      entries = r.entries || r.items || [];
      FR.clear(list);
      // a page banner of its own: opening or saving an entry does not clear it, a reload does
      var fileErrors = r.errors || [];
      var banner = $("#faq-file-errors");
      banner.hidden = !fileErrors.length;
      banner.textContent = fileErrors.length ? "FAQ 文件有错误，线上仍使用上一个正确版本：" + fileErrors.map(describe).join("；") : "";
    } catch (e) {
      entries = [];
      FR.clear(list);
      loadedFor = null;
      $("#faq-list-empty").hidden = false;
      $("#faq-list-empty").textContent = e.status === 404 ? "FAQ 管理接口不可用（本部署未提供 /api/admin/faq）" : "加载失败：" + e.message;
      return;
    }
    renderList();
  }

  function matches(e, text) {
    if (!text) return true;
    var hay = [e.id, e.question, e.answer].concat(e.examples || [], e.keywords || []).join("\n").toLowerCase();
    return hay.indexOf(text.toLowerCase()) >= 0;
  }

  function renderList() {
    var text = $("#faq-search").value.trim();
    var list = FR.clear($("#faq-list"));
    var shown = entries.filter(function (e) { return matches(e, text); });
    shown.forEach(function (e) {
      list.appendChild(h("li", { class: (selected && selected.id === e.id ? "selected " : "") + (e.enabled === false ? "disabled" : ""), dataset: { id: e.id }, onclick: function () { edit(e); } },
        h("div", {}, h("b", { text: e.question }), e.enabled === false ? h("span", { class: "muted", text: "（已停用）" }) : null),
        h("div", { class: "muted", text: e.id + " · " + (e.examples || []).length + " 个问法" + (e.origin === "shop" ? " · 本店" : e.origin === "shared" ? " · 共享" : "") })));
    });
    $("#faq-count").textContent = "(" + shown.length + "/" + entries.length + ")";
    $("#faq-list-empty").hidden = shown.length > 0;
    $("#faq-list-empty").textContent = entries.length ? "没有匹配“" + text + "”的条目" : "本店还没有 FAQ 条目";
  }

  function clearErrors() {
    FR.$$("#faq-form .field").forEach(function (f) { f.classList.remove("invalid"); $(".error", f).textContent = ""; });
    $("#faq-form-error").textContent = "";
    $("#faq-saved").textContent = "";
  }

  function edit(e) {
    selected = e;
    creating = !!e.isNew;
    clearErrors();
    $("#faq-editor-empty").hidden = true;
    $("#faq-form").hidden = false;
    $("#faq-editor-title").textContent = creating ? "新建条目" : "编辑条目 " + e.id + (e.source ? "（" + e.source.file + " 第 " + e.source.line + " 行）" : "");
    $("#faq-origin").textContent = creating ? "新条目保存在本店自己的文件里（faq/shops/" + shop + "/entries.yaml），只对本店生效。"
      : e.origin === "shared" ? "这是共享条目：保存后本店使用自己的副本（faq/shops/" + shop + "/），其他店铺不受影响。要让本店不再使用它，取消“启用”并保存。"
      : e.overrides ? "这是本店对共享条目的修改：可以恢复为共享版本。" : "这是本店自己的条目。";
    $("#faq-id").value = e.id;
    $("#faq-id").readOnly = !creating;
    // delete: the shop's own entry; revert: the shop's copy of a shared one; a shared entry has neither
    var remove = $("#faq-remove");
    remove.hidden = creating || e.origin !== "shop";
    remove.textContent = e.overrides ? "恢复共享版本" : "删除条目";
    $("#faq-question").value = e.question || "";
    $("#faq-examples").value = (e.examples || []).join("\n");
    $("#faq-answer").value = e.answer || "";
    PLATFORMS.forEach(function (p) { $("#faq-answer-" + p).value = (e.answers && e.answers[p]) || ""; });
    $("#faq-keywords").value = (e.keywords || []).join(", ");
    $("#faq-enabled").checked = e.enabled !== false;
    FR.$$("#faq-list li").forEach(function (li) { li.classList.toggle("selected", li.dataset.id === e.id); });
  }

  function formValue() {
    var answers = {};
    PLATFORMS.forEach(function (p) { var v = $("#faq-answer-" + p).value; if (v.trim()) answers[p] = v; });
    var v = {
      id: $("#faq-id").value,
      question: $("#faq-question").value.trim(),
      examples: $("#faq-examples").value.split("\n").map(function (s) { return s.trim(); }).filter(function (s) { return s; }),
      answer: $("#faq-answer").value.trim(),
      enabled: $("#faq-enabled").checked,
    };
    if (Object.keys(answers).length) v.answers = answers;
    var kw = $("#faq-keywords").value.split(/[,，]/).map(function (s) { return s.trim(); }).filter(function (s) { return s; });
    if (kw.length) v.keywords = kw;
    return v;
  }

  /** "faq/shops/x/entries.yaml 第 34 行：答案不能为空" (the problem's Chinese, never the English message) */
  function describe(e) {
    var where = e.file ? (e.file === "(request)" ? "提交的内容" : e.file) + (e.line && e.file !== "(request)" ? " 第 " + e.line + " 行" : "") + "：" : "";
    return where + (e.zh || e.text || "FAQ 条目有误");
  }

  /** which form field an error is about: its `field`, else a field name in its message */
  function fieldOf(e) {
    var f = e.field || e.path;
    if (typeof f === "string") { f = f.split(/[.\[]/)[0]; if (FIELDS.indexOf(f) >= 0) return f; }
    var m = /\b(answers|question|examples|answer|keywords|enabled|id)\b/.exec(e.message || "");
    return m ? m[1] : null;
  }

  function showErrors(list) {
    list.forEach(function (e) {
      var field = fieldOf(e);
      var box = field && $('#faq-form .field[data-field="' + field + '"]');
      if (box) {
        box.classList.add("invalid");
        var p = $(".error", box);
        p.textContent = (p.textContent ? p.textContent + "；" : "") + describe(e);
      } else {
        var g = $("#faq-form-error");
        g.textContent = (g.textContent ? g.textContent + "；" : "") + describe(e);
      }
    });
  }

  async function save(ev) {
    ev.preventDefault();
    if (!selected) return;
    clearErrors();
    var v = formValue();
    if (creating) {
      if (!v.id.trim()) return showErrors([{ field: "id", text: "请填写 ID（小写字母、数字、“-”“_”“.”）" }]);
      // PUT creates or replaces: a new entry must not silently replace an existing one
      if (entries.some(function (x) { return x.id === v.id; })) return showErrors([{ field: "id", text: "已有 ID 为“" + v.id + "”的条目，请换一个" }]);
      selected = { id: v.id, isNew: true };
    }
    // no checks of our own: the server validates with the FAQ files' parser, the one source of truth
    var btn = $("#faq-save");
    btn.disabled = true;
    try {
      var r = await FR.api(token, "PUT", q("/api/admin/faq/entries/" + encodeURIComponent(selected.id)), v);
      var done = "已保存" + (r && r.version ? "，FAQ 版本 " + r.version : "") + (r && r.pending ? "（正在重建，稍后生效）" : "") + "。";
      // the entry as the server now has it (origin, file and line, override or not)
      await reloadAndSelect(v.id);
      $("#faq-saved").textContent = done;
    } catch (e) {
      // the file:line problems of the FAQ parser, else the error in Chinese (common.js errorText)
      var errs = e.body && e.body.error && e.body.error.errors;
      var list = errs && errs.length ? errs : [{ field: e.field, text: e.message }];
      showErrors(list);
    } finally {
      btn.disabled = false;
    }
  }

  async function reloadAndSelect(id) {
    await load();
    var found = entries.filter(function (x) { return x.id === id; })[0];
    if (found) edit(found);
    else { selected = null; creating = false; $("#faq-form").hidden = true; $("#faq-editor-empty").hidden = false; $("#faq-editor-title").textContent = "编辑条目"; }
  }

  function startNew() {
    edit({ id: "", isNew: true, question: "", examples: [], answer: "", enabled: true });
    $("#faq-id").focus();
  }

  /** deletes the shop's own entry, or reverts its override of a shared one */
  async function removeSelected() {
    if (!selected || selected.origin !== "shop") return;
    var reverting = !!selected.overrides, id = selected.id;
    if (!window.confirm(reverting ? "恢复条目“" + id + "”的共享版本？本店的修改将被删除。" : "删除本店条目“" + id + "”？")) return;
    clearErrors();
    try {
      var r = await FR.api(token, "DELETE", q("/api/admin/faq/entries/" + encodeURIComponent(id)));
      await reloadAndSelect(reverting ? id : null);
      $("#faq-saved").textContent = (reverting ? "已恢复为共享版本" : "已删除条目 " + id) + (r && r.pending ? "（正在重建，稍后生效）" : "") + "。";
    } catch (e) {
      var errs = e.body && e.body.error && e.body.error.errors;
      showErrors(errs && errs.length ? errs : [{ text: e.message }]);
    }
  }

  $("#faq-new").addEventListener("click", startNew);
  $("#faq-remove").addEventListener("click", removeSelected);
  $("#faq-search").addEventListener("input", renderList);
  $("#faq-form").addEventListener("submit", save);
  window.FRFaq = { open: open, reload: function () { loadedFor = null; return open(token, shop); } };
})();
