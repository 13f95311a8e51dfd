// FAQ editor of the dashboard: list and search the shop's entries, edit one, show validation
// errors inline next to the field they concern. Talks to the admin FAQ API (docs/ui.md):
//   GET /api/admin/faq?shop=            → { entries: [...], errors?: [...] }
//   PUT /api/admin/faq/entries/:id?shop= → 200 { entry } | 4xx { error: { message, field?, errors?: [{ message, zh, file, line }] } }
//   DELETE /api/admin/faq/entries/:id?shop= → the shop's own entry deleted, or its override of a shared one reverted
// Problems are shown by their Chinese (`zh`) with file and line; the English `message` only picks the field.
import type { FaqDeleted, FaqEntry, FaqListAnswer, FaqProblem, FaqSaved } from "../../contracts/answers.js";
import { withShop } from "../client/dashboard-kit.js";
import type { ApiFailure } from "./common.js";

/** A problem shown on the form: the server's (file, line, zh) or the page's own (`text`). */
interface Problem {
  file?: string;
  line?: number;
  zh?: string;
  text?: string;
  field?: string;
  path?: unknown;
  message?: string;
}
/** The entry in the form: one of the list, or a new one not saved yet. */
type Edited = (FaqEntry & { isNew?: undefined }) | (Partial<FaqEntry> & { id: string; isNew: true });
/** What PUT /api/admin/faq/entries/:id takes: an entry as in the files. */
type EntryBody = Pick<FaqEntry, "id" | "question" | "examples" | "answer" | "enabled" | "answers" | "keywords">;

const FR = window.FR;
const { $, h } = FR;
let token = "";
let shop: string | null = null;
let entries: FaqEntry[] = [];
let selected: Edited | null = null;
let loadedFor: string | null = null;
let creating = false;
const FIELDS = ["id", "question", "examples", "answer", "answers", "keywords", "enabled"];
// the per-platform answer fields the page rendered from the platform registry (no list copied here)
const PLATFORMS = FR.$$(".faq-answer-platform").map((el) => el.getAttribute("data-platform") ?? "");

const q = (path: string) => withShop(path, shop);
const input = (sel: string) => $<HTMLInputElement>(sel);

async function open(t: string, s: string): Promise<void> {
  token = t;
  if (loadedFor === s) return;
  shop = s;
  loadedFor = s;
  await load();
}

async function load(): Promise<void> {
  const list = FR.clear($("#faq-list"));
  list.appendChild(h("li", { class: "muted", text: "加载中…" }));
  try {
    const r = await FR.api<FaqListAnswer>(token, "GET", q("/api/admin/faq"));
    entries = r.entries || [];
    FR.clear(list);
    // a page banner of its own: opening or saving an entry does not clear it, a reload does
    const fileErrors: FaqProblem[] = r.errors || [];
    const banner = $("#faq-file-errors");
    banner.hidden = !fileErrors.length;
    banner.textContent = fileErrors.length ? "FAQ 文件有错误，线上仍使用上一个正确版本：" + fileErrors.map(describe).join("；") : "";
  } catch (e) {
    entries = [];
    FR.clear(list);
    loadedFor = null;
    $("#faq-list-empty").hidden = false;
    $("#faq-list-empty").textContent = (e as ApiFailure).status === 404 ? "FAQ 管理接口不可用（本部署未提供 /api/admin/faq）" : "加载失败：" + (e as Error).message;
    return;
  }
  renderList();
}

function matches(e: FaqEntry, text: string): boolean {
  if (!text) return true;
  const hay = [e.id, e.question, e.answer]
    .concat(e.examples || [], e.keywords || [])
    .join("\n")
    .toLowerCase();
  return hay.indexOf(text.toLowerCase()) >= 0;
}

function renderList(): void {
  const text = input("#faq-search").value.trim();
  const list = FR.clear($("#faq-list"));
  const shown = entries.filter((e) => matches(e, text));
  for (const e of shown) {
    list.appendChild(
      h(
        "li",
        { class: (selected && selected.id === e.id ? "selected " : "") + (e.enabled === false ? "disabled" : ""), dataset: { id: e.id }, onclick: () => edit(e) },
        h("div", {}, h("b", { text: e.question }), e.enabled === false ? h("span", { class: "muted", text: "（已停用）" }) : null),
        h("div", { class: "muted", text: e.id + " · " + (e.examples || []).length + " 个问法" + (e.origin === "shop" ? " · 本店" : e.origin === "shared" ? " · 共享" : "") }),
      ),
    );
  }
  $("#faq-count").textContent = "(" + shown.length + "/" + entries.length + ")";
  $("#faq-list-empty").hidden = shown.length > 0;
  $("#faq-list-empty").textContent = entries.length ? "没有匹配“" + text + "”的条目" : "本店还没有 FAQ 条目";
}

function clearErrors(): void {
  for (const f of FR.$$("#faq-form .field")) {
    f.classList.remove("invalid");
    $(".error", f).textContent = "";
  }
  $("#faq-form-error").textContent = "";
  $("#faq-saved").textContent = "";
}

function edit(e: Edited): void {
  selected = e;
  creating = !!e.isNew;
  clearErrors();
  $("#faq-editor-empty").hidden = true;
  $("#faq-form").hidden = false;
  $("#faq-editor-title").textContent = creating ? "新建条目" : "编辑条目 " + e.id + (e.source ? "（" + e.source.file + " 第 " + e.source.line + " 行）" : "");
  $("#faq-origin").textContent = creating
    ? "新条目保存在本店自己的文件里（faq/shops/" + shop + "/entries.yaml），只对本店生效。"
    : e.origin === "shared"
      ? "这是共享条目：保存后本店使用自己的副本（faq/shops/" + shop + "/），其他店铺不受影响。要让本店不再使用它，取消“启用”并保存。"
      : e.overrides
        ? "这是本店对共享条目的修改：可以恢复为共享版本。"
        : "这是本店自己的条目。";
  input("#faq-id").value = e.id;
  input("#faq-id").readOnly = !creating;
  // delete: the shop's own entry; revert: the shop's copy of a shared one; a shared entry has neither
  const remove = $("#faq-remove");
  remove.hidden = creating || e.origin !== "shop";
  remove.textContent = e.overrides ? "恢复共享版本" : "删除条目";
  input("#faq-question").value = e.question || "";
  input("#faq-examples").value = (e.examples || []).join("\n");
  input("#faq-answer").value = e.answer || "";
  const answers: Record<string, string | undefined> = e.answers ?? {};
  for (const p of PLATFORMS) input("#faq-answer-" + p).value = answers[p] || "";
  input("#faq-keywords").value = (e.keywords || []).join(", ");
  input("#faq-enabled").checked = e.enabled !== false;
  for (const li of FR.$$("#faq-list li")) li.classList.toggle("selected", li.dataset.id === e.id);
}

const lines = (text: string, sep: string | RegExp) =>
  text
    .split(sep)
    .map((s) => s.trim())
    .filter((s) => s);

function formValue(): EntryBody {
  const answers: Record<string, string> = {};
  for (const p of PLATFORMS) {
    const v = input("#faq-answer-" + p).value;
    if (v.trim()) answers[p] = v;
  }
  const v: EntryBody = {
    id: input("#faq-id").value,
    question: input("#faq-question").value.trim(),
    examples: lines(input("#faq-examples").value, "\n"),
    answer: input("#faq-answer").value.trim(),
    enabled: input("#faq-enabled").checked,
  };
  if (Object.keys(answers).length) v.answers = answers;
  const kw = lines(input("#faq-keywords").value, /[,，]/);
  if (kw.length) v.keywords = kw;
  return v;
}

/** "faq/shops/x/entries.yaml 第 34 行：答案不能为空" (the problem's Chinese, never the English message) */
function describe(e: Problem): string {
  const where = e.file ? (e.file === "(request)" ? "提交的内容" : e.file) + (e.line && e.file !== "(request)" ? " 第 " + e.line + " 行" : "") + "：" : "";
  return where + (e.zh || e.text || "FAQ 条目有误");
}

/** which form field an error is about: its `field`, else a field name in its message */
function fieldOf(e: Problem): string | null {
  const f = e.field || e.path;
  if (typeof f === "string") {
    const name = f.split(/[.[]/)[0] ?? "";
    if (FIELDS.indexOf(name) >= 0) return name;
  }
  const m = /\b(answers|question|examples|answer|keywords|enabled|id)\b/.exec(e.message || "");
  return m ? (m[1] ?? null) : null;
}

function showErrors(list: Problem[]): void {
  for (const e of list) {
    const field = fieldOf(e);
    const box = field && document.querySelector<HTMLElement>('#faq-form .field[data-field="' + field + '"]');
    if (box) {
      box.classList.add("invalid");
      const p = $(".error", box);
      p.textContent = (p.textContent ? p.textContent + "；" : "") + describe(e);
    } else {
      const g = $("#faq-form-error");
      g.textContent = (g.textContent ? g.textContent + "；" : "") + describe(e);
    }
  }
}

/** the FAQ parser's file:line problems of a refused write (routes/admin/faq/shared.ts asApiErrors), if any */
function problemsOf(e: ApiFailure): FaqProblem[] | undefined {
  const errs = (e.body as { error?: { errors?: FaqProblem[] } } | null | undefined)?.error?.errors;
  return errs?.length ? errs : undefined;
}

async function save(ev: Event): Promise<void> {
  ev.preventDefault();
  if (!selected) return;
  clearErrors();
  const v = formValue();
  if (creating) {
    if (!v.id.trim()) return showErrors([{ field: "id", text: "请填写 ID（小写字母、数字、“-”“_”“.”）" }]);
    // PUT creates or replaces: a new entry must not silently replace an existing one
    if (entries.some((x) => x.id === v.id)) return showErrors([{ field: "id", text: "已有 ID 为“" + v.id + "”的条目，请换一个" }]);
    selected = { id: v.id, isNew: true };
  }
  // no checks of our own: the server validates with the FAQ files' parser, the one source of truth
  const btn = $<HTMLButtonElement>("#faq-save");
  btn.disabled = true;
  try {
    const r = await FR.api<FaqSaved>(token, "PUT", q("/api/admin/faq/entries/" + encodeURIComponent(selected.id)), v);
    const done = "已保存" + (r?.version ? "，FAQ 版本 " + r.version : "") + (r?.pending ? "（正在重建，稍后生效）" : "") + "。";
    // the entry as the server now has it (origin, file and line, override or not)
    await reloadAndSelect(v.id);
    $("#faq-saved").textContent = done;
  } catch (e) {
    // the file:line problems of the FAQ parser, else the error in Chinese (common.ts errorText)
    const err = e as ApiFailure;
    showErrors(problemsOf(err) ?? [{ field: err.field, text: err.message }]);
  } finally {
    btn.disabled = false;
  }
}

async function reloadAndSelect(id: string | null): Promise<void> {
  await load();
  const found = entries.find((x) => x.id === id);
  if (found) edit(found);
  else {
    selected = null;
    creating = false;
    $("#faq-form").hidden = true;
    $("#faq-editor-empty").hidden = false;
    $("#faq-editor-title").textContent = "编辑条目";
  }
}

function startNew(): void {
  edit({ id: "", isNew: true, question: "", examples: [], answer: "", enabled: true });
  input("#faq-id").focus();
}

/** deletes the shop's own entry, or reverts its override of a shared one */
async function removeSelected(): Promise<void> {
  if (selected?.origin !== "shop") return;
  const reverting = !!selected.overrides;
  const id = selected.id;
  if (!window.confirm(reverting ? "恢复条目“" + id + "”的共享版本？本店的修改将被删除。" : "删除本店条目“" + id + "”？")) return;
  clearErrors();
  try {
    const r = await FR.api<FaqDeleted>(token, "DELETE", q("/api/admin/faq/entries/" + encodeURIComponent(id)));
    await reloadAndSelect(reverting ? id : null);
    $("#faq-saved").textContent = (reverting ? "已恢复为共享版本" : "已删除条目 " + id) + (r?.pending ? "（正在重建，稍后生效）" : "") + "。";
  } catch (e) {
    showErrors(problemsOf(e as ApiFailure) ?? [{ text: (e as Error).message }]);
  }
}

$("#faq-new").addEventListener("click", startNew);
$("#faq-remove").addEventListener("click", removeSelected);
$("#faq-search").addEventListener("input", renderList);
$("#faq-form").addEventListener("submit", save);
window.FRFaq = {
  open,
  reload: () => {
    loadedFor = null;
    return open(token, shop ?? "");
  },
};
