// The dashboard's 机器人 tab: per day (or week) what the bot answered, what it routed and why,
// the answers agents flagged as wrong, each with "不再自动回答" (its buyer message added to the
// shop's 不回答的问题) and "加为例句…" (to the right entry), and the questions the FAQ did not
// answer, grouped by similarity, with "新建FAQ条目" and "加为例句" one click away (the FAQ admin
// API; the FAQ set reloads at once). Data: GET /api/admin/bot?shop=&day=&days=. See docs/ui.md.
import type { BotAnswer, BotFlag, FaqEntry, FaqListAnswer, FaqProblem, FaqSaved, OutOfScopeSaved, UnansweredGroup } from "../../contracts/answers.js";
import { table, withShop } from "../client/dashboard-kit.js";
import type { ApiFailure } from "./common.js";

/** An entry as PUT /api/admin/faq/entries/:id takes it (the FAQ files' fields). */
type EntryBody = Pick<FaqEntry, "question" | "examples" | "answer" | "enabled" | "answers" | "keywords">;

const FR = window.FR;
const { $, h } = FR;
let token = "";
let shop: string | null = null;
let entries: Array<Pick<FaqEntry, "id"> & EntryBody> = [];
/** the live 不回答的问题 (the shared set's and the shop's): a flagged message already in them shows so */
let outOfScope = new Set<string>();
let seq = 0;

const q = (path: string) => withShop(path, shop);
const input = (sel: string) => $<HTMLInputElement>(sel);

function open(t: string, s: string): Promise<void> {
  token = t;
  shop = s;
  return load();
}

async function load(): Promise<void> {
  const my = ++seq;
  const day = input("#bot-day").value;
  const days = $<HTMLSelectElement>("#bot-days").value;
  const path = "/api/admin/bot?days=" + encodeURIComponent(days) + (day ? "&day=" + encodeURIComponent(day) : "");
  $("#bot-error").textContent = "";
  let r: BotAnswer;
  try {
    const none: Pick<FaqListAnswer, "entries" | "outOfScope"> = { entries: [], outOfScope: { shared: [], shop: [] } };
    const both = await Promise.all([FR.api<BotAnswer>(token, "GET", q(path)), FR.api<FaqListAnswer>(token, "GET", q("/api/admin/faq")).catch(() => none)]);
    if (my !== seq) return;
    r = both[0];
    entries = both[1].entries || [];
    outOfScope = new Set([...(both[1].outOfScope?.shared ?? []), ...(both[1].outOfScope?.shop ?? [])]);
  } catch (e) {
    if (my !== seq) return;
    $("#bot-error").textContent = "加载失败：" + (e as Error).message;
    return;
  }
  if (!day) input("#bot-day").value = r.day;
  render(r);
  document.body.dataset.botLoads = String(Number(document.body.dataset.botLoads || 0) + 1);
}

function entryById(id: string | null) {
  return entries.find((e) => e.id === id) ?? null;
}
function entryName(id: string): string {
  const e = entryById(id);
  return e ? e.question + "（" + id + "）" : id;
}

function render(r: BotAnswer): void {
  const span = r.days === 1 ? r.day : r.from.slice(0, 10) + " 至 " + r.day;
  FR.clear($("#bot-summary")).appendChild(
    h(
      "div",
      { class: "bot-figures" },
      figure("bot-answered", "机器人自动回复", r.answered),
      figure("bot-routed", "转人工", r.routed.total),
      figure("bot-flags", "答错报告", r.flags.length),
      figure("bot-unanswered", "未答问题", r.unanswered.messages),
      h("span", { class: "muted", text: span + (r.faq ? " · 自动回复阈值 " + r.faq.threshold : " · 本店没有 FAQ") }),
    ),
  );

  FR.clear($("#bot-reasons")).appendChild(
    table(
      ["原因", "#条数"],
      r.routed.byReason.map((x) => h("tr", { dataset: { reason: x.reason } }, h("td", { text: FR.reasonLabel(x.reason) }), h("td", { class: "num", text: String(x.count) }))),
      "没有转人工的消息",
    ),
  );

  FR.clear($("#bot-flag-list")).appendChild(
    table(
      ["时间", "客服", "会话", "买家消息", "机器人回复", "FAQ 条目", "备注", "处理"],
      r.flags.map((f) =>
        h(
          "tr",
          { class: "flag-row", dataset: { flag: String(f.id) } },
          h("td", { text: FR.dayTime(f.at) }),
          h("td", { text: f.agent.name }),
          h("td", {}, FR.platformBadge(f.platform), " " + f.conversation),
          h("td", { text: f.buyer ? f.buyer.text || "［非文本消息］" : "—" }),
          h("td", { text: f.answer.text || "" }),
          h("td", { text: f.faqId ? entryName(f.faqId) : "—" }),
          h("td", { text: f.note || "" }),
          h("td", { class: "flag-actions" }, flagActions(f)),
        ),
      ),
      "没有客服报告机器人答错",
    ),
  );

  const box = FR.clear($("#bot-groups"));
  if (!r.unanswered.groups.length) {
    box.appendChild(h("p", { class: "empty", text: "没有未答的问题" }));
    return;
  }
  r.unanswered.groups.forEach((g, i) => box.appendChild(groupEl(r, g, i)));
  if (r.unanswered.groupsTotal > r.unanswered.groups.length) box.appendChild(h("p", { class: "muted", text: "仅显示最大的 " + r.unanswered.groups.length + " 组，共 " + r.unanswered.groupsTotal + " 组。" }));
  if (r.unanswered.truncated) box.appendChild(h("p", { class: "muted", text: "消息太多，只归类了最近的一部分。" }));
}

/** the entries to add examples to, none chosen */
function entrySelect(): HTMLSelectElement {
  const select = h("select", { class: "example-target", "aria-label": "加为哪个条目的例句" });
  select.appendChild(h("option", { value: "", text: "选择条目…" }));
  for (const e of entries) select.appendChild(h("option", { value: e.id, text: e.question + "（" + e.id + "）" }));
  return select;
}

/**
 * A flagged answer's two ways out: the buyer's message goes to the shop's 不回答的问题 (the same
 * message then reaches a person, docs/faq.md), or becomes an example of the entry that should
 * have answered (no entry chosen for the admin: the one that answered was the wrong one).
 */
function flagActions(f: BotFlag): HTMLElement {
  const text = f.buyer?.text?.trim() || "";
  const status = h("p", { class: "group-status", role: "status" });
  if (!text) return h("span", { class: "muted", text: "买家消息不是文字，无法处理" });
  const done = () => h("span", { class: "chip green out-of-scope-done", text: "已加入不回答的问题" });
  const select = entrySelect();
  const form = h(
    "div",
    { class: "flag-example-form", hidden: true },
    select,
    h("button", { type: "button", class: "add-example primary", onclick: (e: MouseEvent) => addExamples(select.value, [text], status, e.currentTarget as HTMLButtonElement), text: "加为例句" }),
  );
  const noAuto = outOfScope.has(text)
    ? done()
    : h("button", {
        type: "button",
        class: "no-auto",
        title: "把这条买家消息加入本店的“不回答的问题”：以后同样的问题转人工",
        onclick: (e: MouseEvent) => markOutOfScope(text, e.currentTarget as HTMLButtonElement, status, done),
        text: "不再自动回答",
      });
  return h(
    "div",
    { class: "actions" },
    noAuto,
    h("button", {
      type: "button",
      class: "flag-example",
      onclick: () => {
        form.hidden = !form.hidden;
        if (!form.hidden) select.focus();
      },
      text: "加为例句…",
    }),
    form,
    status,
  );
}

async function markOutOfScope(text: string, btn: HTMLButtonElement, status: HTMLElement, done: () => HTMLElement): Promise<void> {
  btn.disabled = true;
  status.className = "group-status";
  status.textContent = "";
  try {
    const r = await FR.api<OutOfScopeSaved>(token, "POST", q("/api/admin/faq/out-of-scope"), { texts: [text], set: "shop" });
    outOfScope.add(text);
    btn.replaceWith(done());
    status.className = "group-status green";
    status.textContent = r?.pending ? "已保存，FAQ 正在重建，稍后生效。" : "以后同样的问题将转人工" + (r?.version ? "（FAQ 版本 " + r.version + "）" : "") + "。";
  } catch (err) {
    btn.disabled = false;
    status.className = "group-status error";
    status.textContent = "保存失败：" + errorText(err as ApiFailure);
  }
}

function figure(id: string, label: string, n: number): HTMLElement {
  return h("div", { class: "bot-figure", id }, h("div", { class: "big", text: String(n) }), h("div", { class: "sub", text: label }));
}

function groupEl(r: BotAnswer, g: UnansweredGroup, i: number): HTMLElement {
  const texts = g.examples.map((m) => m.text);
  const status = h("p", { class: "group-status", role: "status" });
  const select = entrySelect();
  // preselected only when the matcher's guess was more than a weak one: one click must not
  // file "有赠品吗" under 少发了/发错了
  const likely = g.faqId !== null && entryById(g.faqId) !== null && g.faqScore !== null && g.faqScore >= FR.weakFloor;
  if (likely && g.faqId) select.value = g.faqId;
  const form = newEntryForm(r, g, i, status);
  return h(
    "div",
    { class: "panel bot-group", dataset: { size: String(g.size) } },
    h(
      "div",
      { class: "row" },
      h("b", { text: g.size + " 条" }),
      h("span", { class: "muted", text: "（" + g.conversations + " 个会话，最近 " + FR.dayTime(g.lastAt) + "）" }),
      g.faqId ? h("span", { class: "muted", text: " · 常被匹配到：" + entryName(g.faqId) + (g.faqScore !== null ? "（平均匹配度 " + g.faqScore.toFixed(2) + (likely ? "" : "，仅供参考") + "）" : "") }) : null,
    ),
    h(
      "ul",
      { class: "examples" },
      texts.map((t) => h("li", { text: t })),
    ),
    h(
      "div",
      { class: "actions" },
      h("button", {
        type: "button",
        class: "new-entry",
        onclick: () => {
          form.hidden = !form.hidden;
          if (!form.hidden) $(".answer", form).focus();
        },
        text: "新建FAQ条目",
      }),
      select,
      h("button", { type: "button", class: "add-example primary", onclick: (e: MouseEvent) => addExamples(select.value, texts, status, e.currentTarget as HTMLButtonElement), text: "加为例句" }),
    ),
    form,
    status,
  );
}

/** an entry as the FAQ files hold it: what PUT /api/admin/faq/entries/:id takes */
function fileEntry(e: EntryBody): EntryBody {
  const v: EntryBody = { question: e.question, examples: (e.examples || []).slice(), answer: e.answer, enabled: e.enabled !== false };
  if (e.answers && Object.keys(e.answers).length) v.answers = e.answers;
  if (e.keywords?.length) v.keywords = e.keywords;
  return v;
}

/** a refused write: the FAQ parser's problems (file:line, in Chinese), else the error's Chinese message */
function errorText(e: ApiFailure): string {
  const err = (e.body as { error?: { errors?: FaqProblem[] } } | null | undefined)?.error;
  const list: Array<Partial<FaqProblem>> = err?.errors?.length ? err.errors : [{ zh: e.message }];
  return list.map((x) => (x.file ? x.file + (x.line ? ":" + x.line : "") + "：" : "") + (x.zh || x.message)).join("；");
}

async function addExamples(id: string, texts: string[], status: HTMLElement, btn: HTMLButtonElement): Promise<void> {
  status.className = "group-status";
  const e = entryById(id);
  if (!e) {
    status.className = "group-status error";
    status.textContent = "请先选择要加入的条目";
    return;
  }
  const v = fileEntry(e);
  const added = texts.filter((t) => v.examples.indexOf(t) < 0 && t !== v.question);
  if (!added.length) {
    status.textContent = "这些问法已在「" + e.question + "」中";
    return;
  }
  v.examples = v.examples.concat(added);
  btn.disabled = true;
  try {
    const r = await FR.api<FaqSaved>(token, "PUT", q("/api/admin/faq/entries/" + encodeURIComponent(id)), v);
    e.examples = v.examples;
    status.className = "group-status green";
    status.textContent = "已把 " + added.length + " 个问法加为「" + e.question + "」的例句" + (r?.version ? "，FAQ 版本 " + r.version : "") + "。";
    refreshEditor();
  } catch (err) {
    status.className = "group-status error";
    status.textContent = "保存失败：" + errorText(err as ApiFailure);
  } finally {
    btn.disabled = false;
  }
}

/** the FAQ tab, if it was opened, shows the new examples too (its list is loaded once per shop) */
function refreshEditor(): void {
  if (window.FRFaq && $("#faq-list").children.length) window.FRFaq.reload();
}

function newEntryForm(r: BotAnswer, g: UnansweredGroup, i: number, status: HTMLElement): HTMLFormElement {
  const texts = g.examples.map((m) => m.text);
  const id = h("input", { type: "text", class: "entry-id", value: "new-" + r.day.replace(/-/g, "") + "-" + (i + 1), "aria-label": "条目 ID" });
  const question = h("input", { type: "text", class: "question", value: texts[0] || "", "aria-label": "标准问题" });
  const examples = h("textarea", { class: "examples-text", rows: 3, "aria-label": "相似问法" });
  examples.value = texts.slice(1).join("\n");
  const answer = h("textarea", { class: "answer", rows: 2, placeholder: "答案（必填）", "aria-label": "答案" });
  const form = h(
    "form",
    { class: "new-entry-form", hidden: true },
    h("label", {}, "ID ", id),
    h("label", {}, "标准问题 ", question),
    h("label", {}, "相似问法（每行一个）", examples),
    h("label", {}, "答案", answer),
    h("button", { type: "submit", class: "primary", text: "保存条目" }),
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const v: EntryBody = {
      question: question.value.trim(),
      examples: examples.value
        .split("\n")
        .map((s) => s.trim())
        .filter(Boolean),
      answer: answer.value.trim(),
      enabled: true,
    };
    status.className = "group-status";
    try {
      const saved = await FR.api<FaqSaved>(token, "PUT", q("/api/admin/faq/entries/" + encodeURIComponent(id.value.trim())), v);
      status.className = "group-status green";
      status.textContent = "已新建条目「" + v.question + "」（" + id.value.trim() + "）" + (saved?.version ? "，FAQ 版本 " + saved.version : "") + "。";
      form.hidden = true;
      entries.push({ id: id.value.trim(), ...v });
      refreshEditor();
    } catch (err) {
      status.className = "group-status error";
      status.textContent = "保存失败：" + errorText(err as ApiFailure);
    }
  });
  return form;
}

$("#bot-day").addEventListener("change", load);
$("#bot-days").addEventListener("change", load);
$("#bot-refresh").addEventListener("click", load);
window.FRBot = { open, reload: () => (shop ? load() : null) };
