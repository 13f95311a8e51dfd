/**
 * Trains FAQ models off the request thread: a set large enough for the learned model
 * (usesLearnedModel) is trained in a worker thread, so a reload keeps answering with the last good
 * sets until the new ones are ready. Smaller sets (BM25 alone) need no training.
 */
import { usesLearnedModel } from "../core/faq/train.js";
import type { FaqModels, FaqSet } from "../core/faq/layout.js";
import type { FaqSettings } from "../core/faq/matcher.js";
import { loadModel, type StoredModel } from "../core/faq/model-io.js";
import type { FaqModel } from "../core/faq/model.js";
import type { FaqEntry } from "../core/faq/types.js";
import { siblingModule, startModuleWorker } from "./ts-worker.js";

export function trainInWorker(entries: readonly FaqEntry[], settings: FaqSettings, key: string): Promise<FaqModel> {
  const worker = startModuleWorker(siblingModule("faq-trainer-thread", import.meta.url), { entries, settings, key });
  return new Promise((resolve, reject) => {
    worker.once("message", (stored: StoredModel) => {
      const model = loadModel(stored);
      if (typeof model === "string") reject(new Error(model));
      else resolve(model);
    });
    worker.once("error", (err) => reject(err instanceof Error ? err : new Error(String((err as { message?: string }).message ?? err))));
    worker.once("exit", (code) => reject(new Error(`FAQ training worker exited with code ${code}`)));
  });
}

/**
 * Puts a model for every set that needs one and has none in `models` (one worker at a time:
 * the machine has other work). Afterwards building the sets trains nothing on this thread.
 */
export async function trainMissingModels(sets: readonly FaqSet[], models: FaqModels): Promise<void> {
  for (const { shopId, entries, settings, key } of sets) {
    // a shop's set runs the shared set's model (layout.ts FaqSet)
    if (shopId !== undefined || !usesLearnedModel(entries)) continue;
    if (!models.get(key)) models.set(key, await trainInWorker(entries, settings, key));
  }
}
