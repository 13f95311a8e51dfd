/**
 * The `report` file path: stream a JSON Lines file into compact columns (typed arrays and
 * interned strings, not one object per event), sort once by conversation and time, then run
 * the pure engine conversation by conversation. Keeps 1,000,000 events well under 300 MB.
 */
import { parseEvent, platformIds, type BotMode, type Platform, type Sender } from "../core/events.js";
import { Aggregates } from "../core/compliance/aggregate.js";
import { rankOf } from "../core/compliance/order.js";
import type { ConversationRef, EngineEvent, ExplainItem, RulesFor } from "../core/compliance/types.js";
import { readLineBatches } from "./jsonl.js";

export interface SkippedLine {
  line: number;
  error: string;
}

/** Sender and type in one byte; the order of this list is the code. */
const CODES: Array<{ from: Sender; type: "message" | "assigned" }> = [
  { from: "system", type: "assigned" },
  { from: "buyer", type: "message" },
  { from: "human", type: "message" },
  { from: "bot", type: "message" },
  { from: "internal", type: "message" },
  { from: "staff", type: "message" },
  { from: "system", type: "message" },
];
const MODES: Array<BotMode | undefined> = [undefined, "assist", "auto"];
const MESSAGE_CODE = Object.fromEntries(CODES.map((c, i) => [c.from, i]).filter(([, i]) => i !== 0)) as Record<Sender, number>;

class Interner {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  of(v: string | undefined): number {
    if (v === undefined) return -1;
    let i = this.index.get(v);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(v);
      this.index.set(v, i);
    }
    return i;
  }
  get(i: number): string | undefined {
    return i < 0 ? undefined : this.values[i];
  }
}

/** Growable columns of events. */
export class EventColumns {
  length = 0;
  conv = new Int32Array(1 << 16);
  at = new Float64Array(1 << 16);
  code = new Uint8Array(1 << 16);
  agent = new Int32Array(1 << 16);
  bot = new Int32Array(1 << 16);
  mode = new Uint8Array(1 << 16);
  /** message texts, interned (only when loaded with `text: true`: the figures never need them) */
  text: Int32Array | undefined;
  readonly texts = new Interner();
  /** ids as UTF-8 bytes in one buffer: a million small strings would cost ~3x the memory */
  private idBytes = Buffer.alloc(1 << 20);
  private idEnd = new Uint32Array(1 << 16);
  private idUsed = 0;
  readonly convs: ConversationRef[] = [];
  /** shop → conversation → index, one map per platform: no key string built per event */
  private readonly convIndex = Object.fromEntries(platformIds().map((p) => [p, new Map()])) as Record<Platform, Map<string, Map<string, number>>>;
  readonly strings = new Interner();

  private grow(): void {
    const n = this.conv.length * 2;
    const g = <T extends Int32Array | Uint32Array | Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.conv = g(this.conv, (k) => new Int32Array(k));
    this.at = g(this.at, (k) => new Float64Array(k));
    this.code = g(this.code, (k) => new Uint8Array(k));
    this.agent = g(this.agent, (k) => new Int32Array(k));
    this.bot = g(this.bot, (k) => new Int32Array(k));
    this.mode = g(this.mode, (k) => new Uint8Array(k));
    this.idEnd = g(this.idEnd, (k) => new Uint32Array(k));
    if (this.text) this.text = g(this.text, (k) => new Int32Array(k));
  }

  private pushId(i: number, id: string): void {
    const need = Buffer.byteLength(id);
    if (this.idUsed + need > this.idBytes.length) {
      const b = Buffer.alloc(Math.max(this.idBytes.length * 2, this.idUsed + need));
      this.idBytes.copy(b, 0, 0, this.idUsed);
      this.idBytes = b;
    }
    this.idUsed += this.idBytes.write(id, this.idUsed, "utf8");
    this.idEnd[i] = this.idUsed;
  }

  id(i: number): string {
    return this.idBytes.toString("utf8", i === 0 ? 0 : this.idEnd[i - 1]!, this.idEnd[i]!);
  }

  push(e: { platform: Platform; shop: string; conversation: string; id: string; at: number; from: Sender; type: string; agent?: string; bot?: string; mode?: BotMode; text?: string }): void {
    if (this.length === this.conv.length) this.grow();
    let byShop = this.convIndex[e.platform].get(e.shop);
    if (!byShop) this.convIndex[e.platform].set(e.shop, (byShop = new Map()));
    let c = byShop.get(e.conversation);
    if (c === undefined) {
      c = this.convs.length;
      this.convs.push({ platform: e.platform, shop: e.shop, conversation: e.conversation });
      byShop.set(e.conversation, c);
    }
    const i = this.length++;
    this.conv[i] = c;
    this.at[i] = e.at;
    this.code[i] = e.type === "assigned" ? 0 : MESSAGE_CODE[e.from];
    this.agent[i] = this.strings.of(e.agent);
    this.bot[i] = this.strings.of(e.bot);
    this.mode[i] = e.mode === "assist" ? 1 : e.mode === "auto" ? 2 : 0;
    this.pushId(i, e.id);
    if (this.text) this.text[i] = this.texts.of(e.text);
  }

  /** The text of event i (undefined when texts were not loaded or the message has none). */
  textOf(i: number): string | undefined {
    return this.text ? this.texts.get(this.text[i]!) : undefined;
  }

  event(i: number): EngineEvent {
    const { from, type } = CODES[this.code[i]!]!;
    const e: EngineEvent = { id: this.id(i), at: this.at[i]!, from, type };
    const agent = this.strings.get(this.agent[i]!);
    if (agent !== undefined) e.agent = agent;
    const bot = this.strings.get(this.bot[i]!);
    if (bot !== undefined) e.bot = bot;
    const mode = MODES[this.mode[i]!];
    if (mode !== undefined) e.mode = mode;
    return e;
  }

  private order: Uint32Array | undefined;

  /** Event indices by conversation, time, then the engine's tie-break (order.ts); sorted once. */
  sortedOrder(): Uint32Array {
    if (this.order?.length === this.length) return this.order;
    const order = new Uint32Array(this.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
    const { conv, at, code } = this;
    const rank = CODES.map((c) => rankOf(c));
    order.sort((a, b) => {
      const d = conv[a]! - conv[b]! || at[a]! - at[b]! || rank[code[a]!]! - rank[code[b]!]!;
      if (d !== 0) return d;
      const ia = this.id(a);
      const ib = this.id(b);
      return ia < ib ? -1 : ia > ib ? 1 : 0;
    });
    this.order = order;
    return order;
  }
}

export interface LoadOptions {
  /** keep only this shop's events */
  shop?: string;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** keep message texts (the what-if replay reads them; the figures do not) */
  text?: boolean;
}

export interface Loaded {
  columns: EventColumns;
  skipped: SkippedLine[];
}

export async function loadEventsFile(path: string, options: LoadOptions = {}): Promise<Loaded> {
  const columns = new EventColumns();
  if (options.text) columns.text = new Int32Array(columns.conv.length);
  const skipped: SkippedLine[] = [];
  for await (const batch of readLineBatches(path)) {
    for (let k = 0; k < batch.lines.length; k++) {
      const text = batch.lines[k]!;
      if (text.trim() === "") continue;
      const line = batch.firstLine + k;
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (err) {
        skipped.push({ line, error: `invalid JSON: ${err instanceof Error ? err.message : String(err)}` });
        continue;
      }
      const parsed = parseEvent(raw);
      if (!parsed.ok) {
        skipped.push({ line, error: `${parsed.error.field}: ${parsed.error.message}` });
        continue;
      }
      if (options.shop !== undefined && parsed.event.shop !== options.shop) continue;
      columns.push(parsed.event);
    }
    options.onProgress?.(batch.bytesRead, batch.totalBytes);
  }
  return { columns, skipped };
}

export interface Computed {
  aggregates: Aggregates;
  /** late and excluded items only (what `--explain` lists) */
  items: ExplainItem[];
}

/**
 * Each conversation of the loaded columns in turn: its events sorted and de-duplicated, and
 * each event's index in the columns (for what the engine events do not carry, the text).
 */
export function forEachConversation(columns: EventColumns, visit: (ref: ConversationRef, events: EngineEvent[], indices: number[]) => void): void {
  const order = columns.sortedOrder();
  let i = 0;
  while (i < order.length) {
    const c = columns.conv[order[i]!]!;
    const events: EngineEvent[] = [];
    const indices: number[] = [];
    const seen = new Set<string>();
    for (; i < order.length && columns.conv[order[i]!] === c; i++) {
      const e = columns.event(order[i]!);
      if (seen.has(e.id)) continue; // the id is the platform's de-duplication key
      seen.add(e.id);
      events.push(e);
      indices.push(order[i]!);
    }
    visit(columns.convs[c]!, events, indices);
  }
}

import { addConversation } from "../core/compliance/batch.js";
export { addConversation };

/** Runs the engine over every conversation of the loaded columns. */
export function computeFromColumns(columns: EventColumns, rulesFor: RulesFor, explain: boolean): Computed {
  const aggregates = new Aggregates();
  const items: ExplainItem[] = [];
  forEachConversation(columns, (ref, events) => addConversation(aggregates, explain ? items : undefined, ref, events, rulesFor));
  return { aggregates, items };
}
