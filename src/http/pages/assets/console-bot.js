// The bot's side of the agent console: why the chat came to a person (the decision's reason),
// how sure the suggestion is (a weak guess is marked "仅供参考"), and a one-click "答错了"
// on every bot answer in the conversation. console.js announces each rendered conversation
// with a "fr:chat" event; this file only decorates what it drew. See docs/ui.md.
(function () {
  "use strict";
  var FR = window.FR, $ = FR.$, h = FR.h;
  var current = null, token = null;
  var pending = {};

  function reasonBox() {
    var el = $("#decision-reason");
    if (!el) {
      el = h("div", { id: "decision-reason", class: "decision-reason", role: "status" });
      var head = $("#conv-body .conv-head");
      head.parentNode.insertBefore(el, head.nextSibling);
    }
    return el;
  }

  function renderReason(d) {
    var el = FR.clear(reasonBox());
    el.hidden = !d;
    if (!d) return;
    el.dataset.reason = d.reason;
    el.dataset.action = d.action;
    el.appendChild(h("b", { text: d.action === "auto-answer" ? "机器人已自动回复" : "为什么转人工" }));
    el.appendChild(document.createTextNode("：" + FR.reasonLabel(d.reason)));
  }

  function renderConfidence(chat, d) {
    var box = $("#suggestion");
    var old = $("#suggestion-confidence");
    if (old) old.remove();
    var warn = $("#suggestion-weak");
    if (warn) warn.remove();
    box.classList.remove("weak");
    if (!chat.suggestion || !d || !d.faq || !d.faq.confidence || d.faq.id !== chat.suggestion.faqId) return;
    var c = d.faq.confidence;
    var chip = FR.confidenceChip(c);
    chip.id = "suggestion-confidence";
    $("#suggestion-faq").after(chip);
    if (c.level === "weak") {
      box.classList.add("weak");
      $("#suggestion-text").before(h("p", { id: "suggestion-weak", class: "weak-note", text: "仅供参考：匹配度很低（低于 " + c.floor + "），这个答案多半不对，请先核对买家的问题。" }));
    }
  }

  function renderFlags(data) {
    var flagged = {};
    (data.flagged || []).forEach(function (id) { flagged[id] = true; });
    FR.$$("#messages li.msg.bot").forEach(function (li) {
      var id = li.dataset.id;
      if (!id || $(".flag", li)) return;
      if (flagged[id]) { li.appendChild(h("span", { class: "flag done chip red", text: "已标记答错" })); return; }
      li.appendChild(h("button", { type: "button", class: "flag", title: "这条机器人回复答错了：记入看板的答错报告", text: "答错了", disabled: pending[id] ? true : null,
        onclick: function (e) { flag(data.chat.id, id, e.currentTarget); } }));
    });
  }

  async function flag(chatId, msgId, btn) {
    pending[msgId] = true;
    btn.disabled = true;
    try {
      await FR.api(token, "POST", "/api/agent/chats/" + chatId + "/flag", { msgId: msgId });
      if (current && current.chat.id === chatId) {
        current.flagged = (current.flagged || []).concat([msgId]);
        var done = h("span", { class: "flag done chip red", text: "已标记答错" });
        btn.replaceWith(done);
      }
    } catch (e) {
      btn.disabled = false;
      $("#reply-error").textContent = "标记失败：" + e.message;
    } finally {
      delete pending[msgId];
    }
  }

  document.addEventListener("fr:chat", function (ev) {
    current = ev.detail.data;
    token = ev.detail.token;
    renderReason(current.decision);
    renderConfidence(current.chat, current.decision);
    renderFlags(current);
  });
})();
