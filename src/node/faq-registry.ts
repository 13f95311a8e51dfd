/**
 * The Node runtime's FAQ: reads the faq/ directory, builds one matcher per shop, watches
 * the files and rebuilds on change. A broken edit never takes answering down: the last
 * good sets stay live and the errors are kept in `lastErrors` (for the admin API) and logged
 * as file:line.
 *
 * Layout (docs/faq.md):
 *   faq/_settings.yaml            threshold, synonyms, fillers of the shared set
 *   faq/<topic>.yaml              shared entries, one file per topic
 *   faq/shops/<shopId>/*.yaml     a shop's overrides: same id replaces, new id adds,
 *                                 `enabled: false` hides a shared entry; its own _settings.yaml
 *
 * The files of the last load without errors are kept as a snapshot beside the database
 * (`snapshotPath`): a restart that finds the files broken serves that snapshot and says so
 * (log and lastErrors) instead of whatever entries still parse.
 */
import { watch, type FSWatcher } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { FaqEditable, FaqEditor } from "../core/faq/editor.js";
import { buildFaqMatcher, type FaqRankingMatcher } from "../core/faq/matcher.js";
import { buildShopMatchers, faqSetsOf } from "../core/faq/layout.js";
import type { FaqModel } from "../core/faq/model.js";
import { formatFaqError, type FaqFileError } from "../core/faq/parse.js";
import { createFaqFileEditor } from "./faq-editor.js";
import { trainMissingModels } from "./faq-training.js";
import type { FaqFile } from "../core/faq/parse.js";
import { faqRoot, loadFaqDir, parseFaqDirFiles, readFaqDirFiles, SHOPS_DIR, type FaqDirContents } from "./faq-files.js";

export { loadFaqDir, SHOPS_DIR, type FaqDirContents };

export interface FaqRegistryOptions {
  dir: string;
  /** rebuild on file changes (default true) */
  watch?: boolean;
  debounceMs?: number;
  log?: (line: string) => void;
  /** every set's auto-answer threshold replaced by this one (the what-if replay's --threshold) */
  threshold?: number;
  /** how long an admin save waits for the set containing it before answering 202 (default 5 s) */
  saveWaitMs?: number;
  /** where the last good files are kept (a JSON file beside the database); none: not kept */
  snapshotPath?: string;
}

/** The snapshot file: the FAQ files of the last load without errors. */
interface FaqSnapshot {
  savedAt: string;
  files: FaqFile[];
}

export interface FaqReloadResult {
  ok: boolean;
  errors: FaqFileError[];
  /** the shared set's version now live */
  version: string;
}

export class FaqRegistry implements FaqEditable {
  /** reads and writes entries for the admin API (files in faq/shops/<shopId>/) */
  readonly editor: FaqEditor;
  private shared: FaqRankingMatcher;
  private shops = new Map<string, FaqRankingMatcher>();
  private errors: FaqFileError[] = [];
  private readonly watchers = new Map<string, FSWatcher>();
  private watching = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private reloading: Promise<FaqReloadResult> | undefined;
  private queued: Promise<FaqReloadResult> | undefined;
  private readonly listeners = new Set<(r: FaqReloadResult) => void>();
  private readonly log: (line: string) => void;
  private loadedOnce = false;
  /** trained models of the live sets by modelKey: a reload retrains only the sets that changed */
  private models = new Map<string, FaqModel>();

  private constructor(readonly options: FaqRegistryOptions) {
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.shared = buildFaqMatcher([], {});
    this.editor = createFaqFileEditor({
      dir: options.dir,
      reload: () => this.reload(),
      saveWaitMs: options.saveWaitMs,
      matcherFor: (shop) => this.forShop(shop),
      lastErrors: () => this.errors,
      sharedIds: () => new Set(this.shared.entries.map((e) => e.id)),
      sharedOutOfScope: () => this.shared.settings.outOfScope ?? [],
    });
  }

  static async open(options: FaqRegistryOptions): Promise<FaqRegistry> {
    const reg = new FaqRegistry(options);
    await reg.reload();
    if (options.watch ?? true) reg.startWatching();
    return reg;
  }

  /** The matcher for a shop: the shared set with the shop's overrides, if it has any. */
  forShop(shopId: string): FaqRankingMatcher {
    return this.shops.get(shopId) ?? this.shared;
  }

  /** The shared set's matcher. */
  get sharedMatcher(): FaqRankingMatcher {
    return this.shared;
  }

  /** Errors of the latest load attempt; empty when the files on disk are live. */
  get lastErrors(): readonly FaqFileError[] {
    return this.errors;
  }

  get shopIds(): string[] {
    return [...this.shops.keys()];
  }

  onReload(listener: (r: FaqReloadResult) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Re-reads the directory; resolves with a run that started after this call, so a caller
   * who just wrote a file gets the version that contains it. Calls made while a run is under
   * way (it may have read the files before their change) all share the one run after it:
   * fifty saves at once retrain twice, not fifty times.
   */
  reload(): Promise<FaqReloadResult> {
    if (!this.reloading) return this.startReload();
    this.queued ??= this.reloading.then(
      () => this.startReload(),
      () => this.startReload(),
    );
    return this.queued;
  }

  /** Whether a reload is running or queued: a save's version may not be live yet. */
  get reloadPending(): boolean {
    return this.reloading !== undefined;
  }

  private startReload(): Promise<FaqReloadResult> {
    this.queued = undefined;
    const run = this.doReload().finally(() => {
      if (this.reloading === run) this.reloading = undefined;
    });
    this.reloading = run;
    return run;
  }

  private async doReload(): Promise<FaqReloadResult> {
    let contents: FaqDirContents;
    let files: FaqFile[];
    try {
      files = await readFaqDirFiles(this.options.dir);
      contents = parseFaqDirFiles(faqRoot(this.options.dir), files);
    } catch (err) {
      const e = { file: this.options.dir, line: 1, message: `cannot read: ${err instanceof Error ? err.message : String(err)}` };
      return this.finish({ ok: false, errors: [e], version: this.shared.version });
    }
    if (contents.errors.length > 0 && this.loadedOnce) {
      // Keep the last good sets live: a half-typed edit must not change what buyers get.
      for (const e of contents.errors) this.log(`faq: ${formatFaqError(e)} (previous FAQ version ${this.shared.version} stays live)`);
      return this.finish({ ok: false, errors: contents.errors, version: this.shared.version });
    }
    const fileErrors = contents.errors;
    if (fileErrors.length > 0) {
      // First load with errors: serve the last good files if a snapshot has them, else the entries that are valid.
      for (const e of fileErrors) this.log(`faq: ${formatFaqError(e)}`);
      const snapshot = await this.readSnapshot();
      if (snapshot) {
        const note = { file: this.options.snapshotPath!, line: 1, message: `the FAQ files have errors: serving the last good FAQ, saved ${snapshot.savedAt}, until they are fixed` };
        this.log(`faq: ${formatFaqError(note)}`);
        contents = { ...parseFaqDirFiles(faqRoot(this.options.dir), snapshot.files), errors: [note, ...fileErrors] };
      }
    }
    // Each set runs with the model trained on its own examples, the model its threshold was
    // calibrated with (faq calibrate). Training takes seconds for thousands of examples, so it
    // runs in a worker thread while the last good sets keep answering; unchanged sets reuse
    // their model.
    const threshold = this.options.threshold;
    const sets = faqSetsOf(contents).map((s) => (threshold === undefined ? s : { ...s, settings: { ...s.settings, threshold } }));
    const next = new Map<string, FaqModel>();
    const models = { get: (k: string) => next.get(k) ?? this.models.get(k), set: (k: string, m: FaqModel) => next.set(k, m) };
    try {
      await trainMissingModels(sets, models);
    } catch (err) {
      const e = { file: this.options.dir, line: 1, message: `training the FAQ model failed: ${err instanceof Error ? err.message : String(err)}` };
      this.log(`faq: ${formatFaqError(e)}${this.loadedOnce ? ` (previous FAQ version ${this.shared.version} stays live)` : ""}`);
      if (this.loadedOnce) return this.finish({ ok: false, errors: [e], version: this.shared.version });
    }
    const { shared, shops } = buildShopMatchers(sets, models);
    this.models = next;
    this.shared = shared;
    this.shops = shops;
    this.loadedOnce = true;
    if (contents.errors.length === 0) {
      this.log(`faq: loaded ${shared.entries.length} entries, version ${shared.version}, ${shops.size} shop override set(s)`);
      await this.writeSnapshot(files);
    }
    return this.finish({ ok: contents.errors.length === 0, errors: contents.errors, version: shared.version });
  }

  private async readSnapshot(): Promise<FaqSnapshot | undefined> {
    const path = this.options.snapshotPath;
    if (!path) return undefined;
    try {
      const snap = JSON.parse(await readFile(path, "utf8")) as FaqSnapshot;
      return Array.isArray(snap.files) ? snap : undefined;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") this.log(`faq: cannot read the snapshot ${path}: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  /** Atomically (temp file + rename): a crash mid-write leaves the previous snapshot. */
  private async writeSnapshot(files: FaqFile[]): Promise<void> {
    const path = this.options.snapshotPath;
    if (!path) return;
    const snapshot: FaqSnapshot = { savedAt: new Date().toISOString(), files };
    try {
      await writeFile(`${path}.tmp`, JSON.stringify(snapshot));
      await rename(`${path}.tmp`, path);
    } catch (err) {
      this.log(`faq: cannot write the snapshot ${path}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private finish(r: FaqReloadResult): FaqReloadResult {
    this.errors = r.errors;
    for (const l of this.listeners) l(r);
    return r;
  }

  private startWatching(): void {
    this.watching = true;
    this.refreshWatchers();
  }

  /**
   * One non-recursive watcher per directory (faq/, faq/shops/, each shop's): directory
   * watches report changes to the files inside even after an editor or the admin API
   * replaced a file by rename, which per-file watches (what Node's recursive mode uses on
   * Linux) lose. Re-run after each reload so a new shop directory is picked up.
   */
  private refreshWatchers(): void {
    if (!this.watching) return;
    const dirs = [this.options.dir, join(this.options.dir, SHOPS_DIR), ...this.shopIds.map((id) => join(this.options.dir, SHOPS_DIR, id))];
    for (const [d, w] of this.watchers) {
      if (!dirs.includes(d)) {
        w.close();
        this.watchers.delete(d);
      }
    }
    for (const d of dirs) {
      if (this.watchers.has(d)) continue;
      try {
        const w = watch(d, () => this.scheduleReload());
        w.on("error", (err) => this.log(`faq: watcher error on ${d}: ${err.message}`));
        this.watchers.set(d, w);
      } catch (err) {
        // faq/shops may not exist: nothing to watch there until it does (a change in faq/
        // creating it triggers a reload, which retries).
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") this.log(`faq: cannot watch ${d}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  private scheduleReload(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reload().then(() => this.refreshWatchers());
    }, this.options.debounceMs ?? 200);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.watching = false;
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }
}

export function openFaqRegistry(options: FaqRegistryOptions): Promise<FaqRegistry> {
  return FaqRegistry.open(options);
}
