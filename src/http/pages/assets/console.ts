// Agent console (/console): my chats by deadline with live countdowns, the conversation, the
// suggested FAQ answer, reply / transfer / release, live updates over SSE. See docs/ui.md.
// Typed by the agent API's answers: the chats (the contract's Chat), the live feed's events
// (AgentSnapshot, LiveDelta, AttentionAnswer), GET /me, /chats/:id and /chats/:id/context.
import type { ChatView } from "../../contract.js";
import type { AttentionAnswer } from "../../contracts/answers.js";
import type { PresentedMessage } from "../../present.js";
import type { ChatContext } from "../../routes/agent/chat-context.js";
import type { AgentSnapshot } from "../../routes/agent/events.js";
import type { ChatDetail } from "../../routes/agent/get-chat.js";
import type { MeResponse } from "../../routes/agent/me.js";
import type { LiveDelta, LiveMessage } from "../../sse.js";
import type { ApiFailure, StreamState, TokenStore } from "./common.js";
import type { ChatShown } from "./console-bot.js";

type Urgency = "idle" | "late" | "danger" | "warn" | "ok";
/** a send whose answer may have been lost: the same text (or content, by `key`) again reuses its ref */
interface PendingSend {
  text?: string;
  key?: string;
  ref: string;
}

const FR = window.FR;
const $ = FR.$;
const h = FR.h;
const store = FR.tokenStore("fr.agentToken");
// the token, me and the stream are set by start() before anything that reads them can run
let token: string | null = null;
let me: MeResponse | null = null;
let stream: { stop(): void } | null = null;
const state: { chats: ChatView[]; queue: ChatView[]; offset: number; loaded: boolean } = { chats: [], queue: [], offset: 0, loaded: false };
let byId = new Map<number, ChatView>(); // every chat the live feed shows me: mine and the queue
let selectedId: number | null = null;
let selectedChat: ChatView | null = null;
let selectedMessages: PresentedMessage[] = [];
const known = new Set<number>();
const baseTitle = document.title;
let blinkTimer: ReturnType<typeof setInterval> | null = null;
let blinkText = "";
let alerts = 0;
// unread buyer messages per chat of mine (chat id → count), kept across reloads per agent;
// lastSeen: the newest buyer message time already counted per chat
let unread: Record<string, number> = {};
const lastSeen: Record<string, string | null | undefined> = {};
let unreadStore: TokenStore | null = null;
// unsent text per chat (kept across disconnects and reloads) and the id of a send in doubt
let drafts: Record<string, string> = {};
let draftStore: TokenStore | null = null;
const sending: Record<string, PendingSend> = {};
let loadSeq = 0;

function showLogin(message?: string) {
  $("#app").hidden = true;
  $("#login").hidden = false;
  $("#who").textContent = "";
  $("#login-error").textContent = message || "";
  $("#token").focus();
}

async function start() {
  token = store.get();
  if (!token) return showLogin();
  try {
    me = await FR.api<MeResponse>(token, "GET", "/api/agent/me");
  } catch (err) {
    const e = err as ApiFailure;
    if (e.status === 401) {
      store.clear();
      return showLogin("令牌无效，请重新输入。");
    }
    return showLogin(e.message);
  }
  $("#login").hidden = true;
  $("#app").hidden = false;
  $("#who").textContent = me.shop.name + " · " + me.agent.name + "（" + me.agent.id + "）";
  $<HTMLInputElement>("#online").checked = !!me.agent.online;
  unreadStore = FR.tokenStore("fr.unread." + me.shop.id + "." + me.agent.id);
  try {
    unread = JSON.parse(unreadStore.get() || "{}") || {};
  } catch (_e) {
    unread = {};
  }
  draftStore = FR.tokenStore("fr.drafts." + me.shop.id + "." + me.agent.id);
  try {
    drafts = JSON.parse(draftStore.get() || "{}") || {};
  } catch (_e) {
    drafts = {};
  }
  renderTransfer();
  if (stream) stream.stop();
  stream = FR.stream("/api/agent/events", token, onEvent, onLive);
}

/** colleagues by name with presence and load; the offline and the full cannot be picked */
function renderTransfer() {
  const sel = $<HTMLSelectElement>("#transfer-to");
  const keep = sel.value;
  const self = me!;
  FR.clear(sel).appendChild(h("option", { value: "", text: "转接给…" }));
  self.agents.forEach((a) => {
    if (a.id === self.agent.id) return;
    const full = a.load >= a.maxConcurrent;
    const label = a.name + "（" + (a.online ? "在线 · " + a.load + "/" + a.maxConcurrent + (full ? " 已满" : "") : "离线") + "）";
    sel.appendChild(h("option", { value: a.id, text: label, disabled: !a.online || full ? true : null }));
  });
  sel.value = keep;
  if (sel.selectedIndex < 0 || sel.options[sel.selectedIndex]!.disabled) sel.value = "";
}
/** presence and load change all the time: fetched again whenever the list is about to open */
async function refreshTransfer() {
  try {
    me = await FR.api<MeResponse>(token!, "GET", "/api/agent/me");
    renderTransfer();
  } catch (_e) {
    /* the list keeps its last state */
  }
}
function agentName(id: string | null): string {
  if (!id) return "";
  for (let i = 0; me && i < me.agents.length; i++) if (me.agents[i]!.id === id) return me.agents[i]!.name;
  return id;
}

function onLive(s: StreamState) {
  const el = $("#live");
  el.className = "live " + (s === "live" ? "on" : "off");
  el.textContent = s === "live" ? "实时" : s === "unauthorized" ? "令牌失效" : "重连中…";
  if (s === "unauthorized") {
    store.clear();
    showLogin("令牌已失效，请重新登录。");
  }
}

/** the buyer's nickname where the platform gave one, else the platform's conversation id */
function buyerName(c: ChatView): string {
  return c.buyerNick || c.conversation;
}

function isMine(c: ChatView): boolean {
  return c.status === "assigned" && c.agent === me!.agent.id;
}

/**
 * The live feed (docs/ui.md "Live updates"): `chats` is a whole snapshot (on connect and after
 * the server dropped us for falling behind), `delta` the chats that changed or left and the
 * new messages of the conversations I see, `attention` the shop's 提醒设置.
 */
function onEvent(ev: string, data: string) {
  if (ev === "attention") return applyAttention(JSON.parse(data) as AttentionAnswer);
  if (ev !== "chats" && ev !== "delta") return;
  const parsed = JSON.parse(data) as AgentSnapshot | LiveDelta;
  state.offset = parsed.serverNow - Date.now();
  let fresh = 0;
  let touched = ev === "chats";
  if (ev === "chats") {
    const d = parsed as AgentSnapshot;
    byId = new Map();
    d.chats.concat(d.queue).forEach((c) => {
      byId.set(c.id, c);
    });
    // after a gap we only know the newest message per chat: one unread for each chat that moved
    d.chats.forEach((c) => {
      noteChat(c, state.loaded);
    });
    d.queue.forEach((c) => {
      noteChat(c, false);
    });
    byId.forEach((c) => {
      if (!known.has(c.id)) {
        known.add(c.id);
        if (state.loaded) fresh++;
      }
    });
  } else {
    const d = parsed as LiveDelta;
    d.remove.forEach((id) => {
      byId.delete(id);
      if (id === selectedId) touched = true;
    });
    d.upsert.forEach((c) => {
      if (!known.has(c.id)) {
        known.add(c.id);
        fresh++;
      }
      byId.set(c.id, c);
      if (c.lastMessageAt) lastSeen[c.id] = c.lastMessageAt;
      if (c.id === selectedId) touched = true;
    });
    // every buyer message in a chat of mine counts, however many arrive together
    // (the console's view always has messages: routes/agent/events.ts)
    d.messages!.forEach((m) => {
      const chat = chatOfMessage(m);
      if (selectedChat && m.platform === selectedChat.platform && m.conversation === selectedChat.conversation) touched = true;
      if (m.from === "buyer" && chat && isMine(chat)) buyerWrote(chat, 1, m.text);
    });
  }
  const all: ChatView[] = [];
  byId.forEach((c) => {
    all.push(c);
  });
  state.chats = all.filter(isMine).sort(compareChats);
  state.queue = all.filter((c) => c.status === "waiting").sort(compareChats);
  state.loaded = true;
  document.body.dataset.snapshots = String(Number(document.body.dataset.snapshots || 0) + (ev === "chats" ? 1 : 0));
  document.body.dataset.deltas = String(Number(document.body.dataset.deltas || 0) + (ev === "delta" ? 1 : 0));
  pruneUnread();
  if (fresh) alertNewChat(fresh);
  renderLists();
  if (selectedId === null && state.chats.length) select(state.chats[0]!.id);
  else if (selectedId !== null && touched) loadSelected();
}
function chatOfMessage(m: LiveMessage): ChatView | null {
  let found: ChatView | null = null;
  byId.forEach((c) => {
    if (!found && c.platform === m.platform && c.conversation === m.conversation) found = c;
  });
  return found;
}

/**
 * Most urgent first, as the server lists them (services/chats.ts listOpenChats): chats whose
 * clock counts before out-of-window "不计时" ones, then by deadline, then oldest chat.
 */
function compareChats(a: ChatView, b: ChatView): number {
  const an = a.deadlineAt ? 0 : 1,
    bn = b.deadlineAt ? 0 : 1;
  if (an !== bn) return an - bn;
  const ar = a.clockRuns ? 0 : 1,
    br = b.clockRuns ? 0 : 1;
  if (ar !== br) return ar - br;
  const ad = a.deadlineAt ? Date.parse(a.deadlineAt) : 0,
    bd = b.deadlineAt ? Date.parse(b.deadlineAt) : 0;
  return ad - bd || a.id - b.id;
}

// ---- attention: unread counts, title, sound, desktop notification ------------------------
/** A chat of mine whose newest buyer message is newer than the one we counted: the buyer wrote. */
function noteChat(chat: ChatView, count: boolean) {
  const at = chat.lastMessageAt;
  const prev = lastSeen[chat.id];
  lastSeen[chat.id] = at || prev;
  if (!count || !at || (prev && Date.parse(at) <= Date.parse(prev))) return;
  buyerWrote(chat, 1);
}
function attending() {
  return document.visibilityState === "visible" && document.hasFocus();
}
/** `text`: the message (deltas carry it); after a gap, the chat's newest one */
function buyerWrote(chat: ChatView, n: number, text?: string | null) {
  if (text === undefined) text = chat.lastMessage;
  if (chat.id !== selectedId || !attending()) {
    unread[chat.id] = (unread[chat.id] || 0) + n;
    saveUnread();
  }
  document.body.dataset.buyerAlerts = String(Number(document.body.dataset.buyerAlerts || 0) + n);
  $("#announce").textContent = "买家 " + buyerName(chat) + " 新消息：" + (text || "非文本消息");
  beep();
  notify(chat, text);
}
function clearUnread(id: number) {
  if (!unread[id]) return;
  delete unread[id];
  saveUnread();
  const badge: HTMLElement | null = FR.$('.chat-item[data-id="' + id + '"] .unread');
  if (badge) badge.remove();
}
function pruneUnread() {
  const mine: Record<string, boolean> = {};
  state.chats.forEach((c) => {
    mine[c.id] = true;
  });
  Object.keys(unread).forEach((id) => {
    if (!mine[id]) delete unread[id];
  });
  saveUnread();
}
function totalUnread() {
  let t = 0;
  for (const id in unread) t += unread[id]!;
  return t;
}
function saveUnread() {
  if (unreadStore) unreadStore.set(JSON.stringify(unread));
  renderTitle();
}
function renderTitle() {
  const n = totalUnread();
  document.title = (blinkText ? blinkText : n ? "(" + n + ") " : "") + baseTitle;
  const pane = $("#pane-unread");
  pane.hidden = !n;
  pane.textContent = n > 99 ? "99+" : String(n);
}
/** Asks once (on a click or key, as browsers require) whether the page may show desktop notifications. */
function askNotifyOnce() {
  if (!attention.desktopNotify || !("Notification" in window) || Notification.permission !== "default") return;
  try {
    if (localStorage.getItem("fr.notifyAsked")) return;
    localStorage.setItem("fr.notifyAsked", "1");
  } catch (_e) {
    return;
  }
  try {
    Notification.requestPermission();
  } catch (_e) {
    /* old browsers: the sound and title still work */
  }
}
function notify(chat: ChatView, text: string | null | undefined, title?: string) {
  if (!attention.desktopNotify || attending() || !("Notification" in window) || Notification.permission !== "granted") return;
  try {
    const n = new Notification((title || "买家新消息") + " · " + (FR.PLATFORM[chat.platform] || chat.platform), { body: buyerName(chat) + "：" + (text || "（非文本消息）"), tag: "chat-" + chat.id });
    n.onclick = () => {
      window.focus();
      select(chat.id);
      n.close();
    };
  } catch (_e) {
    /* notifications unavailable: sound and title only */
  }
}

// ---- the shop's 提醒设置 (kept by the admin in the dashboard, pushed over the live feed) --------
/**
 * Sound and desktop notifications on or off, and the slow-reply lead per platform where the
 * shop set one (seconds before the deadline; else the server's remindAt, core/reminders.ts).
 * They arrive as the live feed's `attention` event (GET /api/agent/attention's body): before
 * every snapshot and whenever an admin saves a change, so an open console applies it at once,
 * with no reload and no polling.
 */
let attention: { sound: boolean; desktopNotify: boolean; leads: Record<string, number> } = { sound: true, desktopNotify: true, leads: {} };
function applyAttention(v: AttentionAnswer) {
  const leads: Record<string, number> = {};
  v.reminders.forEach((r) => {
    if (r.custom) leads[r.platform] = r.leadSeconds;
  });
  attention = { sound: v.sound, desktopNotify: v.desktopNotify, leads: leads };
  // what is in force, for the tests and for anyone inspecting the page
  document.body.dataset.attention =
    (v.sound ? "sound" : "silent") +
    " " +
    (v.desktopNotify ? "notify" : "no-notify") +
    " " +
    Object.keys(leads)
      .sort()
      .map((p) => p + "=" + leads[p])
      .join(",");
  document.body.dataset.attentionEvents = String(Number(document.body.dataset.attentionEvents || 0) + 1);
  checkReminders();
}
/** when to remind about a chat: the shop's lead for its platform if set, else the server's remindAt */
function remindAtOf(c: ChatView): number | null {
  if (!c.remindAt || !c.clockRuns) return null;
  const lead = attention.leads[c.platform];
  return lead !== undefined && c.deadlineAt ? Date.parse(c.deadlineAt) - lead * 1000 : Date.parse(c.remindAt);
}

// ---- slow-reply reminder (core/reminders.ts sets each chat's remindAt) ---------------------
/**
 * Once a counted chat of mine passes its remindAt (千牛's 100 s of waiting, per rule), a banner
 * names the longest-waiting one and jumps to it (button or Alt+J); each chat and deadline
 * beeps, is announced and (tab not in front) shows a desktop notification once.
 */
const reminded: Record<string, string | null> = {};
function slowChats(): ChatView[] {
  const now = serverNow();
  return state.chats
    .filter((c) => {
      const at = remindAtOf(c);
      return at !== null && at <= now;
    })
    .sort((a, b) => Date.parse((a.pendingSince || a.deadlineAt)!) - Date.parse((b.pendingSince || b.deadlineAt)!) || a.id - b.id);
}
function checkReminders() {
  if (!me) return;
  const slow = slowChats();
  const banner = $("#slow-reminder");
  banner.hidden = !slow.length;
  if (!slow.length) return;
  // a slow chat has a remindAt, so a deadline (remindAtOf)
  const first = slow[0]!;
  const waited = Math.max(0, Math.round((serverNow() - Date.parse((first.pendingSince || first.deadlineAt)!)) / 1000));
  const left = secondsLeft(first)!;
  setText($("#slow-text"), "慢回复提醒：" + (slow.length > 1 ? slow.length + " 个会话即将超时，" : "") + "等待最久的 " + buyerName(first) + " 已等 " + waited + " 秒，" + (left >= 0 ? "还剩 " + Math.floor(left) + " 秒" : "已超时"));
  const fresh = slow.filter((c) => reminded[c.id] !== c.deadlineAt);
  if (!fresh.length) return;
  fresh.forEach((c) => {
    reminded[c.id] = c.deadlineAt;
  });
  document.body.dataset.reminders = String(Number(document.body.dataset.reminders || 0) + fresh.length);
  $("#announce").textContent = "慢回复提醒：" + fresh.map((c) => buyerName(c)).join("、") + " 即将超时";
  beep();
  notify(fresh[0]!, "即将超时，请尽快回复", "慢回复提醒");
}
function jumpToLongestWait() {
  const slow = slowChats();
  if (!slow.length) return;
  select(slow[0]!.id);
  setPane("conv");
}

// ---- countdowns -------------------------------------------------------------------
function serverNow(): number {
  return Date.now() + state.offset;
}
function secondsLeft(chat: ChatView): number | null {
  return chat.deadlineAt ? (Date.parse(chat.deadlineAt) - serverNow()) / 1000 : null;
}
function urgency(chat: ChatView): Urgency {
  if (!chat.deadlineAt || !chat.clockRuns) return "idle";
  const left = secondsLeft(chat)!;
  if (left < 0) return "late";
  const limit = (Date.parse(chat.deadlineAt) - Date.parse(chat.pendingSince || chat.deadlineAt)) / 1000 || 180;
  if (left <= Math.max(30, limit * 0.25)) return "danger";
  if (left <= limit * 0.5) return "warn";
  return "ok";
}
/**
 * Countdowns repaint every second, but only those on screen: with 300 chats, repainting every
 * row each second was a long task. An IntersectionObserver keeps the visible set; a row that
 * scrolls into view is painted at once. Nothing is written that did not change.
 */
const onScreen = new Set<HTMLElement>();
const watcher =
  "IntersectionObserver" in window
    ? new IntersectionObserver((entries) => {
        entries.forEach((en) => {
          if (en.isIntersecting) {
            onScreen.add(en.target as HTMLElement);
            paintById(en.target as HTMLElement);
          } else onScreen.delete(en.target as HTMLElement);
        });
      })
    : null;
function countdownEl(chat: ChatView): HTMLSpanElement {
  const el = h("span", { class: "countdown", dataset: { chat: String(chat.id) } });
  paintCountdown(el, chat);
  if (watcher) watcher.observe(el);
  return el;
}
function paintCountdown(el: HTMLElement, chat: ChatView) {
  const u = urgency(chat);
  const left = secondsLeft(chat);
  const cls = "countdown " + u;
  const text = left === null ? "—" : chat.clockRuns ? FR.countdownText(left) : "不计时 " + FR.countdownText(left);
  const title = chat.clockRuns ? "截止 " + FR.clock(chat.deadlineAt) : "窗口外：不计入考核，仅为服务目标";
  if (el.className !== cls) el.className = cls;
  if (el.textContent !== text) el.textContent = text;
  if (el.title !== title) el.title = title;
  const item = el.closest(".chat-item");
  if (item && !item.classList.contains(u)) item.className = item.className.replace(/\b(ok|warn|danger|late|idle)\b/g, "").trim() + " " + u;
}
function paintById(el: HTMLElement) {
  const id = Number(el.dataset.chat);
  const chat = byId.get(id) || (selectedChat && selectedChat.id === id ? selectedChat : null);
  if (chat) paintCountdown(el, chat);
}
function tick() {
  if (!watcher) {
    FR.$$(".countdown[data-chat]").forEach(paintById);
    return;
  }
  onScreen.forEach((el) => {
    if (!el.isConnected) {
      onScreen.delete(el);
      watcher.unobserve(el);
      return;
    }
    paintById(el);
  });
}
function findChat(id: number): ChatView | null {
  return byId.get(id) || null;
}

// ---- lists ------------------------------------------------------------------------
function chatItem(chat: ChatView, inQueue: boolean): HTMLLIElement {
  const li = h(
    "li",
    {
      class: "chat-item" + (chat.id === selectedId ? " selected" : ""),
      tabindex: "-1",
      "aria-label": rowLabel(chat, inQueue),
      dataset: { id: String(chat.id) },
      onclick: () => {
        select(chat.id);
        setPane("conv");
      },
    },
    h(
      "div",
      { class: "row" },
      h(
        "span",
        {},
        FR.platformBadge(chat.platform),
        " ",
        h("b", { text: buyerName(chat), title: chat.conversation }),
        chat.escalated ? h("span", { class: "chip red", title: "已在截止前提醒主管", text: "已升级" }) : null,
        !inQueue && unread[chat.id] ? h("span", { class: "unread", "aria-label": unread[chat.id] + " 条未读", title: unread[chat.id] + " 条未读", text: unread[chat.id]! > 99 ? "99+" : String(unread[chat.id]) }) : null,
      ),
      countdownEl(chat),
    ),
    h("div", { class: "last", text: chat.lastMessage || "（非文本消息）" }),
    inQueue
      ? h(
          "div",
          { class: "row" },
          h("span", { class: "muted", text: "等待 " + FR.clock(chat.pendingSince) }),
          h("button", {
            class: "claim",
            tabindex: "-1",
            onclick: (e: MouseEvent) => {
              e.stopPropagation();
              claim(chat.id);
            },
            text: "领取",
          }),
        )
      : null,
  );
  return li;
}
/**
 * Keyed rendering: a chat's row is rebuilt only when what it shows changed, and rows move
 * only when the order changed, so a delta costs a few DOM operations, not the whole list.
 */
const rows = new Map<string, { li: HTMLLIElement; sig: string }>();
function rowSig(c: ChatView, inQueue: boolean): string {
  return [c.platform, c.conversation, c.buyerNick, c.lastMessage, c.deadlineAt, c.clockRuns, c.escalated, c.pendingSince, inQueue ? 0 : unread[c.id] || 0].join("\u0001");
}
function renderList(ul: HTMLElement, list: ChatView[], inQueue: boolean, keep: Record<string, boolean>) {
  const want = list.map((c) => {
    const key = (inQueue ? "q" : "m") + c.id;
    const sig = rowSig(c, inQueue);
    let row = rows.get(key);
    if (!row || row.sig !== sig) {
      const li = chatItem(c, inQueue);
      // the new row takes the old one's place, so the rows after it do not all move
      if (row && row.li.parentNode === ul) ul.replaceChild(li, row.li);
      row = { li, sig };
      rows.set(key, row);
    }
    keep[key] = true;
    return row.li;
  });
  for (let i = 0; i < want.length; i++) if (ul.children[i] !== want[i]) ul.insertBefore(want[i]!, ul.children[i] || null);
  while (ul.children.length > want.length) ul.removeChild(ul.lastChild!);
}
/** what a screen reader says for a row */
function rowLabel(c: ChatView, inQueue: boolean): string {
  const n = inQueue ? 0 : unread[c.id] || 0;
  return (FR.PLATFORM[c.platform] || c.platform) + " " + buyerName(c) + (n ? "，" + n + " 条未读" : "") + (c.clockRuns ? "" : "，不计时") + "：" + (c.lastMessage || "非文本消息");
}
/**
 * Each list is ONE Tab stop (roving tabindex): the selected row, else the first, takes the
 * focus; ↑/↓ move it, Enter or Space opens the chat. Tab no longer walks through 230 rows.
 */
function roveTabStop(ul: HTMLElement) {
  const items = ul.children as HTMLCollectionOf<HTMLElement>;
  let current: HTMLElement | null = null;
  for (let i = 0; i < items.length; i++) if (items[i]!.tabIndex === 0) current = items[i]!;
  if (current && current.parentNode === ul) return;
  const pick = ul.querySelector<HTMLElement>(".chat-item.selected") || items[0];
  if (pick) pick.tabIndex = 0;
}
function onListKey(e: KeyboardEvent) {
  const li = (e.target as Element).closest?.<HTMLElement>(".chat-item");
  if (!li || e.altKey || e.ctrlKey || e.metaKey) return;
  // the list holds only chat rows (renderList)
  let next: HTMLElement | null = null;
  if (e.key === "ArrowDown") next = li.nextElementSibling as HTMLElement | null;
  else if (e.key === "ArrowUp") next = li.previousElementSibling as HTMLElement | null;
  else if (e.key === "Home") next = li.parentElement!.firstElementChild as HTMLElement | null;
  else if (e.key === "End") next = li.parentElement!.lastElementChild as HTMLElement | null;
  else if (e.key === "Enter" || e.key === " ") {
    e.preventDefault();
    li.click();
    return;
  }
  if (!next) return;
  e.preventDefault();
  li.tabIndex = -1;
  next.tabIndex = 0;
  next.focus();
}
$("#mine").addEventListener("keydown", onListKey);
$("#queue").addEventListener("keydown", onListKey);

function setText(el: HTMLElement, text: string) {
  if (el.textContent !== text) el.textContent = text;
}
function renderLists() {
  const keep: Record<string, boolean> = {};
  renderList($("#mine"), state.chats, false, keep);
  renderList($("#queue"), state.queue, true, keep);
  roveTabStop($("#mine"));
  roveTabStop($("#queue"));
  // text written only when it changes: rewriting the same text still costs a layout of the list
  setText($("#mine-empty"), $<HTMLInputElement>("#online").checked ? "暂无会话。新的买家消息会自动出现在这里。" : "你已离线：新的买家消息不会分配给你。勾选上方“在线接待”开始接待。");
  rows.forEach((_, key) => {
    if (!keep[key]) rows.delete(key);
  });
  $("#mine-empty").hidden = state.chats.length > 0;
  setText($("#mine-count"), "(" + state.chats.length + ")");
  $("#queue-empty").hidden = state.queue.length > 0;
  setText($("#queue-count"), "(" + state.queue.length + ")");
  tick();
}

// ---- the selected conversation -----------------------------------------------------
function select(id: number) {
  if (selectedId !== id) {
    selectedId = id;
    selectedChat = findChat(id);
    $<HTMLTextAreaElement>("#reply").value = drafts[id] || "";
    $("#reply-error").textContent = "";
    selectedMessages = [];
    FR.clear($("#messages"));
    FR.$$(".chat-item").forEach((el) => {
      el.classList.toggle("selected", Number(el.dataset.id) === id);
    });
    loadContext(id);
  }
  clearUnread(id);
  loadSelected();
  $("#reply").focus();
}

async function loadSelected() {
  const id = selectedId;
  const seq = ++loadSeq;
  if (id === null) return;
  let data: ChatDetail;
  try {
    data = await FR.api<ChatDetail>(token!, "GET", "/api/agent/chats/" + id);
  } catch (e) {
    if (seq === loadSeq) $("#reply-error").textContent = (e as ApiFailure).message;
    return;
  }
  if (seq !== loadSeq || id !== selectedId) return;
  selectedChat = data.chat;
  selectedMessages = data.messages;
  renderConversation();
  // console-bot.ts adds the decision's reason, the suggestion's confidence and the flag buttons
  document.dispatchEvent(new CustomEvent<ChatShown>("fr:chat", { detail: { data, token: token! } }));
}

const STATUS: Record<string, string | undefined> = { waiting: "等待接入", assigned: "接待中", idle: "已回复" };
/** a bot's mode as the platforms name it (千牛: 全自动 / 辅助), not the event format's word */
const BOT_MODE: Record<string, string | undefined> = { auto: "全自动", assist: "辅助模式" };
function renderConversation() {
  // called once loadSelected() has the chat and me is known
  const chat = selectedChat!;
  const self = me!;
  $("#conv-empty").hidden = true;
  $("#conv-body").hidden = false;
  const title = FR.clear($("#conv-title"));
  title.appendChild(FR.platformBadge(chat.platform));
  title.appendChild(
    document.createTextNode(
      " " + buyerName(chat) + (chat.buyerNick ? "（" + chat.conversation + "）" : "") + " · " + (STATUS[chat.status] || chat.status) + (chat.agent && chat.agent !== self.agent.id ? "（" + agentName(chat.agent) + "）" : ""),
    ),
  );
  const cd = FR.clear($("#conv-countdown"));
  if (chat.status !== "idle" && chat.deadlineAt) cd.appendChild(countdownEl(chat));
  const mine = chat.status === "assigned" && chat.agent === self.agent.id;
  $("#claim").hidden = chat.status !== "waiting";
  $<HTMLButtonElement>("#release").disabled = !mine;
  $<HTMLButtonElement>("#transfer").disabled = chat.status === "idle" || (chat.status === "assigned" && !mine);

  const list = $("#messages");
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  FR.clear(list);
  if (!selectedMessages.length) list.appendChild(h("li", { class: "empty", text: "暂无消息" }));
  selectedMessages.forEach((m) => {
    if (m.type === "assigned") {
      list.appendChild(h("li", { class: "msg note", text: FR.clock(m.at) + " 分配给 " + (agentName(m.agent) || "?") }));
      return;
    }
    const who = m.from === "buyer" ? "买家" : m.from === "human" ? "客服 " + agentName(m.agent) : m.from === "bot" ? "机器人 " + (m.bot || "") + (m.mode && BOT_MODE[m.mode] ? "·" + BOT_MODE[m.mode] : "") : m.from;
    const cls = m.from === "buyer" ? "buyer" : m.from === "human" ? "human" : m.from === "bot" ? "bot" : "note";
    // an image and order / goods / logistics cards: console-media.ts
    const extras = FR.messageExtras ? FR.messageExtras(m, chat.platform, token!) : null;
    list.appendChild(h("li", { class: "msg " + cls, dataset: { from: m.from, id: m.id } }, h("div", { class: "meta", text: who + " · " + FR.clock(m.at) }), m.text || (extras ? "" : "［非文本消息］"), extras));
  });
  if (atBottom || list.dataset.chat !== String(chat.id)) list.scrollTop = list.scrollHeight;
  list.dataset.chat = String(chat.id);

  const sug = chat.suggestion;
  $("#suggestion").hidden = !sug;
  if (sug) {
    $("#suggestion-text").textContent = sug.answer;
    $("#suggestion-faq").textContent = sug.question ? "FAQ：" + sug.question : sug.faqId ? "FAQ：" + sug.faqId : "";
  }
}

/** the platform's field names (orderId, goods.title …) as the agent reads them; unknown ones as 其他 */
const FIELD_GROUP: Record<string, string | undefined> = { order: "订单", goods: "商品", item: "商品", product: "商品", logistics: "物流", refund: "退款" };
const FIELD_NAME: Record<string, string | undefined> = {
  orderId: "订单号",
  tid: "订单号",
  oid: "子订单号",
  id: "编号",
  itemId: "商品编号",
  goodsId: "商品编号",
  productId: "商品编号",
  skuId: "规格编号",
  title: "名称",
  name: "名称",
  price: "价格",
  amount: "金额",
  status: "状态",
  count: "数量",
  quantity: "数量",
  url: "链接",
  company: "物流公司",
  trackingNo: "运单号",
  refundId: "退款单号",
};
function fieldLabel(key: string): string {
  const parts = key.split(".");
  const last = parts[parts.length - 1]!;
  const group = parts.length > 1 ? FIELD_GROUP[parts[0]!] : "";
  const name = FIELD_NAME[last] || (FIELD_GROUP[last] ? FIELD_GROUP[last] : "其他");
  return (group && name.indexOf(group) !== 0 ? group : "") + name;
}

async function loadContext(id: number) {
  const box = FR.clear($("#context-body"));
  box.appendChild(h("p", { class: "muted", text: "加载中…" }));
  let data: ChatContext;
  try {
    data = await FR.api<ChatContext>(token!, "GET", "/api/agent/chats/" + id + "/context");
  } catch (e) {
    FR.clear(box).appendChild(h("p", { class: "error", text: (e as ApiFailure).message }));
    return;
  }
  if (id !== selectedId) return;
  FR.clear(box);
  const keys = Object.keys(data.fields || {});
  if (!data.orders.length && !keys.length) {
    box.appendChild(h("p", { class: "empty", text: "暂无订单信息" }));
    return;
  }
  data.orders.forEach((o) => {
    box.appendChild(
      h(
        "dl",
        { class: "kv" },
        h("dt", { text: o.category === "refund" ? "退款" : "订单" }),
        h("dd", { text: o.orderId || "—" }),
        h("dt", { text: "事件" }),
        h("dd", { text: o.kind }),
        h("dt", { text: "时间" }),
        h("dd", { text: FR.dayTime(o.at) }),
      ),
    );
  });
  if (keys.length) {
    const dl = h("dl", { class: "kv" });
    keys.forEach((k) => {
      dl.appendChild(h("dt", { text: fieldLabel(k), title: k }));
      dl.appendChild(h("dd", { text: data.fields[k] }));
    });
    box.appendChild(dl);
  }
  // the buyer's orders (records, or order ids their messages carried) back to them as order cards
  const ids: string[] = [];
  data.orders.forEach((o) => {
    if (o.orderId && o.category !== "refund" && ids.indexOf(o.orderId) < 0) ids.push(o.orderId);
  });
  keys.forEach((k) => {
    const v = data.fields[k]!;
    if (/(^|\.)(orderId|tid)$/.test(k) && ids.indexOf(v) < 0) ids.push(v);
  });
  ids.slice(0, 5).forEach((orderId) => {
    box.appendChild(
      h("button", {
        type: "button",
        class: "send-order-card",
        dataset: { order: orderId },
        text: "发送订单卡片 " + orderId,
        onclick: () => {
          sendContent({ card: { kind: "order", orderId: orderId } });
        },
      }),
    );
  });
}

// ---- panes (a phone shows one at a time: ui.css @media) ------------------------------------
function setPane(name: string) {
  $("#app").dataset.pane = name;
  FR.$$(".pane-tabs button").forEach((b) => {
    b.setAttribute("aria-selected", String(b.dataset.pane === name));
  });
}
FR.$$(".pane-tabs button").forEach((b) => {
  b.addEventListener("click", () => {
    setPane(b.dataset.pane!);
  });
});

// ---- actions -------------------------------------------------------------------------
async function act(label: string, fn: () => Promise<unknown>) {
  $("#reply-error").textContent = "";
  try {
    await fn();
  } catch (e) {
    $("#reply-error").textContent = label + "失败：" + (e as ApiFailure).message;
  }
}
function insertSuggestion() {
  if (!selectedChat?.suggestion) return;
  const ta = $<HTMLTextAreaElement>("#reply");
  const text = selectedChat.suggestion.answer;
  if (!ta.value.trim()) ta.value = text;
  else {
    const s = ta.selectionStart;
    const e = ta.selectionEnd;
    ta.value = ta.value.slice(0, s) + text + ta.value.slice(e);
    ta.selectionStart = ta.selectionEnd = s + text.length;
  }
  saveDraft();
  ta.focus();
}
function saveDraft() {
  if (selectedId === null || !draftStore) return;
  const v = $<HTMLTextAreaElement>("#reply").value;
  if (v) drafts[selectedId] = v;
  else delete drafts[selectedId];
  draftStore.set(JSON.stringify(drafts));
}
/** 16 random bytes as hex (crypto.randomUUID needs https; shops' intranets often have plain http) */
function newRef(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.prototype.map.call(b, (x: number) => (x < 16 ? "0" : "") + x.toString(16)).join("");
}
/**
 * Sends the reply with a `ref` the server keeps: if the answer is lost (the network dropped
 * after the server stored it), sending the same text again reuses the ref and is stored and
 * delivered once.
 */
function sendReply() {
  const text = $<HTMLTextAreaElement>("#reply").value;
  if (!selectedChat || !text.trim()) {
    $("#reply-error").textContent = "回复内容不能为空";
    return;
  }
  const id = selectedChat.id;
  const pending = sending[id];
  const ref = pending && pending.text === text ? pending.ref : newRef();
  sending[id] = { text, ref };
  const btn = $<HTMLButtonElement>("#send");
  btn.disabled = true;
  act("发送", async () => {
    await FR.api(token!, "POST", "/api/agent/chats/" + id + "/reply", { text, ref });
    delete sending[id];
    delete drafts[id];
    if (draftStore) draftStore.set(JSON.stringify(drafts));
    if (selectedId === id) $<HTMLTextAreaElement>("#reply").value = "";
    await loadSelected();
  }).finally(() => {
    btn.disabled = false;
  });
}
/**
 * An image or a card instead of text (POST …/reply {image} | {card}). Where the platform's
 * format for it is not known the server refuses it (501) and the Chinese reason is shown
 * ("此平台暂不支持发送图片"); nothing was stored or sent.
 */
/** what POST /api/agent/chats/:id/reply takes instead of text (src/http/reply-content.ts checks it) */
type ReplyContent = { image: { url: string } } | { card: { kind: "order"; orderId: string } };
function sendContent(content: ReplyContent, done?: () => void) {
  if (!selectedChat) return;
  const id = selectedChat.id;
  const key = JSON.stringify(content);
  // the same image or card sent again after a lost answer keeps its ref: stored and sent once
  const pending = sending["c" + id];
  const ref = pending && pending.key === key ? pending.ref : newRef();
  sending["c" + id] = { key, ref };
  $("#reply-error").textContent = "";
  return FR.api(token!, "POST", "/api/agent/chats/" + id + "/reply", Object.assign({ ref }, content)).then(
    () => {
      delete sending["c" + id];
      if (done) done();
      return loadSelected();
    },
    (e: ApiFailure) => {
      // refused (not lost): a new attempt is a new send
      if (e.status) delete sending["c" + id];
      $("#reply-error").textContent = e.message;
    },
  );
}
function claim(id: number) {
  act("领取", async () => {
    await FR.api(token!, "POST", "/api/agent/chats/" + id + "/claim");
    select(id);
    setPane("conv");
  });
}
function move(step: number) {
  const list = state.chats;
  if (!list.length) return;
  let i = -1;
  for (let k = 0; k < list.length; k++) if (list[k]!.id === selectedId) i = k;
  const next = i < 0 ? 0 : (i + step + list.length) % list.length;
  select(list[next]!.id);
}

// ---- alerts: a short beep and a blinking title -----------------------------------------
let audio: AudioContext | null = null;
/** at most one beep per BEEP_GAP_MS: five buyers a second must not become five beeps a second */
let lastBeep = 0;
const BEEP_GAP_MS = 1500;
/** Safari before 14.1 named it webkitAudioContext */
type OldSafari = { webkitAudioContext?: typeof AudioContext };
function beep() {
  // the shop turned sound off (提醒设置): the title, the badges and the announcement remain
  if (!attention.sound) return;
  const now = Date.now();
  if (now - lastBeep < BEEP_GAP_MS) return;
  lastBeep = now;
  document.body.dataset.beeps = String(Number(document.body.dataset.beeps || 0) + 1);
  try {
    audio = audio || new (window.AudioContext || (window as unknown as OldSafari).webkitAudioContext!)();
    if (audio.state === "suspended") audio.resume();
    const o = audio.createOscillator();
    const g = audio.createGain();
    o.frequency.value = 880;
    g.gain.value = 0.08;
    o.connect(g);
    g.connect(audio.destination);
    o.start();
    o.stop(audio.currentTime + 0.18);
  } catch (_e) {
    /* no audio device: the title still blinks */
  }
}
function alertNewChat(n: number) {
  alerts += n;
  document.body.dataset.alerts = String(alerts);
  beep();
  let on = false;
  let rounds = 0;
  if (blinkTimer) clearInterval(blinkTimer);
  blinkTimer = setInterval(() => {
    on = !on;
    blinkText = on ? "【新会话 " + n + "】" : "";
    renderTitle();
    if (++rounds > 20 && document.hasFocus()) stopBlink();
  }, 700);
}
function stopBlink() {
  if (blinkTimer) clearInterval(blinkTimer);
  blinkTimer = null;
  blinkText = "";
  renderTitle();
}

// ---- wiring --------------------------------------------------------------------------
FR.onLogin(store, "请输入客服令牌", start);
$("#logout").addEventListener("click", () => {
  if (stream) stream.stop();
  store.clear();
  location.reload();
});
$("#online").addEventListener("change", (e) => {
  const on = (e.target as HTMLInputElement).checked;
  renderLists();
  act("切换状态", () => FR.api(token!, "PUT", "/api/agent/status", { online: on }));
});
$("#insert").addEventListener("click", insertSuggestion);
$("#reply").addEventListener("input", saveDraft);
$("#reply-form").addEventListener("submit", (e) => {
  e.preventDefault();
  sendReply();
});
$("#image-open").addEventListener("click", () => {
  const open = $("#image-form").hidden;
  $("#image-form").hidden = !open;
  $("#image-open").setAttribute("aria-expanded", String(open));
  if (open) $("#image-url").focus();
});
$("#image-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const url = $<HTMLInputElement>("#image-url").value.trim();
  if (!url) {
    $("#reply-error").textContent = "请输入图片网址";
    return;
  }
  sendContent({ image: { url } }, () => {
    $<HTMLInputElement>("#image-url").value = "";
    $("#image-form").hidden = true;
    $("#image-open").setAttribute("aria-expanded", "false");
  });
});
$("#claim").addEventListener("click", () => {
  if (selectedChat) claim(selectedChat.id);
});
$("#release").addEventListener("click", () => {
  if (!selectedChat) return;
  act("释放", async () => {
    await FR.api(token!, "POST", "/api/agent/chats/" + selectedChat!.id + "/release");
    await loadSelected();
  });
});
$("#transfer-to").addEventListener("focus", refreshTransfer);
$("#transfer-to").addEventListener("mousedown", refreshTransfer);
$("#transfer").addEventListener("click", () => {
  const to = $<HTMLSelectElement>("#transfer-to").value;
  if (!selectedChat) return;
  if (!to) {
    $("#reply-error").textContent = "请选择转接对象";
    return;
  }
  act("转接", async () => {
    await FR.api(token!, "POST", "/api/agent/chats/" + selectedChat!.id + "/transfer", { agent: to });
    await loadSelected();
    refreshTransfer();
  });
});
document.addEventListener("keydown", (e) => {
  stopBlink();
  askNotifyOnce();
  if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
    e.preventDefault();
    sendReply();
    return;
  }
  if (!e.altKey) return;
  const k = e.key.toLowerCase();
  if (k === "n" || e.key === "ArrowDown") {
    e.preventDefault();
    move(1);
  } else if (k === "p" || e.key === "ArrowUp") {
    e.preventDefault();
    move(-1);
  } else if (k === "i") {
    e.preventDefault();
    insertSuggestion();
  } else if (k === "c") {
    e.preventDefault();
    if (state.queue.length) claim(state.queue[0]!.id);
  } else if (k === "j") {
    e.preventDefault();
    jumpToLongestWait();
  }
});
document.addEventListener("click", () => {
  stopBlink();
  askNotifyOnce();
});
window.addEventListener("focus", () => {
  if (blinkTimer) setTimeout(stopBlink, 1500);
  // coming back to the page reads the open conversation
  if (selectedId !== null) clearUnread(selectedId);
});
$("#slow-jump").addEventListener("click", jumpToLongestWait);
setInterval(() => {
  tick();
  checkReminders();
}, 1000);
start();
