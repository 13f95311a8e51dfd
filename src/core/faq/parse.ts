/**
 * FAQ files → entries + settings + errors with file:line. Pure (text in, data out) so the
 * Node registry, the CLI, the admin API and the Workers build all validate the same way.
 *
 * A topic file:
 *   entries:
 *     - id: shipping-time
 *       question: 什么时候发货？
 *       examples: [今天能发吗, 几天发货]
 *       answer: 付款后48小时内发货。
 *       answers: { douyin: … }      # optional, per platform
 *       keywords: [发货]             # optional
 *       enabled: true                # optional, default true
 * `_settings.yaml` holds the set's settings (threshold, synonyms, fillers, scoring).
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import { platformIds, type Platform } from "../events.js";
import { DEFAULT_SCORING, type FaqSettings, type ScoringParams } from "./matcher.js";
import type { FaqEntry } from "./types.js";

export interface FaqFile {
  path: string;
  text: string;
}

export interface FaqFileError {
  file: string;
  line: number;
  message: string;
}

export interface ParsedFaqSet {
  entries: FaqEntry[];
  settings: FaqSettings;
  errors: FaqFileError[];
}

export const SETTINGS_FILE = "_settings.yaml";
export const ID_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

const ENTRY_KEYS = new Set(["id", "question", "examples", "answer", "answers", "keywords", "enabled"]);
const SETTINGS_KEYS = new Set(["threshold", "synonyms", "fillers", "outOfScope", "scoring", "calibration"]);

export function formatFaqError(e: FaqFileError): string {
  return `${e.file}:${e.line}: ${e.message}`;
}

export function isSettingsFile(path: string): boolean {
  return path === SETTINGS_FILE || path.endsWith(`/${SETTINGS_FILE}`);
}

class Ctx {
  readonly errors: FaqFileError[] = [];
  constructor(
    readonly file: string,
    private readonly lc: LineCounter,
  ) {}
  lineOf(node: YamlNode | null | undefined): number {
    const off = node?.range?.[0];
    return off === undefined ? 1 : this.lc.linePos(off).line;
  }
  error(node: YamlNode | null | undefined, message: string, line?: number): void {
    this.errors.push({ file: this.file, line: line ?? this.lineOf(node), message });
  }
}

function str(ctx: Ctx, node: unknown, what: string, fallbackLine: number): string | undefined {
  if (isScalar(node) && (typeof node.value === "string" || typeof node.value === "number")) return String(node.value);
  ctx.error(node as YamlNode, `${what} must be a string`, isScalar(node) ? undefined : fallbackLine);
  return undefined;
}

function strList(ctx: Ctx, node: unknown, what: string, fallbackLine: number, lines?: number[]): string[] | undefined {
  if (!isSeq(node)) {
    ctx.error(node as YamlNode, `${what} must be a list of strings`, fallbackLine);
    return undefined;
  }
  const out: string[] = [];
  for (const item of node.items) {
    const s = str(ctx, item, `each of ${what}`, ctx.lineOf(node));
    if (s === undefined) continue;
    if (s.trim() === "") ctx.error(item as YamlNode, `${what} has an empty item`);
    else {
      out.push(s.trim());
      lines?.push(ctx.lineOf(item as YamlNode));
    }
  }
  return out;
}

function parseEntry(ctx: Ctx, node: unknown, fallbackLine: number): FaqEntry | undefined {
  if (!isMap(node)) {
    ctx.error(node as YamlNode, "an entry must be a mapping (id, question, examples, answer …)", fallbackLine);
    return undefined;
  }
  const line = ctx.lineOf(node);
  const fields = new Map<string, { key: YamlNode; value: unknown }>();
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    if (!ENTRY_KEYS.has(key)) {
      ctx.error(pair.key as YamlNode, `unknown field "${key}" (allowed: ${[...ENTRY_KEYS].join(", ")})`);
      continue;
    }
    fields.set(key, { key: pair.key as YamlNode, value: pair.value });
  }
  const before = ctx.errors.length;
  const lineOfField = (k: string) => ctx.lineOf(fields.get(k)?.key);

  const idF = fields.get("id");
  let id: string | undefined;
  if (!idF) ctx.error(node, "id is required", line);
  else {
    id = str(ctx, idF.value, "id", lineOfField("id"));
    if (id !== undefined && !ID_PATTERN.test(id)) {
      ctx.error(idF.value as YamlNode, `id "${id}" must be lower-case letters, digits, "-", "_" or "." (at most 64)`);
    }
  }
  const qF = fields.get("question");
  let question: string | undefined;
  if (!qF) ctx.error(node, `${id ?? "entry"}: question is required`, line);
  else {
    question = str(ctx, qF.value, "question", lineOfField("question"))?.trim();
    if (question === "") ctx.error(qF.value as YamlNode, "question is empty", lineOfField("question"));
  }
  const exampleLines: number[] = [];
  const examples = fields.has("examples") ? strList(ctx, fields.get("examples")!.value, "examples", lineOfField("examples"), exampleLines) : [];
  const aF = fields.get("answer");
  let answer: string | undefined;
  if (!aF) ctx.error(node, `${id ?? "entry"}: answer is required`, line);
  else {
    answer = str(ctx, aF.value, "answer", lineOfField("answer"))?.trim();
    if (answer === "") ctx.error(aF.value as YamlNode, `${id ?? "entry"}: answer is empty`, lineOfField("answer"));
  }
  let answers: Partial<Record<Platform, string>> | undefined;
  const asF = fields.get("answers");
  if (asF) {
    if (!isMap(asF.value)) ctx.error(asF.value as YamlNode, "answers must map a platform to its answer", lineOfField("answers"));
    else {
      answers = {};
      for (const pair of asF.value.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : "";
        if (!(platformIds() as readonly string[]).includes(k)) {
          ctx.error(pair.key as YamlNode, `answers: unknown platform "${k}" (one of ${platformIds().join(", ")})`);
          continue;
        }
        const v = str(ctx, pair.value, `answers.${k}`, ctx.lineOf(pair.key as YamlNode))?.trim();
        if (v === "") ctx.error(pair.value as YamlNode, `answers.${k} is empty`, ctx.lineOf(pair.key as YamlNode));
        else if (v !== undefined) answers[k as Platform] = v;
      }
    }
  }
  const keywords = fields.has("keywords") ? strList(ctx, fields.get("keywords")!.value, "keywords", lineOfField("keywords")) : undefined;
  let enabled = true;
  const eF = fields.get("enabled");
  if (eF) {
    if (isScalar(eF.value) && typeof eF.value.value === "boolean") enabled = eF.value.value;
    else ctx.error(eF.value as YamlNode, "enabled must be true or false", lineOfField("enabled"));
  }
  if (ctx.errors.length > before || id === undefined || question === undefined || answer === undefined || examples === undefined) return undefined;
  const entry: FaqEntry = { id, question, examples, answer, enabled, source: { file: ctx.file, line, exampleLines } };
  if (answers && Object.keys(answers).length > 0) entry.answers = answers;
  if (keywords && keywords.length > 0) entry.keywords = keywords;
  return entry;
}

function parseSettings(ctx: Ctx, node: unknown): FaqSettings {
  const settings: FaqSettings = {};
  if (node === null || node === undefined) return settings;
  if (!isMap(node)) {
    ctx.error(node as YamlNode, "settings must be a mapping (threshold, synonyms, fillers, scoring)", 1);
    return settings;
  }
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    const v = pair.value as YamlNode | null;
    const kl = ctx.lineOf(pair.key as YamlNode);
    if (!SETTINGS_KEYS.has(key)) {
      ctx.error(pair.key as YamlNode, `unknown setting "${key}" (allowed: ${[...SETTINGS_KEYS].join(", ")})`);
    } else if (key === "threshold") {
      if (isScalar(v) && typeof v.value === "number" && v.value >= 0 && v.value <= 1) settings.threshold = v.value;
      else ctx.error(v, "threshold must be a number between 0 and 1", kl);
    } else if (key === "synonyms") {
      if (!isSeq(v)) ctx.error(v, "synonyms must be a list of lists: - [包邮, 免运费]", kl);
      else {
        settings.synonyms = [];
        for (const g of v.items) {
          const group = strList(ctx, g, "a synonym group", ctx.lineOf(g as YamlNode));
          if (group && group.length < 2) ctx.error(g as YamlNode, "a synonym group needs at least two words");
          else if (group) settings.synonyms.push(group);
        }
      }
    } else if (key === "fillers") {
      const list = strList(ctx, v, "fillers", kl);
      if (list) settings.fillers = list;
    } else if (key === "outOfScope") {
      const list = strList(ctx, v, "outOfScope", kl);
      if (list) settings.outOfScope = list;
    } else if (key === "scoring") {
      if (!isMap(v)) ctx.error(v, "scoring must be a mapping of numbers", kl);
      else {
        const scoring: Partial<ScoringParams> = {};
        for (const sp of v.items) {
          const sk = isScalar(sp.key) ? String(sp.key.value) : "";
          if (!(sk in DEFAULT_SCORING)) ctx.error(sp.key as YamlNode, `unknown scoring parameter "${sk}"`);
          else if (isScalar(sp.value) && typeof sp.value.value === "number") scoring[sk as keyof ScoringParams] = sp.value.value;
          else ctx.error(sp.value as YamlNode, `scoring.${sk} must be a number`, ctx.lineOf(sp.key as YamlNode));
        }
        settings.scoring = scoring;
      }
    }
    // "calibration" is the report written next to the threshold: kept for people, not read.
  }
  return settings;
}

function parseOne(file: FaqFile): { entries: FaqEntry[]; settings?: FaqSettings; errors: FaqFileError[] } {
  const lc = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const ctx = new Ctx(file.path, lc);
  if (doc.errors.length > 0) {
    for (const e of doc.errors) ctx.error(null, e.message.split("\n")[0]!, e.linePos?.[0]?.line ?? lc.linePos(e.pos[0]).line);
    return { entries: [], errors: ctx.errors };
  }
  if (isSettingsFile(file.path)) return { entries: [], settings: parseSettings(ctx, doc.contents), errors: ctx.errors };

  const root = doc.contents;
  if (root === null) return { entries: [], errors: [] };
  let list: unknown;
  if (isMap(root)) {
    for (const pair of root.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "";
      if (key === "entries") list = pair.value;
      else if (key !== "topic") ctx.error(pair.key as YamlNode, `unknown top-level field "${key}" (a topic file has "topic" and "entries")`);
    }
    if (list === undefined) ctx.error(root, 'a topic file needs "entries:", a list of entries', 1);
  } else if (isSeq(root)) list = root;
  else ctx.error(root, 'a topic file is a mapping with "entries:"', 1);

  const entries: FaqEntry[] = [];
  if (list !== undefined && list !== null) {
    if (!isSeq(list)) ctx.error(list as YamlNode, "entries must be a list");
    else
      for (const item of list.items) {
        const e = parseEntry(ctx, item, ctx.lineOf(list));
        if (e) entries.push(e);
      }
  }
  return { entries, errors: ctx.errors };
}

/**
 * Parses a set of files (one FAQ set: the shared files, or one shop's). Entries from files
 * with errors are still returned when they are valid themselves (the CLI reports all
 * problems at once); callers that must not go live with a broken set check `errors`.
 */
export function parseFaqFiles(files: readonly FaqFile[]): ParsedFaqSet {
  const entries: FaqEntry[] = [];
  const errors: FaqFileError[] = [];
  let settings: FaqSettings = {};
  const seen = new Map<string, FaqEntry>();
  for (const f of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const r = parseOne(f);
    errors.push(...r.errors);
    if (r.settings) settings = { ...settings, ...r.settings };
    for (const e of r.entries) {
      const prev = seen.get(e.id);
      if (prev) {
        errors.push({
          file: e.source!.file,
          line: e.source!.line,
          message: `duplicate id "${e.id}" (first defined at ${prev.source!.file}:${prev.source!.line})`,
        });
        continue;
      }
      seen.set(e.id, e);
      entries.push(e);
    }
  }
  errors.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { entries, settings, errors };
}

/**
 * A shop's set: the shared entries with the shop's entries replacing those with the same
 * id (an override with `enabled: false` removes a shared entry for that shop) and adding
 * the others. Shop settings override shared ones key by key; synonym groups add up.
 */
export function mergeFaqSets(shared: ParsedFaqSet, shop: ParsedFaqSet): ParsedFaqSet {
  const byId = new Map(shop.entries.map((e) => [e.id, e]));
  const entries = shared.entries.map((e) => byId.get(e.id) ?? e);
  const sharedIds = new Set(shared.entries.map((e) => e.id));
  for (const e of shop.entries) if (!sharedIds.has(e.id)) entries.push(e);
  const settings: FaqSettings = { ...shared.settings, ...shop.settings };
  if (shared.settings.synonyms || shop.settings.synonyms) {
    settings.synonyms = [...(shared.settings.synonyms ?? []), ...(shop.settings.synonyms ?? [])];
  }
  if (shared.settings.outOfScope || shop.settings.outOfScope) {
    settings.outOfScope = [...(shared.settings.outOfScope ?? []), ...(shop.settings.outOfScope ?? [])];
  }
  return { entries, settings, errors: [...shared.errors, ...shop.errors] };
}
