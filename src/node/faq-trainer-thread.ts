/**
 * A worker thread that trains one FAQ set's model (core/faq/train.ts) and posts it back in
 * its stored form (model-io.ts): seconds of CPU for thousands of examples, which must not
 * stop the request thread while a reloaded FAQ is being prepared.
 */
import { parentPort, workerData } from "node:worker_threads";
import { trainFaqModel } from "../core/faq/train.js";
import type { FaqSettings } from "../core/faq/matcher.js";
import { storeModel } from "../core/faq/model-io.js";
import type { FaqEntry } from "../core/faq/types.js";

const { entries, settings, key } = workerData as { entries: FaqEntry[]; settings: FaqSettings; key: string };
parentPort!.postMessage(storeModel(trainFaqModel(entries, settings), key));
