/**
 * A compact binary form for a built FAQ matcher's state (compact-model.ts): plain values,
 * typed arrays, Maps, Sets and instances of a few known classes, encoded into one
 * Uint8Array: a JSON header describing the tree, then every typed array's bytes (aligned to
 * 8, so the decoder can take views without copying). Mostly-zero arrays (the model's
 * hashed weight table, a matcher's scratch buffers) keep only their non-zero slots; Int32
 * arrays as varint gaps where each gap fits 16 bits (postings and offsets rise in runs), else
 * in 16 bits where their values fit; float arrays of small whole numbers (term frequencies,
 * lengths) in a byte each.
 *
 * Bit-exact by construction: numbers travel as the bytes of their typed arrays or as JSON
 * numbers (which round-trip every double), so a decoded matcher computes exactly what the
 * encoded one would. Objects met twice (a vocabulary Map shared by two indexes, the LSA
 * model shared by the model and the scorer's features) are encoded once and decoded as
 * one object again. Pure; no Node API (runs in Workers).
 */

type Typed = Float32Array | Float64Array | Int32Array | Uint32Array | Uint8Array | Int8Array | Uint16Array | Int16Array;

const TYPED = { Float32Array, Float64Array, Int32Array, Uint32Array, Uint8Array, Int8Array, Uint16Array, Int16Array } as const;
type TypedName = keyof typeof TYPED;

/** An encoded value: JSON primitives as they are, everything else a tagged object. */
type Node =
  | null
  | boolean
  | number
  | string
  | { k: "U" }
  | { k: "N"; v: string }
  | { k: "R"; i: number }
  | { k: "A"; v: Node[] }
  | { k: "O"; c?: string; v: Record<string, Node> }
  | { k: "M"; ks: Node; vs: Node }
  | { k: "E"; v: Node }
  | { k: "T"; t: TypedName; o: number; n: number }
  | { k: "Z"; t: TypedName; n: number }
  | { k: "W"; o: number; n: number }
  | { k: "B"; t: TypedName; o: number; n: number }
  | { k: "G"; o: number; b: number; n: number }
  | { k: "S"; t: TypedName; n: number; so: number; sn: number; vo: number };

/**
 * Classes whose instances may be encoded, restored with their prototype and the fields as
 * stored. A class may leave out fields it can compute again (`compactSkip`): the decoder then
 * calls the instance's `compactRevive()` once its stored fields are back.
 */
export type ClassTable = Record<string, { prototype: object; compactSkip?: readonly string[] }>;

const ALIGN = 8;

export function encodeCompact(value: unknown, classes: ClassTable): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const put = (a: Typed): number => {
    const at = size;
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    chunks.push(bytes);
    size += bytes.length;
    const pad = (ALIGN - (size % ALIGN)) % ALIGN;
    if (pad > 0) {
      chunks.push(new Uint8Array(pad));
      size += pad;
    }
    return at;
  };
  const seen = new Map<object, number>();
  const classOf = new Map<object, string>(Object.entries(classes).map(([name, c]) => [c.prototype, name]));
  const skipOf = (c: string | undefined) => new Set(c === undefined ? [] : (classes[c]!.compactSkip ?? []));

  const typed = (a: Typed): Node => {
    const t = a.constructor.name as TypedName;
    if (!(t in TYPED)) throw new Error(`compact: unsupported array ${t}`);
    let nonZero = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== 0 || Object.is(a[i], -0)) nonZero++;
    if (nonZero === 0) return { k: "Z", t, n: a.length };
    // sparse when the slots and values take less than the dense bytes
    if (nonZero * (4 + a.BYTES_PER_ELEMENT) < a.byteLength) {
      const slots = new Int32Array(nonZero);
      const vals = new TYPED[t](nonZero);
      let j = 0;
      for (let i = 0; i < a.length; i++) {
        if (a[i] !== 0 || Object.is(a[i], -0)) {
          slots[j] = i;
          vals[j++] = a[i]!;
        }
      }
      return { k: "S", t, n: a.length, so: put(slots), sn: nonZero, vo: put(vals) };
    }
    // counts held as floats (term frequencies, document lengths) are mostly small whole numbers: a byte each
    if ((t === "Float32Array" || t === "Float64Array") && a.every((x) => Number.isInteger(x) && x >= 0 && x <= 0xff && !Object.is(x, -0))) {
      return { k: "B", t, o: put(Uint8Array.from(a)), n: a.length };
    }
    // postings, offsets and document → entry maps rise in runs: each value's gap from the one
    // before, a varint of a byte or two, compresses far better than the value (the bundle is
    // uploaded gzipped and parsed as base64 text)
    if (t === "Int32Array" && smallGaps(a as Int32Array)) {
      const gaps = gaps16(a as Int32Array);
      return { k: "G", o: put(gaps), b: gaps.length, n: a.length };
    }
    // other ids (term, character) mostly fit 16 bits: half the bytes, widened on decode
    if (t === "Int32Array" && a.every((x) => x >= 0 && x <= 0xffff)) return { k: "W", o: put(Uint16Array.from(a)), n: a.length };
    return { k: "T", t, o: put(a), n: a.length };
  };

  const enc = (v: unknown): Node => {
    if (v === undefined) return { k: "U" };
    if (v === null || typeof v === "boolean" || typeof v === "string") return v;
    if (typeof v === "number") return Number.isFinite(v) && !Object.is(v, -0) ? v : { k: "N", v: Object.is(v, -0) ? "-0" : String(v) };
    if (typeof v !== "object") throw new Error(`compact: cannot encode a ${typeof v}`);
    const ref = seen.get(v);
    if (ref !== undefined) return { k: "R", i: ref };
    seen.set(v, seen.size);
    if (ArrayBuffer.isView(v)) return typed(v as Typed);
    if (Array.isArray(v)) return { k: "A", v: v.map(enc) };
    if (v instanceof Map) return { k: "M", ks: enc([...v.keys()]), vs: enc([...v.values()]) };
    if (v instanceof Set) return { k: "E", v: enc([...v]) };
    const proto = Object.getPrototypeOf(v);
    const c = proto === Object.prototype ? undefined : classOf.get(proto);
    if (proto !== Object.prototype && c === undefined) throw new Error(`compact: instances of ${proto?.constructor?.name} are not in the class table`);
    const fields: Record<string, Node> = {};
    const skip = skipOf(c);
    for (const [key, x] of Object.entries(v)) if (!skip.has(key)) fields[key] = enc(x);
    return c === undefined ? { k: "O", v: fields } : { k: "O", c, v: fields };
  };

  const header = new TextEncoder().encode(JSON.stringify(enc(value)));
  // [u32 header length][header][pad to 8][arrays]
  const start = Math.ceil((4 + header.length) / ALIGN) * ALIGN;
  const out = new Uint8Array(start + size);
  new DataView(out.buffer).setUint32(0, header.length, true);
  out.set(header, 4);
  let at = start;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Decodes what encodeCompact wrote. Typed arrays are views into `bytes` (which must start at
 * offset 0 of its buffer, as a fresh decode does): the caller gives each decoded value its
 * own bytes, since a matcher writes into its scratch arrays.
 */
export function decodeCompact(bytes: Uint8Array, classes: ClassTable): unknown {
  if (bytes.byteOffset % ALIGN !== 0) throw new Error("compact: bytes must be 8-aligned");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = view.getUint32(0, true);
  const root = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headerLen))) as Node;
  const base = bytes.byteOffset + Math.ceil((4 + headerLen) / ALIGN) * ALIGN;
  const objects: unknown[] = [];
  const arr = (t: TypedName, o: number, n: number): Typed => new TYPED[t](bytes.buffer as ArrayBuffer, base + o, n);

  const dec = (x: Node): unknown => {
    if (x === null || typeof x !== "object") return x;
    switch (x.k) {
      case "U":
        return undefined;
      case "N":
        return x.v === "-0" ? -0 : Number(x.v);
      case "R":
        return objects[x.i];
      default:
    }
    const slot = objects.length;
    objects.push(undefined);
    const keep = <T>(v: T): T => {
      objects[slot] = v;
      return v;
    };
    switch (x.k) {
      case "T":
        return keep(arr(x.t, x.o, x.n));
      case "Z":
        return keep(new TYPED[x.t](x.n));
      case "W":
        return keep(new Int32Array(arr("Uint16Array", x.o, x.n)));
      case "B":
        return keep(new TYPED[x.t](arr("Uint8Array", x.o, x.n)));
      case "G":
        return keep(fromGaps16(arr("Uint8Array", x.o, x.b) as Uint8Array, x.n));
      case "S": {
        const out = keep(new TYPED[x.t](x.n));
        const slots = arr("Int32Array", x.so, x.sn);
        const vals = arr(x.t, x.vo, x.sn);
        for (let i = 0; i < x.sn; i++) out[slots[i]!] = vals[i]!;
        return out;
      }
      case "A": {
        // an array of plain values (a vocabulary's terms, tens of thousands) is taken whole,
        // without a call per item: this runs once per isolate, as cold code
        let plain = true;
        for (let i = 0; plain && i < x.v.length; i++) plain = x.v[i] === null || typeof x.v[i] !== "object";
        if (plain) return keep(x.v);
        const out = keep([] as unknown[]);
        for (const y of x.v) out.push(dec(y));
        return out;
      }
      case "M": {
        const out = keep(new Map());
        const ks = dec(x.ks) as unknown[];
        const vs = dec(x.vs) as unknown[];
        for (let i = 0; i < ks.length; i++) out.set(ks[i], vs[i]);
        return out;
      }
      case "E":
        return keep(new Set(dec(x.v) as unknown[]));
      case "O": {
        const cls = x.c === undefined ? undefined : classes[x.c];
        if (x.c !== undefined && !cls) throw new Error(`compact: unknown class ${x.c}`);
        const out = keep(cls ? Object.create(cls.prototype) : {}) as Record<string, unknown>;
        for (const [key, y] of Object.entries(x.v)) out[key] = dec(y);
        (out as { compactRevive?: () => void }).compactRevive?.();
        return out;
      }
    }
  };
  return dec(root);
}

/** Whether every value's difference from the one before (the first's from 0) fits a signed 16-bit number. */
function smallGaps(a: Int32Array): boolean {
  for (let i = 0, prev = 0; i < a.length; prev = a[i++]!) {
    const d = a[i]! - prev;
    if (d < -0x8000 || d > 0x7fff) return false;
  }
  return true;
}

/**
 * The gaps of an array smallGaps accepts, zigzagged (0, −1, 1, −2 … → 0, 1, 2, 3 …: a list
 * that starts again lower, the next term's postings, is a small number too) and written as
 * LEB128 varints (7 bits a byte): mostly one byte each.
 */
function gaps16(a: Int32Array): Uint8Array {
  const out = new Uint8Array(3 * a.length);
  let w = 0;
  for (let i = 0, prev = 0; i < a.length; prev = a[i++]!) {
    const d = a[i]! - prev;
    let g = (d << 1) ^ (d >> 31);
    while (g >= 0x80) {
      out[w++] = (g & 0x7f) | 0x80;
      g >>>= 7;
    }
    out[w++] = g;
  }
  return out.slice(0, w);
}

/** The values gaps16 took apart: a running sum of the gaps. */
function fromGaps16(bytes: Uint8Array, n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0, r = 0, v = 0; i < n; i++) {
    let b = bytes[r++]!;
    let g = b & 0x7f;
    for (let shift = 7; b & 0x80; shift += 7) {
      b = bytes[r++]!;
      g |= (b & 0x7f) << shift;
    }
    out[i] = v = (v + ((g >>> 1) ^ -(g & 1))) | 0;
  }
  return out;
}

/** Base64 for embedding in a JS bundle: the platform's own codec where it has one. */
export function bytesToBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function base64ToBytes(b64: string): Uint8Array {
  const native = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array }).fromBase64;
  if (native) return native(b64);
  // Node before 25 has no Uint8Array.fromBase64, but Buffer decodes natively (the benches and tests run there)
  const buffer = (globalThis as { Buffer?: { from(s: string, enc: "base64"): Uint8Array } }).Buffer;
  if (buffer) {
    const b = buffer.from(b64, "base64");
    // decodeCompact takes views from offset 0 of the bytes' buffer: a pooled small Buffer is copied out
    return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? new Uint8Array(b.buffer, 0, b.byteLength) : new Uint8Array(b);
  }
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
