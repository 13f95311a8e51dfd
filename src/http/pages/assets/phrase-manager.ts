// 快捷短语 list + add/edit form (markup: src/http/pages/phrases.tsx), shared by the console (an
// agent's own phrases, /api/agent/phrases) and the dashboard (the shop's, /api/admin/phrases).
// FR.phraseManager(root, { path(p) → url, token() → bearer, onChange() }) → { load() }.
// Adds its part (PhraseWords) to window.FR.
import type { PhrasesAnswer } from "../../contracts/answers.js";
import type { QuickPhrase } from "../../../services/quick-phrases.js";

export interface PhraseManagerOptions {
  /** only the phrases of this scope are listed (an agent's list also holds the shop's) */
  scope?: QuickPhrase["scope"];
  /** the bearer token, read at each call (the page may sign in again) */
  token(): string;
  /** "/phrases…" → the URL under the page's API (/api/agent or /api/admin?shop=) */
  path(p: string): string;
  /** after a phrase was added, changed or deleted */
  onChange?(): void;
}

export interface PhraseWords {
  phraseManager(root: HTMLElement, opts: PhraseManagerOptions): { load(): Promise<void> };
}

const FR = window.FR;
const h = FR.h;

/** The form's two fields (phrases.tsx: name="title", name="content"). */
interface PhraseForm extends HTMLFormElement {
  readonly elements: HTMLFormControlsCollection & { title: HTMLInputElement; content: HTMLTextAreaElement };
}

const words: PhraseWords = {
  phraseManager(root, opts) {
    const list = FR.$(".phrase-list", root);
    const empty = FR.$(".phrase-empty", root);
    const form = FR.$<PhraseForm>(".phrase-form", root);
    const error = FR.$(".error", form);
    const submit = FR.$<HTMLButtonElement>("button[type=submit]", form);
    const cancel = FR.$<HTMLButtonElement>(".phrase-cancel", form);
    let editing: number | null = null;
    let phrases: QuickPhrase[] = [];

    function reset(): void {
      editing = null;
      form.reset();
      submit.textContent = "添加短语";
      cancel.hidden = true;
    }
    function render(): void {
      FR.clear(list);
      empty.hidden = phrases.length > 0;
      for (const p of phrases) {
        list.appendChild(
          h(
            "li",
            { class: "phrase-item", dataset: { id: String(p.id) } },
            h("div", { class: "phrase-text" }, h("b", { text: p.title }), h("span", { class: "muted", text: p.content })),
            h("button", { type: "button", "aria-label": "编辑短语 " + p.title, text: "编辑", onclick: () => edit(p) }),
            h("button", { type: "button", "aria-label": "删除短语 " + p.title, text: "删除", onclick: () => remove(p) }),
          ),
        );
      }
    }
    function edit(p: QuickPhrase): void {
      editing = p.id;
      form.elements.title.value = p.title;
      form.elements.content.value = p.content;
      submit.textContent = "保存修改";
      cancel.hidden = false;
      error.textContent = "";
      form.elements.content.focus();
    }
    /** the answer, or null with the error (in Chinese) under the form */
    async function call<T>(method: string, path: string, body?: unknown): Promise<T | null> {
      error.textContent = "";
      try {
        return await FR.api<T>(opts.token(), method, opts.path(path), body);
      } catch (e) {
        error.textContent = (e as Error).message;
        return null;
      }
    }
    async function load(): Promise<void> {
      const r = await call<PhrasesAnswer>("GET", "/phrases");
      if (!r) return;
      // an agent's list also holds the shop's phrases: only their own are theirs to manage
      phrases = r.phrases.filter((p) => p.scope === (opts.scope || p.scope));
      render();
    }
    async function remove(p: QuickPhrase): Promise<void> {
      if (await call("DELETE", "/phrases/" + p.id)) {
        if (editing === p.id) reset();
        await load();
        if (opts.onChange) opts.onChange();
      }
    }
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const body = { title: form.elements.title.value, content: form.elements.content.value };
      if (!body.title.trim() || !body.content.trim()) {
        error.textContent = "请填写短语名称和内容";
        return;
      }
      const ok = editing === null ? await call("POST", "/phrases", body) : await call("PUT", "/phrases/" + editing, body);
      if (!ok) return;
      reset();
      await load();
      if (opts.onChange) opts.onChange();
    });
    cancel.addEventListener("click", reset);
    return { load };
  },
};
Object.assign(FR, words);
