/**
 * The admin API's FAQ editor over the faq/ directory. A shop's admin writes only
 * faq/shops/<shopId>/: an entry already there is edited in its file, a new one (or the
 * shop's copy of a shared one) goes to entries.yaml. Every write is validated by the same
 * parser as the files on disk, as the whole shop set would load, before anything is
 * written; then written atomically (temp file + rename) and the registry reloaded, so the
 * answer returns the version now live, which contains the write (or says `pending`).
 */
import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isMap, isScalar, isSeq, parseDocument, visit, type Document, type Node, type YAMLMap } from "yaml";
import { FaqValidationError, type FaqEditor, type FaqEntryView, type FaqSetView, type FaqWriteResult, type OutOfScopeSet, type OutOfScopeWriteResult } from "../core/faq/editor.js";
import type { FaqRankingMatcher } from "../core/faq/matcher.js";
import { parseFaqFiles, SETTINGS_FILE, type FaqFile, type FaqFileError } from "../core/faq/parse.js";
import { readFiles, SHOPS_DIR, yamlFiles } from "./faq-files.js";

export interface FaqFileEditorDeps {
  dir: string;
  /** resolves with a reload that started after the call (faq-registry.ts) */
  reload: () => Promise<{ ok: boolean; errors: FaqFileError[] }>;
  /** how long a save waits for the set that contains it before answering `pending` (default 5 s) */
  saveWaitMs?: number;
  matcherFor: (shopId: string) => FaqRankingMatcher;
  lastErrors: () => readonly FaqFileError[];
  /** ids of the shared set's entries: a shop entry with one of them overrides it (and "revert" removes the override) */
  sharedIds?: () => ReadonlySet<string>;
  /** the live shared set's out-of-scope texts (a shop's list is the shared one followed by its own) */
  sharedOutOfScope?: () => readonly string[];
}

const NEW_FILE = "entries.yaml";
const SHOP_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** Fields a client may send back from a GET that are not part of the file format. */
const VIEW_ONLY = new Set(["origin", "source"]);

function shopDir(dir: string, shopId: string): string {
  // Shop ids come from configuration, not from the request; still, never let one escape.
  if (!SHOP_ID.test(shopId) || shopId.includes("..")) throw new Error(`unsafe shop id "${shopId}"`);
  return join(dir, SHOPS_DIR, shopId);
}

function entryIndex(doc: Document, id: string): number {
  const list = isMap(doc.contents) ? doc.contents.get("entries") : undefined;
  if (!isSeq(list)) return -1;
  return list.items.findIndex((item) => isMap(item) && isScalar(item.get("id", true)) && String(item.get("id")) === id);
}

/**
 * A value as YAML nodes in block style (one field a line, lists as "- item"), as the shared
 * files are written by hand: the library would otherwise follow a flow-style parent (the old
 * `entries: []` seed wrote whole entries on one line).
 */
function blockNode(doc: Document, value: unknown): Node {
  const node = doc.createNode(value) as Node;
  visit(node, { Collection: (_, n) => void (n.flow = false) });
  return node;
}

/**
 * Sets one field of an entry in place: a scalar keeps its node (and the comment on its line),
 * anything else gets a new block-style node; the entry's other fields and comments stay.
 */
function setField(doc: Document, item: YAMLMap, key: string, value: unknown): void {
  const current = item.get(key, true);
  if (isScalar(current) && (typeof value === "string" || typeof value === "boolean")) current.value = value;
  else item.set(key, blockNode(doc, value));
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Date.now().toString(36)}`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

/**
 * Numbers where the format wants text. The file parser reads a YAML number as a string, so
 * through the YAML round trip `answer: 42` would go live as the answer "42"; every other type
 * error is the parser's, reported with the file and line.
 */
function numberWhereTextIsMeant(entry: Record<string, unknown>): string | undefined {
  for (const k of ["question", "answer"]) if (typeof entry[k] === "number") return `${k} must be a string, not the number ${entry[k]}`;
  for (const k of ["examples", "keywords"]) {
    const v = entry[k];
    if (Array.isArray(v) && v.some((x) => typeof x === "number")) return `each of ${k} must be a string, not a number`;
  }
  const answers = entry.answers;
  if (typeof answers === "object" && answers !== null && Object.values(answers).some((v) => typeof v === "number")) return "answers must map a platform to a string, not a number";
  return undefined;
}

export function createFaqFileEditor(deps: FaqFileEditorDeps): FaqEditor {
  /** The live entry's own fields (a shared entry the shop overrides for the first time). */
  function liveFields(shopId: string, id: string): Record<string, unknown> {
    const e = deps.matcherFor(shopId).entries.find((x) => x.id === id);
    if (!e) return {};
    return { question: e.question, examples: e.examples, answer: e.answer, ...(e.answers ? { answers: e.answers } : {}), ...(e.keywords ? { keywords: e.keywords } : {}) };
  }

  const base = join(deps.dir, "..");
  /** A file's path as the parser and the API name it: from the FAQ directory's own name, with "/". */
  const named = (...parts: string[]) => [deps.dir.split(/[\\/]/).pop(), ...parts].join("/");
  // One write at a time: two admins saving at once must not both read the old file.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  async function shopFiles(shopId: string): Promise<{ path: string; file: FaqFile }[]> {
    return filesOf(shopDir(deps.dir, shopId));
  }

  /** A set's files: a shop's directory, or the FAQ directory's own (the shared set; shops/ is not read). */
  async function filesOf(dir: string): Promise<{ path: string; file: FaqFile }[]> {
    const paths = await yamlFiles(dir);
    const files = await readFiles(paths, base);
    return paths.map((p, i) => ({ path: p, file: files[i]! }));
  }

  /** Validates the shop's files with one replaced, as the registry would load them. */
  function validate(files: FaqFile[]): void {
    const parsed = parseFaqFiles(files);
    if (parsed.errors.length > 0) throw new FaqValidationError(parsed.errors);
  }

  /**
   * Validates and writes into `dir` (the shop's directory, or the FAQ directory for the shared
   * set); the reload is awaited outside the one-write-at-a-time section (live()).
   */
  async function commit(dir: string, files: { path: string; file: FaqFile }[], target: { path: string; file: FaqFile }): Promise<string> {
    const others = files.filter((f) => f.path !== target.path).map((f) => f.file);
    validate([...others, target.file]);
    await mkdir(dir, { recursive: true });
    await writeAtomically(target.path, target.file.text);
    return target.file.path;
  }

  /**
   * Waits for the set that contains the write, up to saveWaitMs. Saves arriving together share
   * one reload (and one retraining); a retraining that takes longer answers `pending`, and the
   * set goes live in the background when it is built.
   */
  async function live(shopId: string, file: string): Promise<FaqWriteResult> {
    const reloaded = deps.reload().then(() => true);
    if ((deps.saveWaitMs ?? 5000) <= 0) return { version: deps.matcherFor(shopId).version, file, pending: true };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<false>((r) => (timer = setTimeout(() => r(false), deps.saveWaitMs ?? 5000)));
    const done = await Promise.race([reloaded, waited]);
    clearTimeout(timer);
    return { version: deps.matcherFor(shopId).version, file, ...(done ? {} : { pending: true as const }) };
  }

  return {
    async view(shopId: string): Promise<FaqSetView> {
      const m = deps.matcherFor(shopId);
      const mine = `/${SHOPS_DIR}/${shopId}/`;
      const shared = deps.sharedIds?.() ?? new Set<string>();
      const entries: FaqEntryView[] = m.entries.map((e) => {
        const origin = e.source?.file.includes(mine) ? "shop" : "shared";
        return { ...e, origin, ...(origin === "shop" && shared.has(e.id) ? { overrides: true } : {}) };
      });
      // Never show another shop's file names or problems.
      const errors = deps.lastErrors().filter((e) => !e.file.includes(`/${SHOPS_DIR}/`) || e.file.includes(mine));
      // the shop's list is the shared one followed by its own (mergeFaqSets)
      const all = m.settings.outOfScope ?? [];
      const sharedList = deps.sharedOutOfScope?.() ?? [];
      const own = all.slice(sharedList.length);
      return { shop: shopId, version: m.version, threshold: m.threshold, entries, outOfScope: { shared: [...sharedList], shop: own }, errors };
    },

    put(shopId: string, body: unknown): Promise<FaqWriteResult> {
      return serial(async () => {
        if (typeof body !== "object" || body === null || Array.isArray(body)) {
          throw new FaqValidationError([{ file: "(request)", line: 1, message: "an entry must be a JSON object" }]);
        }
        const sent = Object.fromEntries(Object.entries(body as Record<string, unknown>).filter(([k]) => !VIEW_ONLY.has(k)));
        const id = sent.id;
        if (typeof id !== "string") throw new FaqValidationError([{ file: "(request)", line: 1, message: "id is required" }]);
        const wrong = numberWhereTextIsMeant(sent);
        if (wrong) throw new FaqValidationError([{ file: "(request)", line: 1, message: wrong }]);
        const files = await shopFiles(shopId);
        let target = files.find((f) => entryIndex(parseDocument(f.file.text), id) >= 0);
        if (!target) {
          const path = join(shopDir(deps.dir, shopId), NEW_FILE);
          target = files.find((f) => f.path === path) ?? {
            path,
            file: { path: named(SHOPS_DIR, shopId, NEW_FILE), text: "# Entries saved through the admin API (the dashboard's FAQ editor).\nentries:\n" },
          };
        }
        // Edit through the YAML document: comments and the other entries stay as written.
        const doc = parseDocument(target.file.text);
        if (doc.errors.length > 0) throw new FaqValidationError(parseFaqFiles([target.file]).errors);
        if (!isMap(doc.contents)) doc.contents = doc.createNode({ entries: [] }) as unknown as typeof doc.contents;
        let list = (doc.contents as unknown as { get(k: string): unknown }).get("entries");
        if (!isSeq(list)) {
          doc.set("entries", doc.createNode([]));
          list = (doc.contents as unknown as { get(k: string): unknown }).get("entries");
        }
        const seq = list as { flow?: boolean; items: unknown[] };
        // a list seeded as `entries: []` (older saves) is written out as a block list from now on
        seq.flow = false;
        const at = entryIndex(doc, id);
        const { id: _id, ...fields } = sent;
        if (at >= 0) {
          // fields not sent keep their values: `PUT {"enabled": false}` hides a shared entry as documented
          const item = seq.items[at] as YAMLMap;
          item.flow = false;
          for (const [k, v] of Object.entries(fields)) setField(doc, item, k, v);
        } else {
          // a new entry (or the shop's first copy of a shared one): id first, like the files
          seq.items.push(blockNode(doc, { id, ...liveFields(shopId, id), ...fields }));
        }
        const updated = { path: target.path, file: { path: target.file.path, text: doc.toString({ lineWidth: 0 }) } };
        return commit(shopDir(deps.dir, shopId), files, updated);
      }).then((file) => live(shopId, file));
    },

    remove(shopId: string, id: string): Promise<FaqWriteResult | false> {
      return serial(async (): Promise<string | false> => {
        const files = await shopFiles(shopId);
        for (const f of files) {
          const doc = parseDocument(f.file.text);
          const at = entryIndex(doc, id);
          if (at < 0) continue;
          const list = (doc.contents as unknown as { get(k: string): { items: unknown[] } }).get("entries");
          list.items.splice(at, 1);
          return commit(shopDir(deps.dir, shopId), files, { path: f.path, file: { path: f.file.path, text: doc.toString({ lineWidth: 0 }) } });
        }
        return false;
      }).then((file): Promise<FaqWriteResult | false> | false => (file === false ? false : live(shopId, file)));
    },

    editOutOfScope(shopId: string, set: OutOfScopeSet, change: { add: readonly string[]; remove: readonly string[] }): Promise<OutOfScopeWriteResult> {
      const dir = set === "shared" ? deps.dir : shopDir(deps.dir, shopId);
      return serial(async () => {
        const files = await filesOf(dir);
        const path = join(dir, SETTINGS_FILE);
        const rel = set === "shared" ? named(SETTINGS_FILE) : named(SHOPS_DIR, shopId, SETTINGS_FILE);
        const target = files.find((f) => f.path === path) ?? { path, file: { path: rel, text: "# Settings of this FAQ set (docs/faq.md); outOfScope is also edited from the dashboard (不回答的问题).\n" } };
        // a file that is not a settings map, or whose list is not texts, is the parser's to report, with its line
        const refused = () => new FaqValidationError(parseFaqFiles([target.file]).errors);
        const doc = parseDocument(target.file.text);
        if (doc.errors.length > 0) throw refused();
        if (doc.contents === null || doc.contents === undefined) doc.contents = doc.createNode({}) as unknown as typeof doc.contents;
        if (!isMap(doc.contents)) throw refused();
        let list = doc.get("outOfScope", true);
        if (list === undefined || list === null || (isScalar(list) && list.value === null)) {
          doc.set("outOfScope", blockNode(doc, []));
          list = doc.get("outOfScope", true);
        }
        if (!isSeq(list) || !list.items.every((x) => isScalar(x) && typeof x.value === "string")) throw refused();
        const seq = list;
        seq.flow = false;
        const texts = () => seq.items.map((x) => String((x as { value: unknown }).value));
        const removed = change.remove.filter((t) => texts().includes(t));
        seq.items = seq.items.filter((x) => !removed.includes(String((x as { value: unknown }).value)));
        const added: string[] = [];
        for (const t of change.add) {
          if (texts().includes(t)) continue;
          seq.items.push(doc.createNode(t) as never);
          added.push(t);
        }
        const outOfScope = texts();
        if (added.length === 0 && removed.length === 0) return { set, added, removed, outOfScope, file: target.file.path, changed: false };
        // the library's default width: the shared settings file was written to it (its long
        // synonym groups one word a line), so the rest of the file comes back byte for byte
        const file = await commit(dir, files, { path: target.path, file: { path: target.file.path, text: doc.toString() } });
        return { set, added, removed, outOfScope, file, changed: true };
      }).then(async ({ changed, ...r }): Promise<OutOfScopeWriteResult> => {
        if (!changed) return { ...r, version: deps.matcherFor(shopId).version };
        return { ...r, ...(await live(shopId, r.file)) };
      });
    },
  };
}
