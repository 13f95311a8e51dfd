/**
 * Where platform pushes join the pipeline: chat events go to ingestEvents (store, de-duplicate
 * on platform + shop + id, decide, route), every other item is kept in platform_records
 * (de-duplicated on platform + shop + record id). Records are stored first: they are cheap and
 * never fail the batch for the chat messages beside them.
 */
import { eventToJson, type ChatEvent } from "../core/events.js";
import { splitItems, type PlatformRecord, type PushItem } from "../core/platforms/types.js";
import { platformRecords } from "../store/schema/index.js";
import type { ServiceContext } from "./context.js";
import { eventsOutsideWindow, ingestEvents, refuseStrayTimes } from "./ingest.js";

export interface PlatformIngestResult {
  /** chat events stored and acted on */
  accepted: number;
  /** chat events already stored (re-deliveries) */
  duplicates: number;
  /** non-chat records kept */
  records: number;
  /** non-chat records already kept */
  recordDuplicates: number;
}

/** one record, positional: only this module stores them, once per record of a push */
async function storePlatformRecord(ctx: ServiceContext, r: PlatformRecord): Promise<boolean> {
  const rows = await ctx.db
    .insert(platformRecords)
    .values({
      shop: r.shop,
      platform: r.platform,
      recordId: r.id,
      kind: r.kind,
      category: r.category,
      at: r.at ?? null,
      buyer: r.buyer ?? null,
      orderId: r.orderId ?? null,
      payload: r.payload === undefined ? null : JSON.stringify(r.payload),
      problem: r.problem ?? null,
      receivedAt: ctx.now(),
    })
    .onConflictDoNothing()
    .returning({ seq: platformRecords.seq });
  return rows.length > 0;
}

export interface PlatformIngestInput {
  shopId: string;
  items: PushItem[];
  /**
   * A chat event whose `at` is outside the live window (EVENT_MAX_AHEAD_SECONDS,
   * EVENT_MAX_AGE_DAYS): "refuse" (webhooks, default) answers 400 invalid_event naming `at`,
   * and nothing of the push is stored; "keep" (Taobao TMC, which cannot be answered a 400 and
   * would re-deliver a refused message for ever) keeps it as a chat-unmapped record instead.
   */
  strayTimes?: "refuse" | "keep";
}

/** One unit: a push's records and chat events commit together, before the platform is acked. */
export function ingestPlatformItems(args: { ctx: ServiceContext; input: PlatformIngestInput }): Promise<PlatformIngestResult> {
  const { events } = splitItems(args.input.items);
  if ((args.input.strayTimes ?? "refuse") === "refuse") refuseStrayTimes({ ctx: args.ctx, input: { events, batch: events.length > 1 } });
  return args.ctx.transact(() => ingestItems(args));
}

/** A chat event outside the live window, kept where nothing acts on it (and still visible). */
function strayRecord(e: ChatEvent, problem: string): PlatformRecord {
  return { platform: e.platform, shop: e.shop, id: e.id, kind: "chat", category: "chat-unmapped", at: e.at, payload: eventToJson(e), problem };
}

async function ingestItems({ ctx, input }: { ctx: ServiceContext; input: PlatformIngestInput }): Promise<PlatformIngestResult> {
  const split = splitItems(input.items);
  const stray = new Map(input.strayTimes === "keep" ? eventsOutsideWindow({ ctx, input: { events: split.events } }).map((s) => [s.index, s.message]) : []);
  const events = split.events.filter((_, i) => !stray.has(i));
  const records = [...split.records, ...split.events.flatMap((e, i) => (stray.has(i) ? [strayRecord(e, stray.get(i)!)] : []))];
  const result: PlatformIngestResult = { accepted: 0, duplicates: 0, records: 0, recordDuplicates: 0 };
  for (const r of records) {
    if (await storePlatformRecord(ctx, r)) {
      result.records++;
      if (r.category === "chat-unmapped") ctx.log.warn("platform chat push could not be mapped; kept in platform_records", { platform: r.platform, shop: r.shop, id: r.id, kind: r.kind, problem: r.problem });
    } else result.recordDuplicates++;
  }
  if (events.length > 0) {
    const r = await ingestEvents({ ctx, input: { shopId: input.shopId, events } });
    result.accepted = r.accepted;
    result.duplicates = r.duplicates;
  }
  return result;
}
