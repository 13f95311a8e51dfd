/**
 * The Taobao TMC (消息服务) binary frame protocol, as spoken over the WebSocket to
 * `ws://mc.api.taobao.com` (read from the public TOP SDKs). Little-endian throughout:
 *
 *   byte 0   protocol version (2)
 *   byte 1   message type: 0 CONNECT, 1 CONNECTACK, 2 SEND, 3 SENDACK
 *   then     [uint16 header type][value] pairs, ending with header type 0:
 *              1 custom:        string name, 1 format byte, value
 *              2 status code:   u32
 *              3 status phrase: string
 *              4 flag:          u32
 *              5 token:         string
 *   strings: u32 byte length + UTF-8.
 *   custom value formats: 0 void, 1 string, 2 byte, 3 int16, 4 int32, 5 int64,
 *                         6 date (int64 epoch ms), 7 byte array (u32 length + bytes).
 *
 * Pure (DataView, TextEncoder): runs in Node and Workers alike.
 */
export const TMC_PROTOCOL_VERSION = 2;

export const TmcMessageType = { CONNECT: 0, CONNECTACK: 1, SEND: 2, SENDACK: 3 } as const;
export type TmcMessageTypeValue = (typeof TmcMessageType)[keyof typeof TmcMessageType];

export const TmcHeader = { END: 0, CUSTOM: 1, STATUS_CODE: 2, STATUS_PHRASE: 3, FLAG: 4, TOKEN: 5 } as const;
export const TmcFormat = { VOID: 0, STRING: 1, BYTE: 2, INT16: 3, INT32: 4, INT64: 5, DATE: 6, BYTES: 7 } as const;

/** `__kind` of SEND frames: what the message asks for. */
export const TmcKind = { NONE: 0, PULL_REQUEST: 1, CONFIRM: 2, DATA: 3, FAILED: 20 } as const;

/** A number that must go out in a given width (e.g. `__kind` as int16). */
export interface TmcTypedInt {
  tmcFormat: "byte" | "int16" | "int32" | "int64";
  value: number | bigint;
}

/**
 * Decoded custom values: string; byte/int16/int32 → number; int64 → bigint (ids exceed 2^53);
 * date → Date; byte array → Uint8Array; void → null. Encoding: number → int32 when it fits,
 * else int64; bigint → int64; TmcTypedInt for an explicit width.
 */
export type TmcValue = string | number | bigint | Date | Uint8Array | null | TmcTypedInt;

export interface TmcFrame {
  protocolVersion: number;
  messageType: number;
  statusCode?: number;
  statusPhrase?: string;
  flag?: number;
  token?: string;
  content: Record<string, TmcValue>;
}

export class TmcFrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TmcFrameError";
  }
}

const enc = new TextEncoder();
const dec = new TextDecoder("utf-8", { fatal: true });

class Writer {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  private at = 0;

  private ensure(n: number): void {
    if (this.at + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.at + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.at));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  u8(v: number): void {
    this.ensure(1);
    this.view.setUint8(this.at, v);
    this.at += 1;
  }
  i16(v: number): void {
    this.ensure(2);
    this.view.setInt16(this.at, v, true);
    this.at += 2;
  }
  u16(v: number): void {
    this.ensure(2);
    this.view.setUint16(this.at, v, true);
    this.at += 2;
  }
  i32(v: number): void {
    this.ensure(4);
    this.view.setInt32(this.at, v, true);
    this.at += 4;
  }
  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.at, v, true);
    this.at += 4;
  }
  i64(v: bigint): void {
    this.ensure(8);
    this.view.setBigInt64(this.at, v, true);
    this.at += 8;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
  }
  string(s: string): void {
    const b = enc.encode(s);
    this.u32(b.length);
    this.bytes(b);
  }
  done(): Uint8Array {
    return this.buf.slice(0, this.at);
  }
}

class Reader {
  private readonly view: DataView;
  private at = 0;
  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  private need(n: number): void {
    if (this.at + n > this.buf.length) throw new TmcFrameError(`frame truncated at byte ${this.at} (needs ${n} more)`);
  }
  u8(): number {
    this.need(1);
    return this.view.getUint8(this.at++);
  }
  i8(): number {
    this.need(1);
    return this.view.getInt8(this.at++);
  }
  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.at, true);
    this.at += 2;
    return v;
  }
  i16(): number {
    this.need(2);
    const v = this.view.getInt16(this.at, true);
    this.at += 2;
    return v;
  }
  i32(): number {
    this.need(4);
    const v = this.view.getInt32(this.at, true);
    this.at += 4;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.at, true);
    this.at += 4;
    return v;
  }
  i64(): bigint {
    this.need(8);
    const v = this.view.getBigInt64(this.at, true);
    this.at += 8;
    return v;
  }
  bytes(n: number): Uint8Array {
    this.need(n);
    const b = this.buf.slice(this.at, this.at + n);
    this.at += n;
    return b;
  }
  string(): string {
    const n = this.u32();
    try {
      return dec.decode(this.bytes(n));
    } catch (e) {
      if (e instanceof TmcFrameError) throw e;
      throw new TmcFrameError("string is not valid UTF-8");
    }
  }
  get remaining(): number {
    return this.buf.length - this.at;
  }
}

function isTyped(v: TmcValue): v is TmcTypedInt {
  return typeof v === "object" && v !== null && !(v instanceof Date) && !(v instanceof Uint8Array) && "tmcFormat" in v;
}

function writeValue(w: Writer, v: TmcValue): void {
  if (v === null || v === undefined) {
    w.u8(TmcFormat.VOID);
  } else if (typeof v === "string") {
    w.u8(TmcFormat.STRING);
    w.string(v);
  } else if (typeof v === "bigint") {
    w.u8(TmcFormat.INT64);
    w.i64(v);
  } else if (typeof v === "number") {
    if (Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff) {
      w.u8(TmcFormat.INT32);
      w.i32(v);
    } else if (Number.isSafeInteger(v)) {
      w.u8(TmcFormat.INT64);
      w.i64(BigInt(v));
    } else {
      // non-integers have no format of their own: the SDKs send them as text
      w.u8(TmcFormat.STRING);
      w.string(String(v));
    }
  } else if (v instanceof Date) {
    w.u8(TmcFormat.DATE);
    w.i64(BigInt(v.getTime()));
  } else if (v instanceof Uint8Array) {
    w.u8(TmcFormat.BYTES);
    w.u32(v.length);
    w.bytes(v);
  } else if (isTyped(v)) {
    const n = v.value;
    switch (v.tmcFormat) {
      case "byte":
        w.u8(TmcFormat.BYTE);
        w.u8(Number(n) & 0xff);
        break;
      case "int16":
        w.u8(TmcFormat.INT16);
        w.i16(Number(n));
        break;
      case "int32":
        w.u8(TmcFormat.INT32);
        w.i32(Number(n));
        break;
      case "int64":
        w.u8(TmcFormat.INT64);
        w.i64(BigInt(n));
        break;
    }
  }
}

function readValue(r: Reader): TmcValue {
  const format = r.u8();
  switch (format) {
    case TmcFormat.VOID:
      return null;
    case TmcFormat.STRING:
      return r.string();
    case TmcFormat.BYTE:
      return r.i8();
    case TmcFormat.INT16:
      return r.i16();
    case TmcFormat.INT32:
      return r.i32();
    case TmcFormat.INT64:
      return r.i64();
    case TmcFormat.DATE:
      return new Date(Number(r.i64()));
    case TmcFormat.BYTES:
      return r.bytes(r.u32());
    default:
      throw new TmcFrameError(`unknown value format ${format}`);
  }
}

export function encodeTmcFrame(f: Partial<TmcFrame> & { messageType: number }): Uint8Array {
  const w = new Writer();
  w.u8(f.protocolVersion ?? TMC_PROTOCOL_VERSION);
  w.u8(f.messageType);
  if (f.statusCode !== undefined && f.statusCode > 0) {
    w.u16(TmcHeader.STATUS_CODE);
    w.u32(f.statusCode);
  }
  if (f.statusPhrase) {
    w.u16(TmcHeader.STATUS_PHRASE);
    w.string(f.statusPhrase);
  }
  if (f.flag !== undefined && f.flag > 0) {
    w.u16(TmcHeader.FLAG);
    w.u32(f.flag);
  }
  if (f.token) {
    w.u16(TmcHeader.TOKEN);
    w.string(f.token);
  }
  for (const [name, value] of Object.entries(f.content ?? {})) {
    w.u16(TmcHeader.CUSTOM);
    w.string(name);
    writeValue(w, value);
  }
  w.u16(TmcHeader.END);
  return w.done();
}

export function decodeTmcFrame(bytes: Uint8Array): TmcFrame {
  const r = new Reader(bytes);
  const frame: TmcFrame = { protocolVersion: r.u8(), messageType: r.u8(), content: {} };
  for (;;) {
    const header = r.u16();
    if (header === TmcHeader.END) break;
    switch (header) {
      case TmcHeader.CUSTOM: {
        const name = r.string();
        frame.content[name] = readValue(r);
        break;
      }
      case TmcHeader.STATUS_CODE:
        frame.statusCode = r.u32();
        break;
      case TmcHeader.STATUS_PHRASE:
        frame.statusPhrase = r.string();
        break;
      case TmcHeader.FLAG:
        frame.flag = r.u32();
        break;
      case TmcHeader.TOKEN:
        frame.token = r.string();
        break;
      default:
        throw new TmcFrameError(`unknown header type ${header}`);
    }
  }
  return frame;
}

/** A custom value as a JS number when it is an integer of any width (e.g. `__kind`). */
export function tmcInt(v: TmcValue | undefined): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string" && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
}

/** A custom value as text (ids of any integer width, strings). */
export function tmcText(v: TmcValue | undefined): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  if (v instanceof Date) return String(v.getTime());
  return undefined;
}

/** `__kind` goes out as int16, as in the Java SDK (MessageKind constants are shorts). */
export function tmcKind(kind: number): TmcTypedInt {
  return { tmcFormat: "int16", value: kind };
}
