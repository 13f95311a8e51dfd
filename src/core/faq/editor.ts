/**
 * What the admin API needs to read and write FAQ entries, as an interface: the Node runtime
 * implements it over the faq/ directory (src/node/faq-editor.ts); in Workers the FAQ is
 * bundled at build time and there is no editor (the routes answer 501).
 *
 * Tenancy: a shop's admin edits only that shop's override files (faq/shops/<shopId>/).
 * Saving a shared entry's id creates the shop's own copy; the shared files change through
 * the repository, reviewed like code.
 */
import type { FaqFileError } from "./parse.js";
import type { FaqEntry } from "./types.js";

export interface FaqEntryView extends FaqEntry {
  /** "shared": from faq/*.yaml; "shop": the shop's own (new or overriding a shared one) */
  origin: "shared" | "shop";
  /** a shop entry with the id of a shared one: removing it reverts the shop to the shared entry */
  overrides?: true;
}

export interface FaqSetView {
  shop: string;
  version: string;
  threshold: number;
  entries: FaqEntryView[];
  /** the live "do not answer" texts (settings.outOfScope): the shared set's and the shop's own */
  outOfScope: { shared: string[]; shop: string[] };
  /** problems in the files on disk (the live set is the last good one) */
  errors: FaqFileError[];
}

export interface FaqWriteResult {
  /** the version now live for the shop: it contains the write, unless `pending` */
  version: string;
  /** the file written, relative to the FAQ directory's parent */
  file: string;
  /** the write is on disk but the set containing it is still being built (retraining): `version` is the one live before it */
  pending?: true;
}

/** Which out-of-scope list a write changes: the shared set's (every shop) or the shop's own. */
export type OutOfScopeSet = "shared" | "shop";

export interface OutOfScopeWriteResult {
  set: OutOfScopeSet;
  /** the texts the write added, and those it removed (texts already listed, or not listed, are left as they were) */
  added: string[];
  removed: string[];
  /** the set's list as written */
  outOfScope: string[];
  /** as FaqWriteResult; without a change nothing is written and `version` is the live one */
  version: string;
  file: string;
  pending?: true;
}

export class FaqValidationError extends Error {
  constructor(readonly errors: FaqFileError[]) {
    super(errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join("\n"));
    this.name = "FaqValidationError";
  }
}

export interface FaqEditor {
  view(shopId: string): Promise<FaqSetView>;
  /** creates or replaces the shop's entry `entry.id`; throws FaqValidationError */
  put(shopId: string, entry: unknown): Promise<FaqWriteResult>;
  /** removes the shop's own entry (a shared one shows again); false when it had none */
  remove(shopId: string, id: string): Promise<FaqWriteResult | false>;
  /**
   * adds texts to / removes texts from the out-of-scope list of the shared set or the shop's
   * (the `_settings.yaml` of the set's directory); `version` is the shop's. Throws FaqValidationError
   */
  editOutOfScope(shopId: string, set: OutOfScopeSet, change: { add: readonly string[]; remove: readonly string[] }): Promise<OutOfScopeWriteResult>;
}

/** Runtimes whose FaqProvider can also edit expose it as `editor`. */
export interface FaqEditable {
  editor: FaqEditor;
}

export function editorOf(provider: unknown): FaqEditor | undefined {
  const e = (provider as Partial<FaqEditable> | null)?.editor;
  return e && typeof e.put === "function" ? e : undefined;
}
