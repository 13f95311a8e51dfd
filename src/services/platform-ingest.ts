/**
 * Where platform pushes join the pipeline: chat events go to ingestEvents (store, de-duplicate
 * on platform + shop + id, decide, route), every other item is kept in platform_records
 * (de-duplicated on platform + shop + record id). Records are stored first: they are cheap and
 * never fail the batch for the chat messages beside them.
 */
import { splitItems, type PlatformRecord, type PushItem } from "../core/platforms/types.js";
import { platformRecords } from "../store/schema/index.js";
import type { ServiceContext } from "./context.js";
import { ingestEvents } from "./ingest.js";

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

export async function storePlatformRecord(ctx: ServiceContext, r: PlatformRecord): Promise<boolean> {
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

/** One unit: a push's records and chat events commit together, before the platform is acked. */
export function ingestPlatformItems(args: { ctx: ServiceContext; input: { shopId: string; items: PushItem[] } }): Promise<PlatformIngestResult> {
  return args.ctx.transact(() => ingestItems(args));
}

async function ingestItems({ ctx, input }: { ctx: ServiceContext; input: { shopId: string; items: PushItem[] } }): Promise<PlatformIngestResult> {
  const { events, records } = splitItems(input.items);
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
