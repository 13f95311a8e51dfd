// History and search in the console's side panel (docs/ui.md "History and search"):
//  - 历史会话: the open chat's buyer by day over the last 30 days; a day opens its messages;
//  - 搜索: the shop's last 30 days by buyer, order id or message text; a result shows that
//    buyer's days the same way (or opens the chat when it is in my list).
import type { MatchKind } from "../../../services/history.js";
import type { HistoryDayMessages, HistoryDays } from "../../routes/agent/history.js";
import type { SearchAnswer } from "../../routes/agent/search.js";
import type { ApiFailure } from "./common.js";
import type { ChatShown } from "./console-bot.js";

const FR = window.FR;
const $ = FR.$;
const h = FR.h;
const store = FR.tokenStore("fr.agentToken");
let current: { platform: string; conversation: string } | null = null; // whose days are shown
let seq = 0;
const WHO: Record<string, string | undefined> = { buyer: "买家", human: "客服", bot: "机器人", platform: "平台" };
const MATCH: Record<MatchKind, string> = { buyer: "买家", order: "订单号", text: "聊天内容" };

// the token is read at each call: the console's sign-in may have changed it
function api<T>(path: string): Promise<T> {
  return FR.api<T>(store.get()!, "GET", path);
}
function qs(o: Record<string, string>): string {
  return Object.keys(o)
    .map((k) => k + "=" + encodeURIComponent(o[k]!))
    .join("&");
}
const failed = (e: unknown) => (e as ApiFailure).message;

/** the days of one buyer's conversation, newest first; each opens its messages */
async function showDays(platform: string, conversation: string, title: string) {
  const mine = ++seq;
  current = { platform, conversation };
  const box = FR.clear($("#history-body"));
  $("#history-title").textContent = title || "历史会话";
  box.appendChild(h("p", { class: "muted", text: "加载中…" }));
  let r: HistoryDays;
  try {
    r = await api<HistoryDays>("/api/agent/history?" + qs({ platform, conversation }));
  } catch (e) {
    if (mine === seq) FR.clear(box).appendChild(h("p", { class: "error", text: failed(e) }));
    return;
  }
  if (mine !== seq) return;
  FR.clear(box);
  if (!r.days.length) {
    box.appendChild(h("p", { class: "empty", text: "近 30 天没有聊天记录" }));
    return;
  }
  const list = h("ul", { class: "history-days" });
  for (const d of r.days) {
    const msgs = h("ol", { class: "history-messages", hidden: true });
    const btn = h(
      "button",
      { type: "button", class: "history-day", "aria-expanded": "false", dataset: { day: d.day } },
      h("b", { text: d.day.slice(5) }),
      " ",
      h("span", { text: d.messages + " 条" + (d.agents.length ? " · " + d.agents.join("、") : "") }),
      h("span", { class: "muted history-first", text: d.firstBuyerText || "（非文本消息）" }),
    );
    btn.addEventListener("click", () => {
      toggleDay(btn, msgs, platform, conversation, d.day);
    });
    list.appendChild(h("li", {}, btn, msgs));
  }
  box.appendChild(list);
}

async function toggleDay(btn: HTMLButtonElement, box: HTMLOListElement, platform: string, conversation: string, day: string) {
  const open = btn.getAttribute("aria-expanded") !== "true";
  btn.setAttribute("aria-expanded", String(open));
  box.hidden = !open;
  if (!open || box.dataset.loaded) return;
  box.appendChild(h("li", { class: "muted", text: "加载中…" }));
  let r: HistoryDayMessages;
  try {
    r = await api<HistoryDayMessages>("/api/agent/history?" + qs({ platform, conversation, day }));
  } catch (e) {
    FR.clear(box).appendChild(h("li", { class: "error", text: failed(e) }));
    return;
  }
  FR.clear(box);
  box.dataset.loaded = "1";
  for (const m of r.messages) {
    if (m.type !== "message") continue;
    box.appendChild(h("li", { class: "history-msg " + m.from }, h("span", { class: "muted", text: FR.clock(m.at) + " " + (WHO[m.from] || m.from) + " " }), m.text || "［非文本消息］"));
  }
}

async function runSearch(raw: string) {
  const box = FR.clear($("#search-results"));
  const query = raw.trim();
  if (!query) {
    box.appendChild(h("p", { class: "error", text: "请输入买家、订单号或聊天内容" }));
    return;
  }
  box.appendChild(h("p", { class: "muted", text: "搜索中…" }));
  let r: SearchAnswer;
  try {
    r = await api<SearchAnswer>("/api/agent/search?" + qs({ query }));
  } catch (e) {
    FR.clear(box).appendChild(h("p", { class: "error", text: failed(e) }));
    return;
  }
  FR.clear(box);
  box.appendChild(h("p", { class: "muted", role: "status", text: r.conversations.length ? "近 " + r.days + " 天找到 " + r.conversations.length + " 个会话" : "近 " + r.days + " 天没有找到“" + r.query + "”" }));
  const list = h("ul", { class: "search-list" });
  for (const c of r.conversations) {
    const li = h(
      "li",
      { class: "search-item" },
      h(
        "div",
        {},
        FR.platformBadge(c.platform),
        " ",
        h("b", { text: c.conversation }),
        " ",
        h("span", { class: "muted", text: FR.dayTime(c.lastAt) }),
        " ",
        c.matchedBy.map((k) => h("span", { class: "chip", text: MATCH[k] || k })),
      ),
      c.hits.map((x) => h("div", { class: "search-hit", text: (WHO[x.from] || x.from) + "：" + (x.text || "［非文本消息］") })),
      h("button", {
        type: "button",
        text: "查看记录",
        "aria-label": "查看记录：" + c.conversation + " 的历史会话",
        onclick: () => {
          openResult(c);
        },
      }),
    );
    list.appendChild(li);
  }
  box.appendChild(list);
}

/** a result in my list opens as the chat; any other shows its days here */
function openResult(c: SearchAnswer["conversations"][number]) {
  const row: HTMLElement | null = c.chatId ? $('#mine .chat-item[data-id="' + c.chatId + '"]') : null;
  showDays(c.platform, c.conversation, "历史会话 · " + c.conversation);
  if (row) row.click();
  const title = $("#history-title");
  if (title.scrollIntoView) title.scrollIntoView({ block: "start" });
}

// the open chat's buyer: shown when the chat changes (not on every refresh of the same chat)
document.addEventListener("fr:chat", (e) => {
  const detail = (e as CustomEvent<ChatShown | null>).detail;
  const chat = detail?.data?.chat;
  if (!chat || (current && current.platform === chat.platform && current.conversation === chat.conversation)) return;
  showDays(chat.platform, chat.conversation, "历史会话 · " + chat.conversation);
});
$("#search-form").addEventListener("submit", (e) => {
  e.preventDefault();
  runSearch($<HTMLInputElement>("#search-q").value);
});
