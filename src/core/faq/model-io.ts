/**
 * A trained FAQ model (model.ts FaqModel: LSA term vectors, the scorer, the
 * n-gram × entry weights) as plain JSON, for the Workers bundle: the build trains it once
 * (scripts/bundle-faq.ts) and the Worker loads it instead of training at start-up.
 *
 * `modelKey` names what a model was trained on (the set's entries and the settings that
 * change matching, not the threshold): a stored model is used only for the set it was
 * trained on. Pure; base64 through atob/btoa, present in Node ≥ 16 and in Workers.
 */
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { sha256 } from "@noble/hashes/sha2.js";
import type { LsaModel } from "./lsa.js";
import type { FaqSettings } from "./matcher.js";
import { FEATURE_COUNT } from "./features.js";
import { DEFAULT_MODEL_PARAMS, type FaqModel, type ModelParams } from "./model.js";
import type { Scorer } from "./scorer.js";
import type { FaqEntry } from "./types.js";

/** Bumped whenever training or features change: a stored model of another version is retrained. */
export const MODEL_VERSION = "ranker-2";

export interface StoredModel {
  format: typeof MODEL_VERSION;
  /** modelKey of the set it was trained on */
  key: string;
  params: ModelParams;
  classes: string[];
  /** log2 size of the weight table and its non-zero slots (base64 Int32 / Float32) */
  bits: number;
  slots: string;
  values: string;
  lsa?: { dims: number; terms: string[]; idf: string; vecs: string };
  ranker?: { hidden: number; mean: number[]; sd: number[]; nets: { w: number[]; h: number[] }[] };
}

/** What a model depends on: the live entries' texts and the settings that change matching. */
export function modelKey(entries: readonly FaqEntry[], settings: FaqSettings): string {
  const { threshold: _threshold, ...rest } = settings;
  const canonical = JSON.stringify([MODEL_VERSION, entries.filter((e) => e.enabled).map((e) => [e.id, e.question, e.examples, e.answer, e.keywords ?? null]), rest]);
  return bytesToHex(sha256(utf8ToBytes(canonical))).slice(0, 16);
}

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

const f32 = (a: Float32Array) => toBase64(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
const i32 = (a: Int32Array) => toBase64(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
const readF32 = (b64: string) => {
  const b = fromBase64(b64);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
};
const readI32 = (b64: string) => {
  const b = fromBase64(b64);
  return new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4);
};

export function storeModel(model: FaqModel, key: string): StoredModel {
  const slots: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < model.weights.length; i++) {
    if (model.weights[i] !== 0) {
      slots.push(i);
      values.push(model.weights[i]!);
    }
  }
  const out: StoredModel = {
    format: MODEL_VERSION,
    key,
    params: model.params,
    classes: model.classes,
    bits: Math.log2(model.weights.length),
    slots: i32(Int32Array.from(slots)),
    values: f32(Float32Array.from(values)),
  };
  if (model.lsa) {
    const terms: string[] = new Array(model.lsa.terms.size);
    for (const [t, i] of model.lsa.terms) terms[i] = t;
    out.lsa = { dims: model.lsa.dims, terms, idf: f32(model.lsa.idf), vecs: f32(model.lsa.vecs) };
  }
  if (model.ranker) {
    const r = model.ranker;
    out.ranker = { hidden: r.hidden, mean: Array.from(r.mean), sd: Array.from(r.sd), nets: r.nets.map((n) => ({ w: Array.from(n.w), h: Array.from(n.h) })) };
  }
  return out;
}

/** The model back, or an error message saying why it cannot be used. */
export function loadModel(stored: StoredModel): FaqModel | string {
  if (stored?.format !== MODEL_VERSION) return `model format ${String(stored?.format)} is not ${MODEL_VERSION}`;
  if (!(stored.bits >= 0 && stored.bits <= 26)) return "model: bad weight table size";
  const weights = new Float32Array(1 << stored.bits);
  const slots = readI32(stored.slots);
  const values = readF32(stored.values);
  if (slots.length !== values.length) return "model: slots and values differ in length";
  for (let i = 0; i < slots.length; i++) {
    const j = slots[i]!;
    if (j < 0 || j >= weights.length) return "model: weight slot out of range";
    weights[j] = values[i]!;
  }
  const model: FaqModel = { params: { ...DEFAULT_MODEL_PARAMS, ...stored.params }, classes: stored.classes, weights };
  if (stored.lsa) {
    const l = stored.lsa;
    const lsa: LsaModel = { dims: l.dims, terms: new Map(l.terms.map((t, i) => [t, i])), idf: readF32(l.idf), vecs: readF32(l.vecs) };
    if (lsa.idf.length !== l.terms.length || lsa.vecs.length !== l.terms.length * l.dims) return "model: LSA sizes do not match";
    model.lsa = lsa;
  }
  if (stored.ranker) {
    const r = stored.ranker;
    const ranker: Scorer = {
      hidden: r.hidden,
      mean: Float64Array.from(r.mean),
      sd: Float64Array.from(r.sd),
      nets: r.nets.map((n) => ({ w: Float64Array.from(n.w), h: Float64Array.from(n.h) })),
    };
    if (ranker.mean.length !== FEATURE_COUNT || ranker.nets.some((n) => n.w.length !== FEATURE_COUNT || n.h.length !== r.hidden * (FEATURE_COUNT + 2))) {
      return "model: ranker sizes do not match";
    }
    model.ranker = ranker;
  }
  return model;
}
