// 快捷短语 in the console (docs/ui.md "快捷短语"): typing "/" in the reply box opens a picker
// that searches the shop's phrases, the agent's own and the shop's FAQ answers as one types;
// ↑/↓ choose, Enter puts the choice in place of "/…", Esc closes. Keyboard only: the focus never
// leaves the reply box (the list is its aria-activedescendant). The agent's own phrases are
// managed in the side panel ("我的快捷短语").
import type { AgentPhrasesAnswer } from "../../routes/phrases/list-phrases.js";
import type { ApiFailure } from "./common.js";
import type { ChatShown } from "./console-bot.js";

/** What the picker searches: the answer, or after a failed load what was kept and why. */
type Loaded = Partial<AgentPhrasesAnswer> & { error?: string };
interface Candidate {
  kind: string;
  title: string;
  text: string;
  rank: number;
  order: number;
}

const FR = window.FR;
const $ = FR.$;
const h = FR.h;
const store = FR.tokenStore("fr.agentToken");
const ta = $<HTMLTextAreaElement>("#reply");
const picker = $("#phrase-picker");
let data: Loaded | null = null;
let loadedAt = 0;
let loading: Promise<Loaded> | null = null;
let platform: string | null = null;
let chatId: number | null = null;
let open = false;
let items: Candidate[] = [];
let active = 0;
let slashAt = -1;
let dismissedAt = -1;
const SHOWN = 8;
const STALE_MS = 60000;

// read at each call: the console's sign-in may have changed it
function token(): string {
  return store.get()!;
}

async function load(force: boolean): Promise<Loaded> {
  if (!force && data && Date.now() - loadedAt < STALE_MS) return data;
  if (loading) return loading;
  loading = FR.api<AgentPhrasesAnswer>(token(), "GET", "/api/agent/phrases").then(
    (r): Loaded => {
      data = r;
      loadedAt = Date.now();
      return r;
    },
    (e: ApiFailure) => {
      data = data || { phrases: [], faq: [], error: e.message };
      return data;
    },
  );
  try {
    return await loading;
  } finally {
    loading = null;
  }
}

/** the "/query" ending at the caret: "/" at the start or after a space, no space inside */
function trigger(): { at: number; query: string } | null {
  const end = ta.selectionStart;
  if (end !== ta.selectionEnd) return null;
  const before = ta.value.slice(0, end);
  const at = before.lastIndexOf("/");
  if (at < 0 || (at > 0 && !/\s/.test(before.charAt(at - 1)))) return null;
  const query = before.slice(at + 1);
  if (/\s/.test(query) || query.length > 20) return null;
  return { at, query };
}

/** every candidate with a rank: name starts with the query, name has it, text has it */
function search(query: string): Candidate[] {
  const q = query.toLowerCase();
  const out: Candidate[] = [];
  function rank(rawName: string | null | undefined, rawText: string | null | undefined): number {
    const name = (rawName || "").toLowerCase();
    const text = (rawText || "").toLowerCase();
    if (!q) return 2;
    if (name.indexOf(q) === 0) return 0;
    if (name.indexOf(q) >= 0) return 1;
    return text.indexOf(q) >= 0 ? 2 : -1;
  }
  const d = data!;
  (d.phrases || []).forEach((p, i) => {
    const r = rank(p.title, p.content);
    if (r >= 0) out.push({ kind: p.scope === "shop" ? "店铺" : "我的", title: p.title, text: p.content, rank: r, order: i });
  });
  (d.faq || []).forEach((f, i) => {
    const answers: Partial<Record<string, string>> = f.answers;
    const answer = (platform && answers?.[platform]) || f.answer;
    // an empty query lists the phrases only: hundreds of FAQ answers would bury them
    const r = q ? rank(f.question, answer) : -1;
    if (r >= 0) out.push({ kind: "FAQ", title: f.question, text: answer, rank: r + 0.5, order: 100000 + i });
  });
  return out.sort((a, b) => a.rank - b.rank || a.order - b.order);
}

function close() {
  if (!open) return;
  open = false;
  picker.hidden = true;
  ta.removeAttribute("aria-activedescendant");
}

function render(query: string) {
  FR.clear(picker);
  const found = search(query);
  const d = data!;
  items = found.slice(0, SHOWN);
  if (active >= items.length) active = 0;
  if (d.error && !(d.phrases || []).length) picker.appendChild(h("li", { class: "picker-note", role: "presentation", text: "快捷短语加载失败：" + d.error }));
  else if (!items.length) picker.appendChild(h("li", { class: "picker-note", role: "presentation", text: query ? "没有匹配“" + query + "”的短语或FAQ答案" : "还没有快捷短语：可在右侧“我的快捷短语”添加，或继续输入搜索FAQ答案" }));
  items.forEach((it, i) => {
    picker.appendChild(
      h(
        "li",
        {
          id: "phrase-opt-" + i,
          role: "option",
          class: "picker-item" + (i === active ? " active" : ""),
          "aria-selected": String(i === active),
          dataset: { index: String(i) },
          onmousedown: (e: MouseEvent) => {
            e.preventDefault();
            choose(i);
          },
        },
        h("span", { class: "chip", text: it.kind }),
        " ",
        h("b", { text: it.title }),
        h("span", { class: "picker-text", text: it.text }),
      ),
    );
  });
  if (found.length > SHOWN) picker.appendChild(h("li", { class: "picker-note", role: "presentation", text: "共 " + found.length + " 条，继续输入以缩小范围" }));
  picker.hidden = false;
  open = true;
  if (items.length) ta.setAttribute("aria-activedescendant", "phrase-opt-" + active);
  else ta.removeAttribute("aria-activedescendant");
  const act = picker.querySelector(".active");
  if (act?.scrollIntoView) act.scrollIntoView({ block: "nearest" });
}

async function update() {
  const t = trigger();
  if (!t || t.at === dismissedAt) {
    if (!t) dismissedAt = -1;
    close();
    return;
  }
  if (t.at !== slashAt) active = 0;
  slashAt = t.at;
  await load(false);
  // the text may have changed while the list loaded
  const now = trigger();
  if (!now || now.at === dismissedAt) {
    close();
    return;
  }
  render(now.query);
}

function choose(i: number) {
  const it = items[i];
  const t = trigger();
  if (!it || !t) {
    close();
    return;
  }
  const end = ta.selectionStart;
  ta.value = ta.value.slice(0, t.at) + it.text + ta.value.slice(end);
  ta.selectionStart = ta.selectionEnd = t.at + it.text.length;
  close();
  // console.ts keeps the draft on "input"; the inserted text is not a new "/" query
  dismissedAt = -1;
  suppress = true;
  ta.dispatchEvent(new Event("input", { bubbles: true }));
  suppress = false;
  ta.focus();
}

let suppress = false;
ta.addEventListener("input", () => {
  if (!suppress) update();
});
ta.addEventListener("click", update);
ta.addEventListener("blur", () => {
  setTimeout(close, 150);
});
ta.addEventListener("keydown", (e) => {
  if (!open || e.altKey || e.ctrlKey || e.metaKey) return;
  if (e.key === "ArrowDown" || e.key === "ArrowUp") {
    e.preventDefault();
    if (!items.length) return;
    active = (active + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
    const t = trigger();
    render(t ? t.query : "");
  } else if (e.key === "Enter") {
    // nothing to choose: Enter closes the list and types nothing
    if (!items.length) {
      e.preventDefault();
      dismissedAt = slashAt;
      close();
      return;
    }
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
document.addEventListener("fr:chat", (e) => {
  const chat = (e as CustomEvent<ChatShown | null>).detail?.data?.chat;
  if (!chat) return;
  platform = chat.platform;
  if (chat.id !== chatId) {
    chatId = chat.id;
    dismissedAt = -1;
    close();
  }
});

const manager = FR.phraseManager($("#my-phrases"), {
  scope: "personal",
  token,
  path: (p) => "/api/agent" + p,
  onChange: () => {
    load(true);
  },
});
// the side panel's list loads once the console is logged in (console.ts shows #app)
const shown = new MutationObserver(() => {
  if (!$("#app").hidden && token()) {
    manager.load();
    load(true);
  }
});
shown.observe($("#app"), { attributes: true, attributeFilter: ["hidden"] });
