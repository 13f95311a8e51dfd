/**
 * GET /api/agent/events: Server-Sent Events for the agent console. Pushes a `chats` event
 * (my chats and the shop's waiting queue, most urgent first) whenever that snapshot changes,
 * and a comment line every 15 s so proxies keep the stream open.
 *
 * Auth is the usual bearer header: the console reads the stream with fetch() and a
 * ReadableStream (EventSource cannot send headers), so tokens never appear in URLs or logs.
 * The stream itself (wake-ups, heartbeat, end) is src/http/sse.ts.
 */
import type { Context } from "hono";
import { listOpenChats } from "../../../services/chats.js";
import type { AppEnv } from "../../env.js";
import { presentChat } from "../../present.js";
import { streamShopChanges } from "../../sse.js";

export const route = { method: "GET", path: "/events" } as const;

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
  return streamShopChanges(c, c.var.shop.config.id, async () => {
    const snap = await agentSnapshot(c);
    return { fingerprint: snap.fingerprint, event: "chats", data: { serverNow: snap.serverNow, chats: snap.chats, queue: snap.queue } };
  });
}
