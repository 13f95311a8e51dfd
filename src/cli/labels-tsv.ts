/**
 * Labelled buyer-message files (`utterance, label, note`, tab-separated, with a header), the
 * input of `faq eval-live` and `faq calibrate --real`. The utterance is the text, or its
 * hashed form `sha256:<first 16 hex of sha256(text)>` for messages without a redistribution
 * licence: the text is then looked up in a texts file (JDDC's `session_id, customer_utterance`
 * TSV by default) at evaluation time, so the repository keeps only labels.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { parseNote, type LabelledMessage } from "../core/faq/live-eval.js";

export const DEFAULT_TEXTS = "../shared/data/buyer-messages/jddc-buyer-utterances.tsv";
const HASHED = /^sha256:([0-9a-f]{16})$/;

export function textHash(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex").slice(0, 16);
}

/** Every text of a TSV file (last column) by its hash. */
export async function readTextsByHash(path: string): Promise<Map<string, string>> {
  let raw: string;
  try {
    raw = await readFile(path, "utf8");
  } catch (e) {
    throw new Error(`${path}: cannot read the texts file for hashed labels (${(e as NodeJS.ErrnoException).code ?? String(e)}); pass --texts FILE`);
  }
  const out = new Map<string, string>();
  raw.split(/\r?\n/).forEach((line, i) => {
    if (i === 0 || line.length === 0) return;
    const text = line.slice(line.lastIndexOf("\t") + 1);
    out.set(textHash(text), text);
  });
  return out;
}

/**
 * Reads and checks a labels file: a bad line is refused with file:line, never skipped, so a
 * figure is never computed on fewer messages than the file claims. `entryIds` (when given)
 * are the labels allowed besides NONE and human-agent.
 */
export async function readLabels(path: string, opts: { textsPath?: string; entryIds?: ReadonlySet<string> } = {}): Promise<LabelledMessage[]> {
  let raw: string;
  try {
    raw = await readFile(path, "utf8");
  } catch (e) {
    throw new Error(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const lines = raw.split(/\r?\n/);
  const header = (lines[0] ?? "").split("\t");
  if (header[0] !== "utterance" || header[1] !== "label") throw new Error(`${path}:1: header must be "utterance<TAB>label<TAB>note" (got "${header.join(", ")}")`);
  let texts: Map<string, string> | undefined;
  const out: LabelledMessage[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length === 0) continue;
    const at = `${path}:${i + 1}`;
    const cols = line.split("\t");
    if (cols.length < 2 || cols.length > 3) throw new Error(`${at}: expected 2 or 3 tab-separated columns (utterance, label, note), got ${cols.length}`);
    const [utterance, label, note = ""] = cols as [string, string, string?];
    if (!utterance.trim()) throw new Error(`${at}: empty utterance`);
    if (!/^[A-Za-z0-9_.-]+$/.test(label)) throw new Error(`${at}: label must be an entry id, NONE or human-agent (got "${label}")`);
    if (opts.entryIds && label !== "NONE" && label !== "human-agent" && !opts.entryIds.has(label)) throw new Error(`${at}: unknown entry id "${label}" (not in the FAQ set)`);
    let text = utterance;
    const hashed = HASHED.exec(utterance);
    if (hashed) {
      texts ??= await readTextsByHash(opts.textsPath ?? DEFAULT_TEXTS);
      const found = texts.get(hashed[1]!);
      if (found === undefined) throw new Error(`${at}: no text with hash ${hashed[1]} in ${opts.textsPath ?? DEFAULT_TEXTS}`);
      text = found;
    }
    out.push({ at, text, label, ...parseNote(note) });
  }
  if (out.length === 0) throw new Error(`${path}: no labelled messages`);
  return out;
}
