/**
 * A live stream of a shop's changes as Server-Sent Events: it sends an event whenever the
 * snapshot's fingerprint changes, a comment line every 15 s so proxies keep it open, and ends
 * after 10 minutes (the client reconnects), when the client goes, or when the server closes.
 * It wakes at once on an in-process change (services/changes.ts) and re-polls every few
 * seconds anyway, which is what keeps it correct on Workers, where isolates share nothing.
 */
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { changeWaiter, streamsSignal } from "../services/changes.js";
import type { AppEnv } from "./env.js";

export const POLL_MS = 3_000;
const HEARTBEAT_MS = 15_000;
const MAX_STREAM_MS = 10 * 60_000;

export interface Snapshot {
  /** what decides "changed" */
  fingerprint: string;
  event: string;
  data: unknown;
}

export function streamShopChanges(c: Context<AppEnv>, shopId: string, snapshot: () => Promise<Snapshot>) {
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
    let id = 0;
    try {
      while (!abort.signal.aborted && Date.now() - started < MAX_STREAM_MS) {
        const snap = await snapshot();
        if (snap.fingerprint !== last) {
          last = snap.fingerprint;
          await stream.writeSSE({ event: snap.event, id: String(++id), data: JSON.stringify(snap.data) });
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
