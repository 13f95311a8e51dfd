/**
 * GET /api/agent/events: Server-Sent Events for the agent console. Pushes a `chats` event
 * (my chats and the shop's waiting queue, most urgent first) whenever that snapshot changes,
 * and a comment line every 15 s so proxies keep the stream open.
 *
 * Auth is the usual bearer header: the console reads the stream with fetch() and a
 * ReadableStream (EventSource cannot send headers), so tokens never appear in URLs or logs.
 *
 * It wakes at once on an in-process change (services/changes.ts) and re-polls every
 * `POLL_MS` anyway, which is what keeps it correct on Workers where isolates share nothing.
 */
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { listOpenChats } from "../../../services/chats.js";
import { changeWaiter, streamsSignal } from "../../../services/changes.js";
import type { AppEnv } from "../../env.js";
import { presentChat } from "../../present.js";

export const route = { method: "GET", path: "/events" } as const;

export const POLL_MS = 3_000;
const HEARTBEAT_MS = 15_000;
/** streams end after this long; the console reconnects (keeps Workers requests bounded) */
const MAX_STREAM_MS = 10 * 60_000;

type Presented = ReturnType<typeof presentChat>;

/** What decides "changed": everything but the seconds left, which moves every second. */
function fingerprint(chats: Presented[], queue: Presented[]): string {
  const strip = ({ secondsLeft: _s, ...rest }: Presented) => rest;
  return JSON.stringify([chats.map(strip), queue.map(strip)]);
}

export async function agentSnapshot(c: Context<AppEnv>) {
  const { ctx, shop, agent } = c.var;
  const now = ctx.now();
  const [mine, waiting] = await Promise.all([
    listOpenChats(ctx, shop.config.id, { agentId: agent.id }),
    listOpenChats(ctx, shop.config.id, { unassigned: true }),
  ]);
  const chats = mine.map((r) => presentChat(r, now));
  const queue = waiting.map((r) => presentChat(r, now));
  return { serverNow: now, chats, queue, fingerprint: fingerprint(chats, queue) };
}

export async function handler(c: Context<AppEnv>) {
  const shopId = c.var.shop.config.id;
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
        const snap = await agentSnapshot(c);
        if (snap.fingerprint !== last) {
          last = snap.fingerprint;
          await stream.writeSSE({ event: "chats", id: String(++id), data: JSON.stringify({ serverNow: snap.serverNow, chats: snap.chats, queue: snap.queue }) });
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
