// The bot's side of the agent console: why the chat came to a person (the decision's reason),
// how sure the suggestion is (a weak guess is marked "仅供参考"), and a one-click "答错了"
// on every bot answer in the conversation. console.ts announces each rendered conversation
// with a "fr:chat" event (ChatShown); this file only decorates what it drew. See docs/ui.md.
import type { ChatView } from "../../contract.js";
import type { ChatDetail } from "../../routes/agent/get-chat.js";
import type { ApiFailure } from "./common.js";

/** The "fr:chat" event's detail: the chat as GET /api/agent/chats/:id answered it, and the token. */
export interface ChatShown {
  data: ChatDetail;
  token: string;
}

const FR = window.FR;
const $ = FR.$;
const h = FR.h;
let current: ChatDetail | null = null;
let token: string | null = null;
const pending: Record<string, boolean> = {};

function reasonBox(): HTMLElement {
  let el: HTMLElement | null = $("#decision-reason");
  if (!el) {
    el = h("div", { id: "decision-reason", class: "decision-reason", role: "status" });
    const head = $("#conv-body .conv-head");
    head.parentNode!.insertBefore(el, head.nextSibling);
  }
  return el;
}

function renderReason(d: ChatDetail["decision"]) {
  const el = FR.clear(reasonBox());
  el.hidden = !d;
  if (!d) return;
  el.dataset.reason = d.reason;
  el.dataset.action = d.action;
  el.appendChild(h("b", { text: d.action === "auto-answer" ? "机器人已自动回复" : "为什么转人工" }));
  el.appendChild(document.createTextNode("：" + FR.reasonLabel(d.reason)));
}

function renderConfidence(chat: ChatView, d: ChatDetail["decision"]) {
  const box = $("#suggestion");
  const old: HTMLElement | null = $("#suggestion-confidence");
  if (old) old.remove();
  const warn: HTMLElement | null = $("#suggestion-weak");
  if (warn) warn.remove();
  box.classList.remove("weak");
  if (!chat.suggestion || !d?.faq?.confidence || d.faq.id !== chat.suggestion.faqId) return;
  const c = d.faq.confidence;
  const chip = FR.confidenceChip(c);
  chip.id = "suggestion-confidence";
  $("#suggestion-faq").after(chip);
  if (c.level === "weak") {
    box.classList.add("weak");
    $("#suggestion-text").before(h("p", { id: "suggestion-weak", class: "weak-note", text: "仅供参考：匹配度很低（低于 " + c.floor + "），这个答案多半不对，请先核对买家的问题。" }));
  }
}

function renderFlags(data: ChatDetail) {
  const flagged: Record<string, boolean> = {};
  for (const id of data.flagged || []) flagged[id] = true;
  for (const li of FR.$$("#messages li.msg.bot")) {
    const id = li.dataset.id;
    if (!id || ($(".flag", li) as HTMLElement | null)) continue;
    if (flagged[id]) {
      li.appendChild(h("span", { class: "flag done chip red", text: "已标记答错" }));
      continue;
    }
    li.appendChild(
      h("button", {
        type: "button",
        class: "flag",
        title: "这条机器人回复答错了：记入看板的答错报告",
        text: "答错了",
        disabled: pending[id] ? true : null,
        onclick: (e: MouseEvent) => {
          flag(data.chat.id, id, e.currentTarget as HTMLButtonElement);
        },
      }),
    );
  }
}

async function flag(chatId: number, msgId: string, btn: HTMLButtonElement) {
  pending[msgId] = true;
  btn.disabled = true;
  try {
    await FR.api(token!, "POST", "/api/agent/chats/" + chatId + "/flag", { msgId });
    if (current && current.chat.id === chatId) {
      current.flagged = (current.flagged || []).concat([msgId]);
      const done = h("span", { class: "flag done chip red", text: "已标记答错" });
      btn.replaceWith(done);
    }
  } catch (e) {
    btn.disabled = false;
    $("#reply-error").textContent = "标记失败：" + (e as ApiFailure).message;
  } finally {
    delete pending[msgId];
  }
}

document.addEventListener("fr:chat", (ev) => {
  const shown = (ev as CustomEvent<ChatShown>).detail;
  current = shown.data;
  token = shown.token;
  renderReason(current.decision);
  renderConfidence(current.chat, current.decision);
  renderFlags(current);
});
