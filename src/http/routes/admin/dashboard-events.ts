/**
 * GET /api/admin/dashboard/events?shop=: Server-Sent Events for the dashboard. Sends a
 * `changed` event whenever the shop's stored messages or open chats change (in-process
 * notification or a re-poll every few seconds, see services/changes.ts); the page then
 * fetches /api/admin/dashboard again. Bearer header as everywhere (read with fetch()).
 */
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { and, count, eq, inArray, max } from "drizzle-orm";
import { changeWaiter, streamsSignal } from "../../../services/changes.js";
import { OPEN_STATUSES } from "../../../services/chats.js";
import { chats, events } from "../../../store/schema/index.js";
import type { AppEnv } from "../../env.js";

export const route = { method: "GET", path: "/dashboard/events" } as const;

const POLL_MS = 3_000;
const HEARTBEAT_MS = 15_000;
const MAX_STREAM_MS = 10 * 60_000;

export async function handler(c: Context<AppEnv>) {
  const { ctx, shop } = c.var;
  const shopId = shop.config.id;
  const fingerprint = async () => {
    const [[e], [ch]] = await Promise.all([
      ctx.db.select({ seq: max(events.seq) }).from(events).where(eq(events.shop, shopId)),
      ctx.db
        .select({ n: count(), updated: max(chats.updatedAt) })
        .from(chats)
        .where(and(eq(chats.shop, shopId), inArray(chats.status, [...OPEN_STATUSES]))),
    ]);
    return `${e?.seq ?? 0}/${ch?.n ?? 0}/${ch?.updated ?? 0}`;
  };
  return streamSSE(c, async (stream) => {
    const abort = new AbortController();
    const changes = changeWaiter(shopId);
    stream.onAbort(() => abort.abort());
    const shutdown = streamsSignal(c.var.ctx);
    const onShutdown = () => abort.abort();
    if (shutdown.aborted) abort.abort();
    else shutdown.addEventListener("abort", onShutdown, { once: true });
    const started = Date.now();
    let last = "";
    let lastWrite = Date.now();
    try {
      while (!abort.signal.aborted && Date.now() - started < MAX_STREAM_MS) {
        const fp = await fingerprint();
        if (fp !== last) {
          last = fp;
          await stream.writeSSE({ event: "changed", data: JSON.stringify({ fingerprint: fp }) });
          lastWrite = Date.now();
        } else if (Date.now() - lastWrite >= HEARTBEAT_MS) {
          await stream.write(": ping\n\n");
          lastWrite = Date.now();
        }
        if ((await changes.wait(POLL_MS, abort.signal)) === "aborted") break;
      }
    } finally {
      shutdown.removeEventListener("abort", onShutdown);
      changes.close();
    }
  });
}
