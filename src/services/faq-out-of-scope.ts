/**
 * A FAQ set's "do not answer" texts (settings.outOfScope, 不回答的问题): what closes the loop
 * on a wrong answer. An admin marks a flagged buyer message "不再自动回答" and the same message
 * (or one nearer to it than to any text of the entry) goes to a person from then on (the
 * matcher's nearest-text rule, docs/faq.md). The texts are written to the set's _settings.yaml
 * through the FAQ editor: validated like `faq check`, written atomically, live on return (or
 * `pending` while the set retrains), the registry keeping the last good set as with entries.
 */
import type { OutOfScopeSet, OutOfScopeWriteResult } from "../core/faq/editor.js";
import { invalid } from "./errors.js";
import type { ServiceContext } from "./context.js";
import { requireFaqEditor } from "./faq-editor.js";

/** A text is a buyer message or a short question: a whole chat pasted in is a mistake. */
export const OUT_OF_SCOPE_MAX_CHARS = 500;
/** Texts one request may carry (the dashboard sends one; a script pasting a list, a few dozen). */
export const OUT_OF_SCOPE_MAX_TEXTS = 50;

export interface OutOfScopeInput {
  shopId: string;
  set: OutOfScopeSet;
  /** as the caller sent them: checked here */
  texts: unknown;
}

/** Control characters other than tab and newline: a binary-looking text, never a buyer's question. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/**
 * The request's texts, trimmed and without repeats. Refusals name the field `texts` and, for
 * one text, its `index` (the message says `texts[2]`; the pages' labels key on the field).
 */
export function checkOutOfScopeTexts(texts: unknown): string[] {
  if (!Array.isArray(texts) || texts.length === 0) throw invalid("texts must be a non-empty list of texts", { field: "texts", reason: "required" });
  if (texts.length > OUT_OF_SCOPE_MAX_TEXTS) throw invalid(`texts has ${texts.length} texts; at most ${OUT_OF_SCOPE_MAX_TEXTS} a request`, { field: "texts", reason: "too-many", max: OUT_OF_SCOPE_MAX_TEXTS });
  const out: string[] = [];
  texts.forEach((t, i) => {
    const at = `texts[${i}]`;
    if (typeof t !== "string" || !t.trim()) throw invalid(`${at} must be a non-empty text`, { field: "texts", index: i, reason: "required" });
    const text = t.trim();
    if (text.length > OUT_OF_SCOPE_MAX_CHARS) throw invalid(`${at} is longer than ${OUT_OF_SCOPE_MAX_CHARS} characters`, { field: "texts", index: i, reason: "too-long", max: OUT_OF_SCOPE_MAX_CHARS });
    if (CONTROL.test(text)) throw invalid(`${at} contains control characters`, { field: "texts", index: i, reason: "control-characters" });
    if (!out.includes(text)) out.push(text);
  });
  return out;
}

/** Adds texts to the set's list; texts already listed are left as they are (idempotent: `added` is then empty). */
export async function addOutOfScopeTexts({ ctx, input }: { ctx: ServiceContext; input: OutOfScopeInput }): Promise<OutOfScopeWriteResult> {
  const texts = checkOutOfScopeTexts(input.texts);
  return requireFaqEditor({ ctx }).editOutOfScope(input.shopId, input.set, { add: texts, remove: [] });
}

/** Removes texts from the set's list; texts it does not hold are left out of `removed`. */
export async function removeOutOfScopeTexts({ ctx, input }: { ctx: ServiceContext; input: OutOfScopeInput }): Promise<OutOfScopeWriteResult> {
  const texts = checkOutOfScopeTexts(input.texts);
  return requireFaqEditor({ ctx }).editOutOfScope(input.shopId, input.set, { add: [], remove: texts });
}
